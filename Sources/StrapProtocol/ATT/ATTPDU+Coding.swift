extension ATTPDU {
    /// Decodes one ATT PDU.
    ///
    /// Fixed-size PDUs must have exactly their size; list responses must hold at least one whole entry and no
    /// partial one. Unknown opcodes do not fail: they decode as ``other(opcode:parameters:)``.
    ///
    /// - Parameter bytes: One ATT datagram, opcode first.
    /// - Throws: ``StrapProtocolError`` with code ``StrapProtocolError/Code/malformedPDU``, naming the PDU, its
    ///   bytes and the length or byte at fault.
    public init(decoding bytes: [UInt8]) throws(StrapProtocolError) {
        guard let first = bytes.first else {
            throw StrapProtocolError(
                code: .malformedPDU,
                message: "ATT PDU is empty (0 bytes); every PDU starts with an opcode byte"
            )
        }
        let opcode = ATTOpcode(rawValue: first)
        let reader = PDUReader(bytes: bytes, opcode: opcode)
        switch opcode {
        case .errorResponse:
            try reader.requireLength(5)
            self = .errorResponse(
                request: ATTOpcode(rawValue: bytes[1]),
                handle: Bytes.uint16(bytes, at: 2),
                error: ATTErrorCode(rawValue: bytes[4])
            )
        case .exchangeMTURequest:
            try reader.requireLength(3)
            self = .exchangeMTURequest(clientMTU: Bytes.uint16(bytes, at: 1))
        case .exchangeMTUResponse:
            try reader.requireLength(3)
            self = .exchangeMTUResponse(serverMTU: Bytes.uint16(bytes, at: 1))
        case .findInformationRequest:
            try reader.requireLength(5)
            self = .findInformationRequest(start: Bytes.uint16(bytes, at: 1), end: Bytes.uint16(bytes, at: 3))
        case .findInformationResponse:
            self = .findInformationResponse(try reader.findInformationEntries())
        case .readByTypeRequest:
            let (start, end, type) = try reader.rangeAndType()
            self = .readByTypeRequest(start: start, end: end, type: type)
        case .readByTypeResponse:
            let entries = try reader.lengthPrefixedEntries(headerLength: 2)
            self = .readByTypeResponse(
                entries.map { ATTHandleValue(handle: Bytes.uint16($0, at: 0), value: Array($0[2...])) }
            )
        case .readRequest:
            try reader.requireLength(3)
            self = .readRequest(handle: Bytes.uint16(bytes, at: 1))
        case .readResponse:
            self = .readResponse(value: Array(bytes[1...]))
        case .readByGroupTypeRequest:
            let (start, end, type) = try reader.rangeAndType()
            self = .readByGroupTypeRequest(start: start, end: end, type: type)
        case .readByGroupTypeResponse:
            let entries = try reader.lengthPrefixedEntries(headerLength: 4)
            self = .readByGroupTypeResponse(
                entries.map {
                    ATTGroupValue(start: Bytes.uint16($0, at: 0), end: Bytes.uint16($0, at: 2), value: Array($0[4...]))
                }
            )
        case .writeRequest:
            try reader.requireMinimumLength(3, what: "a handle")
            self = .writeRequest(handle: Bytes.uint16(bytes, at: 1), value: Array(bytes[3...]))
        case .writeResponse:
            try reader.requireLength(1)
            self = .writeResponse
        case .writeCommand:
            try reader.requireMinimumLength(3, what: "a handle")
            self = .writeCommand(handle: Bytes.uint16(bytes, at: 1), value: Array(bytes[3...]))
        case .handleValueNotification:
            try reader.requireMinimumLength(3, what: "a handle")
            self = .handleValueNotification(handle: Bytes.uint16(bytes, at: 1), value: Array(bytes[3...]))
        case .handleValueIndication:
            try reader.requireMinimumLength(3, what: "a handle")
            self = .handleValueIndication(handle: Bytes.uint16(bytes, at: 1), value: Array(bytes[3...]))
        case .handleValueConfirmation:
            try reader.requireLength(1)
            self = .handleValueConfirmation
        default:
            self = .other(opcode: opcode, parameters: Array(bytes[1...]))
        }
    }

    /// The PDU's wire bytes, opcode first.
    ///
    /// Does not fail. List responses are written the way a server must build them: the entry length is taken
    /// from the first entry and the list stops before the first entry of a different length. A Find Information
    /// Response uses the 128-bit format when any of its types needs 128 bits. Values longer than a length byte
    /// allows (253 or 251 bytes) are cut.
    public var bytes: [UInt8] {
        var out: [UInt8] = [opcode.rawValue]
        switch self {
        case .errorResponse(let request, let handle, let error):
            out.append(request.rawValue)
            out += Bytes.littleEndian(handle)
            out.append(error.rawValue)
        case .exchangeMTURequest(let mtu), .exchangeMTUResponse(let mtu):
            out += Bytes.littleEndian(mtu)
        case .findInformationRequest(let start, let end):
            out += Bytes.littleEndian(start) + Bytes.littleEndian(end)
        case .findInformationResponse(let entries):
            let wide = entries.contains { $0.type.shortValue == nil }
            out.append(wide ? 0x02 : 0x01)
            for entry in entries {
                out += Bytes.littleEndian(entry.handle)
                out += wide ? entry.type.littleEndianBytes128 : entry.type.littleEndianBytes
            }
        case .readByTypeRequest(let start, let end, let type), .readByGroupTypeRequest(let start, let end, let type):
            out += Bytes.littleEndian(start) + Bytes.littleEndian(end) + type.littleEndianBytes
        case .readByTypeResponse(let entries):
            let valueLength = min(entries.first?.value.count ?? 0, 253)
            out.append(UInt8(2 + valueLength))
            for entry in entries {
                guard min(entry.value.count, 253) == valueLength else { break }
                out += Bytes.littleEndian(entry.handle) + entry.value.prefix(valueLength)
            }
        case .readRequest(let handle):
            out += Bytes.littleEndian(handle)
        case .readResponse(let value):
            out += value
        case .readByGroupTypeResponse(let entries):
            let valueLength = min(entries.first?.value.count ?? 0, 251)
            out.append(UInt8(4 + valueLength))
            for entry in entries {
                guard min(entry.value.count, 251) == valueLength else { break }
                out += Bytes.littleEndian(entry.start) + Bytes.littleEndian(entry.end) + entry.value.prefix(valueLength)
            }
        case .writeRequest(let handle, let value), .writeCommand(let handle, let value),
            .handleValueNotification(let handle, let value), .handleValueIndication(let handle, let value):
            out += Bytes.littleEndian(handle) + value
        case .writeResponse, .handleValueConfirmation:
            break
        case .other(_, let parameters):
            out += parameters
        }
        return out
    }
}

/// Length checks for ``ATTPDU/init(decoding:)``, with messages that name the PDU and its bytes.
private struct PDUReader {
    let bytes: [UInt8]
    let opcode: ATTOpcode

    func fail(_ problem: String) -> StrapProtocolError {
        StrapProtocolError(
            code: .malformedPDU,
            message: "ATT \(opcode) '\(Bytes.hexDump(bytes))' is \(Bytes.count(bytes.count)); \(problem); "
                + "the peer sent a malformed PDU"
        )
    }

    func requireLength(_ length: Int) throws(StrapProtocolError) {
        guard bytes.count == length else { throw fail("it must be exactly \(length)") }
    }

    func requireMinimumLength(_ length: Int, what: String) throws(StrapProtocolError) {
        guard bytes.count >= length else { throw fail("it needs at least \(length) (opcode, \(what))") }
    }

    /// start(2) end(2) uuid(2|16) of Read By Type and Read By Group Type requests.
    func rangeAndType() throws(StrapProtocolError) -> (UInt16, UInt16, BluetoothUUID) {
        guard bytes.count == 7 || bytes.count == 21,
            let type = BluetoothUUID(littleEndian: bytes[5...])
        else {
            throw fail("it must be 7 (16-bit type) or 21 (128-bit type)")
        }
        return (Bytes.uint16(bytes, at: 1), Bytes.uint16(bytes, at: 3), type)
    }

    /// format(1) then [handle(2) uuid(2|16)]… of a Find Information Response.
    func findInformationEntries() throws(StrapProtocolError) -> [ATTHandleType] {
        guard bytes.count >= 2 else { throw fail("it needs at least 2 (opcode, format)") }
        let uuidLength: Int
        switch bytes[1] {
        case 0x01: uuidLength = 2
        case 0x02: uuidLength = 16
        default: throw fail("format byte \(Bytes.hex8(bytes[1])) is neither 0x01 (16-bit) nor 0x02 (128-bit)")
        }
        let entryLength = 2 + uuidLength
        let listLength = bytes.count - 2
        guard listLength > 0, listLength % entryLength == 0 else {
            throw fail(
                "its list of \(Bytes.count(listLength)) is not a whole number (≥ 1) of \(entryLength)-byte entries")
        }
        var entries: [ATTHandleType] = []
        var offset = 2
        while offset < bytes.count {
            // The length was checked, so the UUID always decodes.
            let type = BluetoothUUID(littleEndian: bytes[(offset + 2)..<(offset + entryLength)]) ?? BluetoothUUID(0)
            entries.append(ATTHandleType(handle: Bytes.uint16(bytes, at: offset), type: type))
            offset += entryLength
        }
        return entries
    }

    /// length(1) then entries of that length, each at least `headerLength` bytes.
    func lengthPrefixedEntries(headerLength: Int) throws(StrapProtocolError) -> [[UInt8]] {
        guard bytes.count >= 2 else { throw fail("it needs at least 2 (opcode, length)") }
        let entryLength = Int(bytes[1])
        guard entryLength >= headerLength else {
            throw fail("its entry length \(entryLength) is shorter than the \(headerLength)-byte entry header")
        }
        let listLength = bytes.count - 2
        guard listLength > 0, listLength % entryLength == 0 else {
            throw fail(
                "its list of \(Bytes.count(listLength)) is not a whole number (≥ 1) of \(entryLength)-byte entries"
            )
        }
        return stride(from: 2, to: bytes.count, by: entryLength).map { Array(bytes[$0..<($0 + entryLength)]) }
    }
}
