/// An ATT opcode: the first byte of every ATT PDU.
///
/// Values from BlueZ `src/shared/att-types.h`. Bit 6 (0x40) marks a command (no response), bit 7 a signed PDU.
public struct ATTOpcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// What a PDU with this opcode asks of its receiver.
    public enum Method: Sendable, Hashable {
        /// A request: the receiver must answer with its response or an Error Response.
        case request
        /// A response to a request.
        case response
        /// A command: no answer.
        case command
        /// A Handle Value Notification: no answer.
        case notification
        /// A Handle Value Indication: the receiver must confirm.
        case indication
        /// A Handle Value Confirmation.
        case confirmation
        /// An opcode this module does not know.
        case unknown
    }

    /// The opcode byte.
    public var rawValue: UInt8

    /// Creates an opcode from its byte.
    ///
    /// - Parameter rawValue: The opcode byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0x01 Error Response.
    public static let errorResponse = ATTOpcode(rawValue: 0x01)
    /// 0x02 Exchange MTU Request.
    public static let exchangeMTURequest = ATTOpcode(rawValue: 0x02)
    /// 0x03 Exchange MTU Response.
    public static let exchangeMTUResponse = ATTOpcode(rawValue: 0x03)
    /// 0x04 Find Information Request.
    public static let findInformationRequest = ATTOpcode(rawValue: 0x04)
    /// 0x05 Find Information Response.
    public static let findInformationResponse = ATTOpcode(rawValue: 0x05)
    /// 0x06 Find By Type Value Request.
    public static let findByTypeValueRequest = ATTOpcode(rawValue: 0x06)
    /// 0x07 Find By Type Value Response.
    public static let findByTypeValueResponse = ATTOpcode(rawValue: 0x07)
    /// 0x08 Read By Type Request.
    public static let readByTypeRequest = ATTOpcode(rawValue: 0x08)
    /// 0x09 Read By Type Response.
    public static let readByTypeResponse = ATTOpcode(rawValue: 0x09)
    /// 0x0A Read Request.
    public static let readRequest = ATTOpcode(rawValue: 0x0A)
    /// 0x0B Read Response.
    public static let readResponse = ATTOpcode(rawValue: 0x0B)
    /// 0x0C Read Blob Request.
    public static let readBlobRequest = ATTOpcode(rawValue: 0x0C)
    /// 0x0D Read Blob Response.
    public static let readBlobResponse = ATTOpcode(rawValue: 0x0D)
    /// 0x0E Read Multiple Request.
    public static let readMultipleRequest = ATTOpcode(rawValue: 0x0E)
    /// 0x0F Read Multiple Response.
    public static let readMultipleResponse = ATTOpcode(rawValue: 0x0F)
    /// 0x10 Read By Group Type Request.
    public static let readByGroupTypeRequest = ATTOpcode(rawValue: 0x10)
    /// 0x11 Read By Group Type Response.
    public static let readByGroupTypeResponse = ATTOpcode(rawValue: 0x11)
    /// 0x12 Write Request.
    public static let writeRequest = ATTOpcode(rawValue: 0x12)
    /// 0x13 Write Response.
    public static let writeResponse = ATTOpcode(rawValue: 0x13)
    /// 0x16 Prepare Write Request.
    public static let prepareWriteRequest = ATTOpcode(rawValue: 0x16)
    /// 0x17 Prepare Write Response.
    public static let prepareWriteResponse = ATTOpcode(rawValue: 0x17)
    /// 0x18 Execute Write Request.
    public static let executeWriteRequest = ATTOpcode(rawValue: 0x18)
    /// 0x19 Execute Write Response.
    public static let executeWriteResponse = ATTOpcode(rawValue: 0x19)
    /// 0x1B Handle Value Notification.
    public static let handleValueNotification = ATTOpcode(rawValue: 0x1B)
    /// 0x1D Handle Value Indication.
    public static let handleValueIndication = ATTOpcode(rawValue: 0x1D)
    /// 0x1E Handle Value Confirmation.
    public static let handleValueConfirmation = ATTOpcode(rawValue: 0x1E)
    /// 0x20 Read Multiple Variable Length Request.
    public static let readMultipleVariableRequest = ATTOpcode(rawValue: 0x20)
    /// 0x21 Read Multiple Variable Length Response.
    public static let readMultipleVariableResponse = ATTOpcode(rawValue: 0x21)
    /// 0x23 Multiple Handle Value Notification.
    public static let multipleHandleValueNotification = ATTOpcode(rawValue: 0x23)
    /// 0x52 Write Command.
    public static let writeCommand = ATTOpcode(rawValue: 0x52)
    /// 0xD2 Signed Write Command.
    public static let signedWriteCommand = ATTOpcode(rawValue: 0xD2)

    /// Whether bit 6, the command flag, is set: such PDUs are never answered.
    public var isCommand: Bool { rawValue & 0x40 != 0 }

    /// What a PDU with this opcode asks of its receiver.
    public var method: Method {
        switch rawValue {
        case 0x02, 0x04, 0x06, 0x08, 0x0A, 0x0C, 0x0E, 0x10, 0x12, 0x16, 0x18, 0x20: .request
        case 0x01, 0x03, 0x05, 0x07, 0x09, 0x0B, 0x0D, 0x0F, 0x11, 0x13, 0x17, 0x19, 0x21: .response
        case 0x1B, 0x23: .notification
        case 0x1D: .indication
        case 0x1E: .confirmation
        default: isCommand ? .command : .unknown
        }
    }

    /// The response opcode that answers this request opcode (request + 1), or `nil` if this is no request.
    public var responseOpcode: ATTOpcode? {
        method == .request ? ATTOpcode(rawValue: rawValue + 1) : nil
    }

    /// The PDU's name, e.g. `Read By Type Request (0x08)`.
    public var description: String {
        let name: String? =
            switch rawValue {
            case 0x01: "Error Response"
            case 0x02: "Exchange MTU Request"
            case 0x03: "Exchange MTU Response"
            case 0x04: "Find Information Request"
            case 0x05: "Find Information Response"
            case 0x06: "Find By Type Value Request"
            case 0x07: "Find By Type Value Response"
            case 0x08: "Read By Type Request"
            case 0x09: "Read By Type Response"
            case 0x0A: "Read Request"
            case 0x0B: "Read Response"
            case 0x0C: "Read Blob Request"
            case 0x0D: "Read Blob Response"
            case 0x0E: "Read Multiple Request"
            case 0x0F: "Read Multiple Response"
            case 0x10: "Read By Group Type Request"
            case 0x11: "Read By Group Type Response"
            case 0x12: "Write Request"
            case 0x13: "Write Response"
            case 0x16: "Prepare Write Request"
            case 0x17: "Prepare Write Response"
            case 0x18: "Execute Write Request"
            case 0x19: "Execute Write Response"
            case 0x1B: "Handle Value Notification"
            case 0x1D: "Handle Value Indication"
            case 0x1E: "Handle Value Confirmation"
            case 0x20: "Read Multiple Variable Request"
            case 0x21: "Read Multiple Variable Response"
            case 0x23: "Multiple Handle Value Notification"
            case 0x52: "Write Command"
            case 0xD2: "Signed Write Command"
            default: nil
            }
        return "\(name ?? "opcode") (\(Bytes.hex8(rawValue)))"
    }
}
