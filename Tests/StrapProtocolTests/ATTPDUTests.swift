import StrapProtocol
import Testing

/// Bytes from a hex string such as `01 10 43 00 0a` (test input is always valid).
func hex(_ text: String) -> [UInt8] {
    (try? MeasurementDecoding.bytes(fromHex: text)) ?? []
}

@Suite("ATT PDU codec")
struct ATTPDUTests {
    /// The examples of BLE.md §3, plus one of each remaining PDU; every one decodes and re-encodes byte-exact.
    static let examples: [(String, ATTPDU)] = [
        ("01 10 43 00 0a", .errorResponse(request: .readByGroupTypeRequest, handle: 0x0043, error: .attributeNotFound)),
        ("01 02 00 00 06", .errorResponse(request: .exchangeMTURequest, handle: 0, error: .requestNotSupported)),
        ("02 17 00", .exchangeMTURequest(clientMTU: 23)),
        ("02 68 00", .exchangeMTURequest(clientMTU: 104)),
        ("03 68 00", .exchangeMTUResponse(serverMTU: 104)),
        ("04 17 00 17 00", .findInformationRequest(start: 0x0017, end: 0x0017)),
        (
            "05 01 17 00 02 29",
            .findInformationResponse([ATTHandleType(handle: 0x0017, type: .clientCharacteristicConfiguration)])
        ),
        (
            "05 01 12 00 01 29 13 00 02 29",
            .findInformationResponse([
                ATTHandleType(handle: 0x0012, type: .characteristicUserDescription),
                ATTHandleType(handle: 0x0013, type: .clientCharacteristicConfiguration),
            ])
        ),
        (
            "05 02 28 00 a9 0b 97 06 6a 01 cf ee 7e 54 7b ac 49 ff 17 62",
            .findInformationResponse([
                ATTHandleType(handle: 0x0028, type: BluetoothUUID("6217ff49-ac7b-547e-eecf-016a06970ba9")!)
            ])
        ),
        ("08 0f 00 14 00 03 28", .readByTypeRequest(start: 0x000F, end: 0x0014, type: .characteristic)),
        (
            "09 07 10 00 10 11 00 37 2a 13 00 02 14 00 38 2a",
            .readByTypeResponse([
                ATTHandleValue(handle: 0x0010, value: [0x10, 0x11, 0x00, 0x37, 0x2A]),
                ATTHandleValue(handle: 0x0013, value: [0x02, 0x14, 0x00, 0x38, 0x2A]),
            ])
        ),
        ("0a 14 00", .readRequest(handle: 0x0014)),
        ("0b 01", .readResponse(value: [0x01])),
        ("0b", .readResponse(value: [])),
        ("10 01 00 ff ff 00 28", .readByGroupTypeRequest(start: 0x0001, end: 0xFFFF, type: .primaryService)),
        (
            "11 06 01 00 09 00 00 18 0a 00 0e 00 01 18 0f 00 14 00 0d 18",
            .readByGroupTypeResponse([
                ATTGroupValue(start: 0x0001, end: 0x0009, uuid: .genericAccess),
                ATTGroupValue(start: 0x000A, end: 0x000E, uuid: .genericAttribute),
                ATTGroupValue(start: 0x000F, end: 0x0014, uuid: .heartRateService),
            ])
        ),
        (
            "11 14 28 00 ff ff a9 0b 97 06 6a 01 cf ee 7e 54 7b ac 49 ff 17 62",
            .readByGroupTypeResponse([
                ATTGroupValue(start: 0x0028, end: 0xFFFF, uuid: BluetoothUUID("6217FF49-AC7B-547E-EECF-016A06970BA9")!)
            ])
        ),
        ("12 12 00 01 00", .writeRequest(handle: 0x0012, value: [0x01, 0x00])),
        ("13", .writeResponse),
        ("52 39 00 01", .writeCommand(handle: 0x0039, value: [0x01])),
        ("1b 16 00 64", .handleValueNotification(handle: 0x0016, value: [0x64])),
        (
            "1b 11 00 16 48 54 01 ec 02",
            .handleValueNotification(handle: 0x0011, value: [0x16, 0x48, 0x54, 0x01, 0xEC, 0x02])
        ),
        ("1d 08 00 0a 00 ff ff", .handleValueIndication(handle: 0x0008, value: [0x0A, 0x00, 0xFF, 0xFF])),
        ("1e", .handleValueConfirmation),
        (
            "06 01 00 ff ff 00 28 0d 18",
            .other(opcode: .findByTypeValueRequest, parameters: hex("01 00 ff ff 00 28 0d 18"))
        ),
        ("0c 14 00 16 00", .other(opcode: .readBlobRequest, parameters: [0x14, 0x00, 0x16, 0x00])),
    ]

    @Test("decodes the examples of BLE.md §3", arguments: examples)
    func decodes(bytes: String, pdu: ATTPDU) throws {
        #expect(try ATTPDU(decoding: hex(bytes)) == pdu)
    }

    @Test("encodes the examples of BLE.md §3 byte-exact", arguments: examples)
    func encodes(bytes: String, pdu: ATTPDU) {
        #expect(pdu.bytes == hex(bytes))
        #expect(pdu.opcode.rawValue == hex(bytes)[0])
    }

    @Test(
        "rejects malformed PDUs with a message naming the PDU and its length",
        arguments: [
            ("", "ATT PDU is empty (0 bytes); every PDU starts with an opcode byte"),
            (
                "01 10 43 00",
                "ATT Error Response (0x01) '01 10 43 00' is 4 bytes; it must be exactly 5; the peer sent a malformed PDU"
            ),
            (
                "03 17",
                "ATT Exchange MTU Response (0x03) '03 17' is 2 bytes; it must be exactly 3; the peer sent a malformed PDU"
            ),
            (
                "05 03 17 00 02 29",
                "ATT Find Information Response (0x05) '05 03 17 00 02 29' is 6 bytes; format byte 0x03 is neither 0x01 "
                    + "(16-bit) nor 0x02 (128-bit); the peer sent a malformed PDU"
            ),
            (
                "05 01 17 00 02",
                "ATT Find Information Response (0x05) '05 01 17 00 02' is 5 bytes; its list of 3 bytes is not a whole "
                    + "number (≥ 1) of 4-byte entries; the peer sent a malformed PDU"
            ),
            (
                "09 07 10 00 10 11",
                "ATT Read By Type Response (0x09) '09 07 10 00 10 11' is 6 bytes; its list of 4 bytes is not a whole "
                    + "number (≥ 1) of 7-byte entries; the peer sent a malformed PDU"
            ),
            (
                "09 01 10",
                "ATT Read By Type Response (0x09) '09 01 10' is 3 bytes; its entry length 1 is shorter than the 2-byte "
                    + "entry header; the peer sent a malformed PDU"
            ),
            (
                "11 06",
                "ATT Read By Group Type Response (0x11) '11 06' is 2 bytes; its list of 0 bytes is not a whole number "
                    + "(≥ 1) of 6-byte entries; the peer sent a malformed PDU"
            ),
            (
                "08 0f 00 14 00 03",
                "ATT Read By Type Request (0x08) '08 0f 00 14 00 03' is 6 bytes; it must be 7 (16-bit type) or 21 "
                    + "(128-bit type); the peer sent a malformed PDU"
            ),
            (
                "13 00",
                "ATT Write Response (0x13) '13 00' is 2 bytes; it must be exactly 1; the peer sent a malformed PDU"
            ),
            (
                "1b 16",
                "ATT Handle Value Notification (0x1B) '1b 16' is 2 bytes; it needs at least 3 (opcode, a handle); the "
                    + "peer sent a malformed PDU"
            ),
        ]
    )
    func malformed(bytes: String, message: String) {
        do {
            _ = try ATTPDU(decoding: hex(bytes))
            Issue.record("decoded malformed PDU '\(bytes)'")
        } catch {
            #expect(error.code == .malformedPDU)
            #expect(error.message == message)
        }
    }

    @Test("list responses are encoded the way a server must build them")
    func listEncodingRules() throws {
        // Entries of another length than the first end the list.
        let mixed = ATTPDU.readByTypeResponse([
            ATTHandleValue(handle: 0x0003, value: Array("Polar".utf8)),
            ATTHandleValue(handle: 0x0005, value: [0x41, 0x03]),
        ])
        #expect(mixed.bytes == hex("09 07 03 00 50 6f 6c 61 72"))
        // A 128-bit type anywhere switches the whole Find Information Response to the 128-bit format.
        let wide = ATTPDU.findInformationResponse([
            ATTHandleType(handle: 0x0001, type: .primaryService),
            ATTHandleType(handle: 0x0002, type: BluetoothUUID("FB005C80-02E7-F387-1CAD-8ACD2D8DF0C8")!),
        ])
        #expect(wide.bytes.count == 2 + 2 * 18)
        #expect(wide.bytes.prefix(4) == [0x05, 0x02, 0x01, 0x00])
        #expect(try ATTPDU(decoding: wide.bytes) == wide)
    }

    @Test("classifies opcodes as the receiver must treat them")
    func opcodeMethods() {
        #expect(ATTOpcode.readByTypeRequest.method == .request)
        #expect(ATTOpcode.readByTypeRequest.responseOpcode == .readByTypeResponse)
        #expect(ATTOpcode.findByTypeValueRequest.method == .request)
        #expect(ATTOpcode.errorResponse.method == .response)
        #expect(ATTOpcode.writeCommand.method == .command)
        #expect(ATTOpcode.signedWriteCommand.method == .command)
        #expect(ATTOpcode(rawValue: 0x7F).method == .command)
        #expect(ATTOpcode(rawValue: 0x3F).method == .unknown)
        #expect(ATTOpcode.handleValueNotification.method == .notification)
        #expect(ATTOpcode.handleValueIndication.method == .indication)
        #expect(ATTOpcode.handleValueConfirmation.method == .confirmation)
        #expect(ATTOpcode.readResponse.responseOpcode == nil)
        #expect(ATTOpcode.readByGroupTypeRequest.description == "Read By Group Type Request (0x10)")
        #expect(ATTErrorCode.attributeNotFound.description == "Attribute Not Found (0x0A)")
        #expect(ATTErrorCode(rawValue: 0x80).description.hasPrefix("Application Error"))
    }
}

@Suite("Bluetooth UUIDs")
struct BluetoothUUIDTests {
    @Test("a 16-bit alias equals its 128-bit expansion and goes on the wire as 2 bytes")
    func alias() throws {
        let full = try #require(BluetoothUUID("0000180D-0000-1000-8000-00805F9B34FB"))
        #expect(full == .heartRateService)
        #expect(full.shortValue == 0x180D)
        #expect(full.littleEndianBytes == [0x0D, 0x18])
        #expect(BluetoothUUID("180d") == .heartRateService)
        #expect(BluetoothUUID("0x2A37") == .heartRateMeasurement)
        #expect(BluetoothUUID.heartRateService.description == "0x180D")
        #expect(BluetoothUUID(littleEndian: full.littleEndianBytes128) == .heartRateService)
        #expect(BluetoothUUID(littleEndian: [0x0D, 0x18]) == .heartRateService)
    }

    @Test("a vendor UUID is 16 little-endian bytes and prints canonically")
    func vendor() throws {
        let pmd = try #require(BluetoothUUID("FB005C80-02E7-F387-1CAD-8ACD2D8DF0C8"))
        #expect(pmd.shortValue == nil)
        #expect(pmd.littleEndianBytes == hex("c8 f0 8d 2d cd 8a ad 1c 87 f3 e7 02 80 5c 00 fb"))
        #expect(pmd.description == "FB005C80-02E7-F387-1CAD-8ACD2D8DF0C8")
        #expect(BluetoothUUID(littleEndian: pmd.littleEndianBytes) == pmd)
        // A 32-bit alias is not a 16-bit one.
        #expect(BluetoothUUID("0001180D-0000-1000-8000-00805F9B34FB")?.shortValue == nil)
    }

    @Test("rejects text that is not 4 or 32 hex digits", arguments: ["", "18", "180G", "12345", "FB005C80-02E7"])
    func invalid(text: String) {
        #expect(BluetoothUUID(text) == nil)
        #expect(BluetoothUUID(littleEndian: [UInt8](repeating: 0, count: 3)) == nil)
    }
}
