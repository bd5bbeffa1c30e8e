/// One ATT protocol data unit: decoded from, and encoded to, the bytes of one L2CAP ATT datagram.
///
/// Layouts (little-endian, after the opcode byte):
/// ```
/// 0x01 Error Response              request_opcode(1) handle(2) error(1)
/// 0x02/0x03 Exchange MTU Req/Rsp   mtu(2)
/// 0x04 Find Information Req        start(2) end(2)
/// 0x05 Find Information Rsp        format(1: 1 = 16-bit, 2 = 128-bit) [handle(2) uuid(2|16)]…
/// 0x08 Read By Type Req            start(2) end(2) type(2|16)
/// 0x09 Read By Type Rsp            length(1) [handle(2) value(length − 2)]…
/// 0x0A/0x0B Read Req/Rsp           handle(2) / value
/// 0x10 Read By Group Type Req      start(2) end(2) group_type(2|16)
/// 0x11 Read By Group Type Rsp      length(1) [start(2) end_group(2) value(length − 4)]…
/// 0x12/0x13 Write Req/Rsp          handle(2) value / (empty)
/// 0x52 Write Command               handle(2) value
/// 0x1B Handle Value Notification   handle(2) value
/// 0x1D/0x1E Indication/Confirmation handle(2) value / (empty)
/// ```
/// Any other opcode decodes as ``other(opcode:parameters:)``, so decoding never fails on an opcode alone.
///
/// - SeeAlso: Bluetooth Core Specification, Vol 3 Part F (ATT); BlueZ `src/shared/att-types.h`.
public enum ATTPDU: Sendable, Hashable {
    /// 0x01: the request with opcode `request` on `handle` failed with `error`.
    case errorResponse(request: ATTOpcode, handle: UInt16, error: ATTErrorCode)
    /// 0x02: the client's receive MTU.
    case exchangeMTURequest(clientMTU: UInt16)
    /// 0x03: the server's receive MTU.
    case exchangeMTUResponse(serverMTU: UInt16)
    /// 0x04: list the handles and types of the attributes in `start...end`.
    case findInformationRequest(start: UInt16, end: UInt16)
    /// 0x05: handles and types, in handle order.
    case findInformationResponse([ATTHandleType])
    /// 0x08: read the attributes of `type` in `start...end` (0x2803 discovers characteristics).
    case readByTypeRequest(start: UInt16, end: UInt16, type: BluetoothUUID)
    /// 0x09: handles and values of equal length, in handle order.
    case readByTypeResponse([ATTHandleValue])
    /// 0x0A: read the value at `handle`.
    case readRequest(handle: UInt16)
    /// 0x0B: the value read (at most ATT_MTU − 1 bytes).
    case readResponse(value: [UInt8])
    /// 0x10: read the groups of `type` in `start...end` (0x2800 discovers primary services).
    case readByGroupTypeRequest(start: UInt16, end: UInt16, type: BluetoothUUID)
    /// 0x11: group ranges and values of equal length, in handle order.
    case readByGroupTypeResponse([ATTGroupValue])
    /// 0x12: write `value` at `handle`, with a response.
    case writeRequest(handle: UInt16, value: [UInt8])
    /// 0x13: the write succeeded.
    case writeResponse
    /// 0x52: write `value` at `handle`, no response.
    case writeCommand(handle: UInt16, value: [UInt8])
    /// 0x1B: the server's value at `handle` (no confirmation).
    case handleValueNotification(handle: UInt16, value: [UInt8])
    /// 0x1D: the server's value at `handle`; the client must answer with a confirmation (0x1E).
    case handleValueIndication(handle: UInt16, value: [UInt8])
    /// 0x1E: confirms an indication.
    case handleValueConfirmation
    /// Any PDU this type does not model, kept as its opcode and the bytes after it.
    case other(opcode: ATTOpcode, parameters: [UInt8])

    /// The PDU's opcode.
    public var opcode: ATTOpcode {
        switch self {
        case .errorResponse: .errorResponse
        case .exchangeMTURequest: .exchangeMTURequest
        case .exchangeMTUResponse: .exchangeMTUResponse
        case .findInformationRequest: .findInformationRequest
        case .findInformationResponse: .findInformationResponse
        case .readByTypeRequest: .readByTypeRequest
        case .readByTypeResponse: .readByTypeResponse
        case .readRequest: .readRequest
        case .readResponse: .readResponse
        case .readByGroupTypeRequest: .readByGroupTypeRequest
        case .readByGroupTypeResponse: .readByGroupTypeResponse
        case .writeRequest: .writeRequest
        case .writeResponse: .writeResponse
        case .writeCommand: .writeCommand
        case .handleValueNotification: .handleValueNotification
        case .handleValueIndication: .handleValueIndication
        case .handleValueConfirmation: .handleValueConfirmation
        case .other(let opcode, _): opcode
        }
    }
}

/// One entry of a Find Information Response: an attribute's handle and type.
public struct ATTHandleType: Sendable, Hashable {
    /// The attribute handle.
    public var handle: UInt16
    /// The attribute type.
    public var type: BluetoothUUID

    /// Creates an entry.
    ///
    /// - Parameters:
    ///   - handle: The attribute handle.
    ///   - type: The attribute type.
    public init(handle: UInt16, type: BluetoothUUID) {
        self.handle = handle
        self.type = type
    }
}

/// One entry of a Read By Type Response: an attribute's handle and value.
public struct ATTHandleValue: Sendable, Hashable {
    /// The attribute handle.
    public var handle: UInt16
    /// The attribute value (for a 0x2803 declaration: properties, value handle, UUID).
    public var value: [UInt8]

    /// Creates an entry.
    ///
    /// - Parameters:
    ///   - handle: The attribute handle.
    ///   - value: The attribute value.
    public init(handle: UInt16, value: [UInt8]) {
        self.handle = handle
        self.value = value
    }
}

/// One entry of a Read By Group Type Response: a group's handle range and its declaration's value.
public struct ATTGroupValue: Sendable, Hashable {
    /// The group's first handle (the service declaration).
    public var start: UInt16
    /// The group's last handle.
    public var end: UInt16
    /// The declaration's value (for a service: its UUID, 2 or 16 bytes little-endian).
    public var value: [UInt8]

    /// Creates an entry.
    ///
    /// - Parameters:
    ///   - start: The group's first handle.
    ///   - end: The group's last handle.
    ///   - value: The declaration's value.
    public init(start: UInt16, end: UInt16, value: [UInt8]) {
        self.start = start
        self.end = end
        self.value = value
    }

    /// Creates a service entry whose value is `uuid` in wire form.
    ///
    /// - Parameters:
    ///   - start: The service's first handle.
    ///   - end: The service's last handle.
    ///   - uuid: The service UUID.
    public init(start: UInt16, end: UInt16, uuid: BluetoothUUID) {
        self.init(start: start, end: end, value: uuid.littleEndianBytes)
    }

    /// The value as a service UUID, when it is 2 or 16 bytes.
    public var uuid: BluetoothUUID? { BluetoothUUID(littleEndian: value) }
}
