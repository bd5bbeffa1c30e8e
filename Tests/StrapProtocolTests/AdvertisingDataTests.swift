import RetroWalkTesting
import StrapProtocol
import Testing

/// A complete-local-name AD structure (0x09) for `text`.
private func completeName(_ text: String) -> [UInt8] {
    [UInt8(text.utf8.count + 1), 0x09] + Array(text.utf8)
}

@Suite("Advertising data (AD structures)")
struct AdvertisingDataTests {
    @Test("the Polar H10 payload: flags, Polar manufacturer data, complete name")
    func polarPayload() throws {
        let data = try AdvertisingData(decoding: AdvertisingFixtures.polarH10AdvertisingData)
        #expect(data.flags == 0x06)
        #expect(data.manufacturerData == [.init(companyID: 0x006B, data: [0x33, 0x00, 0x00, 0x38])])
        #expect(data.localName == "Polar H10 9F6E5322")
        #expect(data.isLocalNameComplete)
        #expect(data.structures.map(\.type) == [0x01, 0xFF, 0x09])
    }

    @Test("UUID lists: 16-bit, 32-bit aliases and 128-bit, without repeats")
    func uuidLists() throws {
        let bytes: [UInt8] =
            [0x05, 0x03, 0x0D, 0x18, 0xEE, 0xFE]
            // The 32-bit alias 0x0000180D is the Heart Rate service again.
            + [0x09, 0x05, 0x0D, 0x18, 0x00, 0x00, 0x0F, 0x18, 0x00, 0x00]
            // Polar's PMD service, FB005C80-02E7-F387-1CAD-8ACD2D8DF0C8, little-endian.
            + [
                0x11, 0x07, 0xC8, 0xF0, 0x8D, 0x2D, 0xCD, 0x8A, 0xAD, 0x1C, 0x87, 0xF3, 0xE7, 0x02, 0x80, 0x5C, 0x00,
                0xFB,
            ]
        let data = try AdvertisingData(decoding: bytes)
        #expect(
            data.serviceUUIDs.map(\.description)
                == ["0x180D", "0xFEEE", "0x180F", "FB005C80-02E7-F387-1CAD-8ACD2D8DF0C8"]
        )
    }

    @Test("TX power, appearance, names with trailing NULs, a complete name wins over a shortened one")
    func scalars() throws {
        let data = try AdvertisingData(
            decoding: [
                0x02, 0x0A, 0xF4, 0x03, 0x19, 0x41, 0x03, 0x04, 0x09, 0x48, 0x52, 0x4D, 0x04, 0x08, 0x48, 0x52, 0x00,
            ]
        )
        #expect(data.txPowerLevel == -12)
        #expect(data.appearance == 0x0341)
        #expect(data.localName == "HRM")
        #expect(data.isLocalNameComplete)
        let shortened = try AdvertisingData(decoding: [0x06, 0x08, 0x54, 0x49, 0x43, 0x00, 0x00])
        #expect(shortened.localName == "TIC")
        #expect(!shortened.isLocalNameComplete)
    }

    @Test("a zero length ends the list; padding after it is ignored")
    func zeroLengthEnds() throws {
        let data = try AdvertisingData(decoding: [0x02, 0x01, 0x06, 0x00, 0x05, 0xFF])
        #expect(data.flags == 0x06)
        #expect(data.structures.count == 1)
        #expect(try AdvertisingData(decoding: []) == AdvertisingData())
    }

    @Test("unknown types are kept, not decoded, never rejected")
    func unknownTypes() throws {
        let data = try AdvertisingData(decoding: [0x04, 0x16, 0x0D, 0x18, 0x48, 0x01, 0x2A])
        #expect(data.structures == [.init(type: 0x16, data: [0x0D, 0x18, 0x48]), .init(type: 0x2A, data: [])])
    }

    @Test(
        "malformed structures name the offset and length",
        arguments: [
            (
                [0x02, 0x01, 0x06, 0x05, 0x09, 0x41, 0x42],
                AdvertisingError.truncatedStructure(offset: 3, length: 5, available: 3)
            ),
            (
                [0x04, 0x03, 0x0D, 0x18, 0xEE],
                .invalidStructureLength(
                    type: 0x03, offset: 0, length: 3, expected: "a multiple of 2 bytes (16-bit UUIDs)")
            ),
            (
                [0x03, 0x0A, 0xF4, 0x00],
                .invalidStructureLength(type: 0x0A, offset: 0, length: 2, expected: "exactly 1 byte (dBm)")
            ),
            (
                [0x02, 0x01, 0x06, 0x02, 0x19, 0x41],
                .invalidStructureLength(type: 0x19, offset: 3, length: 1, expected: "exactly 2 bytes")
            ),
            (
                [0x02, 0xFF, 0x6B],
                .invalidStructureLength(
                    type: 0xFF, offset: 0, length: 1, expected: "at least 2 bytes (company identifier)")
            ),
            ([0x01, 0x01], .invalidStructureLength(type: 0x01, offset: 0, length: 0, expected: "at least 1 byte")),
            (
                [0x05, 0x07, 0x00, 0x01, 0x02, 0x03],
                .invalidStructureLength(
                    type: 0x07, offset: 0, length: 4, expected: "a multiple of 16 bytes (128-bit UUIDs)")
            ),
        ] as [([UInt8], AdvertisingError)]
    )
    func malformed(bytes: [UInt8], expected: AdvertisingError) {
        let error = #expect(throws: AdvertisingError.self) { try AdvertisingData(decoding: bytes) }
        #expect(error == expected)
    }

    @Test("a lenient decode keeps the structures before the malformed one")
    func validPrefix() {
        let (data, error) = AdvertisingData.decodingValidPrefix([0x02, 0x01, 0x06, 0x05, 0x09, 0x41, 0x42])
        #expect(data.flags == 0x06)
        #expect(data.localName == nil)
        #expect(error == .truncatedStructure(offset: 3, length: 5, available: 3))
    }

    @Test(
        "a strap is recognised by service 0x180D, name prefix or heart-rate appearance",
        arguments: [
            ([0x03, 0x03, 0x0D, 0x18], [StrapEvidence.heartRateService]),
            (completeName("HRM-Dual:123456"), [.namePrefix("HRM")]),
            (completeName("TICKR 1A2B"), [.namePrefix("TICKR")]),
            (completeName("Wahoo HRM v2.1"), [.namePrefix("Wahoo")]),
            ([0x03, 0x19, 0x40, 0x03], [.appearance(0x0340)]),
            ([0x03, 0x19, 0x41, 0x03, 0x03, 0x02, 0x0D, 0x18], [.heartRateService, .appearance(0x0341)]),
            // Not straps: case matters, "Polar" needs its space, a watch's appearance, a TV.
            (completeName("polar h10 1"), []),
            (completeName("Polar1"), []),
            ([0x03, 0x19, 0xC0, 0x00], []),
            (completeName("[TV] Samsung"), []),
        ] as [([UInt8], [StrapEvidence])]
    )
    func classifier(bytes: [UInt8], expected: [StrapEvidence]) throws {
        let data = try AdvertisingData(decoding: bytes)
        #expect(StrapClassifier.evidence(for: data) == expected)
        #expect(StrapClassifier.isHeartRateStrap(data) == !expected.isEmpty)
    }
}
