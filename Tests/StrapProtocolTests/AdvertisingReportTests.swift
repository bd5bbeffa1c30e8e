import RetroWalkTesting
import StrapProtocol
import Testing

@Suite("HCI advertising reports")
struct AdvertisingReportTests {
    @Test("the public capture of BLE.md §4.2 decodes: non-connectable, random, -55 dBm, flags and Apple data")
    func publicCapture() throws {
        let reports = try AdvertisingReport.reports(inPacket: AdvertisingFixtures.capturedNonConnectable)
        let report = try #require(reports.first)
        #expect(reports.count == 1)
        #expect(report.address.description == "02:E4:72:17:FD:E2")
        #expect(report.address.type == .random)
        #expect(report.address.randomKind == .nonResolvablePrivate)
        #expect(report.eventType == .advNonconnInd)
        #expect(report.eventType.description == "ADV_NONCONN_IND")
        #expect(report.rssi == -55)
        #expect(report.data.count == 15)
        let data = try AdvertisingData(decoding: report.data)
        #expect(data.flags == 0x1B)
        #expect(
            data.manufacturerData == [.init(companyID: 0x004C, data: [0x09, 0x06, 0x03, 0x1A, 0xC0, 0xA8, 0x01, 0x02])])
        #expect(data.localName == nil)
        #expect(!StrapClassifier.isHeartRateStrap(data))
    }

    @Test("the event without its H4 byte decodes the same, with offsets from the event code")
    func eventWithoutPacketType() throws {
        let packet = AdvertisingFixtures.capturedNonConnectable
        #expect(
            try AdvertisingReport.reports(inEvent: Array(packet.dropFirst()))
                == AdvertisingReport.reports(inPacket: packet))
    }

    @Test("captured reports: ADV_IND with services and name, empty and named scan responses")
    func capturedReports() throws {
        let proximity = try #require(
            try AdvertisingReport.reports(inPacket: AdvertisingFixtures.capturedProximity).first)
        #expect(proximity.address.description == "58:E2:8F:7C:0B:B3")
        #expect(proximity.address.type == .public)
        #expect(proximity.eventType == .advInd)
        #expect(proximity.rssi == -45)
        let data = proximity.advertisingData
        #expect(data.serviceUUIDs == [BluetoothUUID(0x1803), BluetoothUUID(0x1804), BluetoothUUID(0x1802)])
        #expect(data.localName == "Proximity")
        #expect(data.isLocalNameComplete)

        let empty = try #require(
            try AdvertisingReport.reports(inPacket: AdvertisingFixtures.capturedEmptyScanResponse).first)
        #expect(empty.eventType == .scanResponse)
        #expect(empty.data.isEmpty)
        #expect(empty.rssi == -44)

        let bluez = try #require(
            try AdvertisingReport.reports(inPacket: AdvertisingFixtures.capturedBlueZScanResponse).first)
        #expect(bluez.address.description == "00:1A:AE:06:EF:9E")
        #expect(bluez.advertisingData.localName == "BlueZ 5.43")
        #expect(bluez.rssi == -70)

        let connectable = try #require(
            try AdvertisingReport.reports(inPacket: AdvertisingFixtures.capturedConnectable).first)
        #expect(connectable.address.description == "C8:69:CD:46:0B:5D")
        #expect(connectable.eventType.isConnectable)
        #expect(connectable.rssi == -54)
    }

    @Test("a Polar H10 advertisement: random static address, 31 bytes of data, name and Polar data")
    func polarH10() throws {
        let reports = try AdvertisingReport.reports(inPacket: AdvertisingFixtures.polarH10Advertisement)
        let report = try #require(reports.first)
        #expect(reports.count == 1)
        #expect(report.address.description == "F6:4D:73:53:49:6E")
        #expect(report.address.type == .random)
        #expect(report.address.randomKind == .static)
        #expect(report.eventType == .advInd)
        #expect(report.rssi == -58)
        #expect(report.data == AdvertisingFixtures.polarH10AdvertisingData)
        let data = try AdvertisingData(decoding: report.data)
        #expect(data.localName == "Polar H10 9F6E5322")
        #expect(data.manufacturerData == [.init(companyID: 0x006B, data: [0x33, 0x00, 0x00, 0x38])])
        #expect(data.serviceUUIDs.isEmpty)
        #expect(StrapClassifier.evidence(for: data) == [.namePrefix("Polar ")])
    }

    @Test("every report of a multi-report event is decoded, in order")
    func multiReport() throws {
        let reports = try AdvertisingReport.reports(inPacket: AdvertisingFixtures.multiReport)
        #expect(reports.count == 3)
        #expect(reports.map(\.address.description) == ["F6:4D:73:53:49:6E", "F6:4D:73:53:49:6E", "02:E4:72:17:FD:E2"])
        #expect(reports.map(\.eventType.description) == ["ADV_IND", "SCAN_RSP", "ADV_NONCONN_IND"])
        #expect(reports.map(\.rssi) == [-58, -60, -55])
        #expect(reports[1].advertisingData.serviceUUIDs == [.heartRateService, BluetoothUUID(0xFEEE)])
    }

    @Test("an extended report carrying a legacy ADV_IND decodes like the legacy one")
    func extendedLegacy() throws {
        let reports = try AdvertisingReport.reports(inPacket: AdvertisingFixtures.extendedPolarH10Advertisement)
        let report = try #require(reports.first)
        #expect(reports.count == 1)
        #expect(report.address.description == "F6:4D:73:53:49:6E")
        #expect(report.address.type == .random)
        #expect(report.eventType.description == "ADV_IND")
        #expect(report.eventType.isConnectable && report.eventType.isScannable && report.eventType.isLegacy)
        #expect(report.rssi == -58)
        #expect(report.txPower == nil)
        #expect(report.isDataComplete)
        #expect(report.data == AdvertisingFixtures.polarH10AdvertisingData)
    }

    @Test("extended reports: anonymous advertisers are skipped, fragments are marked incomplete")
    func extendedAnonymousAndFragment() throws {
        let reports = try AdvertisingReport.reports(inPacket: AdvertisingFixtures.extendedAnonymousAndFragment)
        let report = try #require(reports.first)
        #expect(reports.count == 1)
        #expect(report.address.description == "C8:69:CD:46:0B:5D")
        #expect(report.address.type == .public)
        #expect(report.eventType.description == "extended(connectable)")
        #expect(!report.eventType.isLegacy)
        #expect(!report.isDataComplete)
        #expect(report.txPower == -4)
        #expect(report.rssi == -70)
        #expect(report.data == [0x02, 0x01, 0x06])
    }

    @Test(
        "events without advertising reports decode to none",
        arguments: [AdvertisingFixtures.commandComplete, AdvertisingFixtures.remoteFeaturesComplete]
    )
    func otherEvents(packet: [UInt8]) throws {
        #expect(try AdvertisingReport.reports(inPacket: packet).isEmpty)
    }

    @Test("RSSI 127 means not available")
    func rssiNotAvailable() throws {
        var packet = AdvertisingFixtures.capturedEmptyScanResponse
        packet[packet.count - 1] = 0x7F
        #expect(try AdvertisingReport.reports(inPacket: packet).first?.rssi == nil)
    }

    @Test(
        "every truncation of a packet fails, none crashes",
        arguments: [
            AdvertisingFixtures.polarH10Advertisement, AdvertisingFixtures.multiReport,
            AdvertisingFixtures.extendedPolarH10Advertisement, AdvertisingFixtures.capturedEmptyScanResponse,
        ])
    func everyTruncation(packet: [UInt8]) {
        for length in 0..<packet.count {
            #expect(throws: AdvertisingError.self, "length \(length)") {
                try AdvertisingReport.reports(inPacket: Array(packet.prefix(length)))
            }
        }
    }

    @Test(
        "malformed events name the offset and length at fault",
        arguments: [
            // Empty packet, lone H4 byte, header cut after the event code.
            ([], AdvertisingError.truncatedHeader(length: 0)),
            ([0x04], .truncatedHeader(length: 0)),
            ([0x04, 0x3E], .truncatedHeader(length: 1)),
            // An ACL data packet (H4 type 0x02) is not an event.
            ([0x02, 0x40, 0x20], .notAnEvent(packetType: 0x02)),
            // The parameter length says 43; 10 bytes follow.
            (
                Array(AdvertisingFixtures.polarH10Advertisement.prefix(13)),
                .lengthMismatch(offset: 2, declared: 43, actual: 10)
            ),
            // One report announced, its header cut after 8 of 9 bytes (length byte fixed up to match).
            (
                [0x04, 0x3E, 0x0A, 0x02, 0x01, 0x00, 0x01, 0x6E, 0x49, 0x53, 0x73, 0x4D, 0xF6],
                .truncated(part: "report 1 of 1 (header)", offset: 5, needed: 9, available: 8)
            ),
            // Data length 31, five data bytes present.
            (
                [
                    0x04, 0x3E, 0x10, 0x02, 0x01, 0x00, 0x01, 0x6E, 0x49, 0x53, 0x73, 0x4D, 0xF6, 0x1F, 0x02, 0x01,
                    0x06, 0x07, 0xFF,
                ],
                .truncated(part: "report 1 of 1 (data)", offset: 14, needed: 31, available: 5)
            ),
            // The RSSI byte is missing.
            (
                [0x04, 0x3E, 0x0B, 0x02, 0x01, 0x04, 0x00, 0xB3, 0x0B, 0x7C, 0x8F, 0xE2, 0x58, 0x00],
                .truncated(part: "report 1 of 1 (RSSI)", offset: 14, needed: 1, available: 0)
            ),
            // Two reports announced, one present.
            (
                [0x04, 0x3E, 0x0C, 0x02, 0x02, 0x04, 0x00, 0xB3, 0x0B, 0x7C, 0x8F, 0xE2, 0x58, 0x00, 0xD4],
                .truncated(part: "report 2 of 2 (header)", offset: 15, needed: 9, available: 0)
            ),
            // No report count after the subevent code.
            ([0x04, 0x3E, 0x01, 0x02], .truncated(part: "report count", offset: 4, needed: 1, available: 0)),
            // One byte after the last report.
            (
                [0x04, 0x3E, 0x0D, 0x02, 0x01, 0x04, 0x00, 0xB3, 0x0B, 0x7C, 0x8F, 0xE2, 0x58, 0x00, 0xD4, 0x00],
                .trailingBytes(offset: 15, count: 1)
            ),
            // Event type 0x05 does not exist.
            (
                [0x04, 0x3E, 0x0C, 0x02, 0x01, 0x05, 0x00, 0xB3, 0x0B, 0x7C, 0x8F, 0xE2, 0x58, 0x00, 0xD4],
                .invalidEventType(report: 1, offset: 5, value: 0x05)
            ),
            // Address type 0x04 does not exist.
            (
                [0x04, 0x3E, 0x0C, 0x02, 0x01, 0x04, 0x04, 0xB3, 0x0B, 0x7C, 0x8F, 0xE2, 0x58, 0x00, 0xD4],
                .invalidAddressType(report: 1, offset: 6, value: 0x04)
            ),
            // 32 bytes of data in a legacy report.
            (
                [0x04, 0x3E, 0x2C, 0x02, 0x01, 0x00, 0x00, 0xB3, 0x0B, 0x7C, 0x8F, 0xE2, 0x58, 0x20]
                    + [UInt8](repeating: 0, count: 33),
                .dataTooLong(report: 1, offset: 13, length: 32)
            ),
        ] as [([UInt8], AdvertisingError)]
    )
    func malformed(packet: [UInt8], expected: AdvertisingError) {
        let error = #expect(throws: AdvertisingError.self) { try AdvertisingReport.reports(inPacket: packet) }
        #expect(error == expected)
        #expect(error.map { !$0.description.contains("\n") } == true)
    }

    @Test("messages name the part, offset and lengths")
    func messages() {
        #expect(
            AdvertisingError.truncated(part: "report 2 of 3 (header)", offset: 40, needed: 9, available: 4).description
                == "HCI event is truncated: report 2 of 3 (header) at offset 40 needs 9 bytes, only 4 remain"
        )
        #expect(
            AdvertisingError.lengthMismatch(offset: 2, declared: 43, actual: 10).description
                == "HCI event declares 43 bytes of parameters (length byte at offset 2) but carries 10"
        )
        #expect(
            AdvertisingError.invalidStructureLength(type: 0x0A, offset: 3, length: 2, expected: "exactly 1 byte (dBm)")
                .description
                == "AD structure 0x0A (TX power level) at offset 3 has 2 bytes of data; it needs exactly 1 byte (dBm)"
        )
    }
}
