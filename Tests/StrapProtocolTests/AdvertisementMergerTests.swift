import RetroWalkTesting
import StrapProtocol
import Testing

@Suite("Merging a scan's reports per device")
struct AdvertisementMergerTests {
    static let polar = LEAddress(bytes: [0xF6, 0x4D, 0x73, 0x53, 0x49, 0x6E], type: .random)

    func merged(_ packets: [UInt8]...) throws -> AdvertisementMerger {
        var merger = AdvertisementMerger()
        for packet in packets { merger.add(contentsOf: try AdvertisingReport.reports(inPacket: packet)) }
        return merger
    }

    @Test("ADV_IND and SCAN_RSP of one strap become one device: name, services, latest RSSI")
    func advertisementAndScanResponse() throws {
        // Given the H10's advertisement (name, no UUIDs) and then its scan response (UUIDs, no name)
        let merger = try merged(AdvertisingFixtures.polarH10Advertisement, AdvertisingFixtures.polarH10ScanResponse)
        // Then there is one device with both halves
        #expect(merger.advertisements.count == 1)
        let strap = try #require(merger[Self.polar])
        #expect(strap.name == "Polar H10 9F6E5322")
        #expect(strap.data.serviceUUIDs == [.heartRateService, BluetoothUUID(0xFEEE)])
        #expect(strap.data.manufacturerData.first?.companyID == 0x006B)
        #expect(strap.rssi == -60)
        #expect(strap.isConnectable)
        #expect(strap.hasScanResponse)
        #expect(strap.reportCount == 2)
        #expect(strap.advertisesHeartRateService)
        #expect(strap.strapEvidence == [.heartRateService, .namePrefix("Polar ")])
        #expect(strap.dataError == nil)
    }

    @Test("a multi-report event merges like separate events")
    func multiReport() throws {
        let one = try merged(AdvertisingFixtures.multiReport)
        let separate = try merged(
            AdvertisingFixtures.polarH10Advertisement,
            AdvertisingFixtures.polarH10ScanResponse,
            AdvertisingFixtures.capturedNonConnectable
        )
        #expect(one.advertisements == separate.advertisements)
        #expect(one.advertisements.count == 2)
    }

    @Test("the name that arrives only in the scan response is kept when advertisements repeat")
    func nameOnlyInScanResponse() throws {
        let merger = try merged(
            AdvertisingFixtures.capturedProximity,
            AdvertisingFixtures.capturedEmptyScanResponse,
            AdvertisingFixtures.capturedProximity
        )
        let device = try #require(merger.advertisements.first)
        #expect(merger.advertisements.count == 1)
        #expect(device.name == "Proximity")
        #expect(device.rssi == -45)
        #expect(device.reportCount == 3)
        #expect(!device.isHeartRateStrap)
    }

    @Test("a later report without RSSI keeps the last known one; a shortened name does not replace a complete one")
    func keepsKnownValues() {
        var merger = AdvertisementMerger()
        merger.add(
            AdvertisingReport(
                address: Self.polar, eventType: .advInd, rssi: -61, data: [0x05, 0x09, 0x48, 0x52, 0x4D, 0x31]))
        merger.add(
            AdvertisingReport(
                address: Self.polar, eventType: .scanResponse, rssi: nil, data: [0x04, 0x08, 0x48, 0x52, 0x4D]))
        let device = merger.advertisements[0]
        #expect(device.rssi == -61)
        #expect(device.name == "HRM1")
        #expect(device.data.isLocalNameComplete)
    }

    @Test("the same bytes with another address type are another device")
    func addressTypeMatters() {
        var merger = AdvertisementMerger()
        let publicTwin = LEAddress(bytes: Self.polar.bytes, type: .public)
        merger.add(AdvertisingReport(address: Self.polar, eventType: .advInd, rssi: -50, data: []))
        merger.add(AdvertisingReport(address: publicTwin, eventType: .advInd, rssi: -50, data: []))
        #expect(merger.advertisements.count == 2)
    }

    @Test("a malformed payload contributes what is well formed and is noted")
    func malformedPayload() {
        var merger = AdvertisementMerger()
        merger.add(
            AdvertisingReport(
                address: Self.polar, eventType: .advInd, rssi: -50, data: [0x03, 0x03, 0x0D, 0x18, 0x09, 0x09, 0x50]))
        let device = merger.advertisements[0]
        #expect(device.advertisesHeartRateService)
        #expect(device.dataError == .truncatedStructure(offset: 4, length: 9, available: 2))
    }

    @Test("listing order: straps first, strongest first, then by address; others only when asked")
    func ranking() {
        var merger = AdvertisementMerger()
        func add(_ last: UInt8, rssi: Int8?, strap: Bool) {
            let address = LEAddress(bytes: [0xC0, 0, 0, 0, 0, last], type: .random)
            merger.add(
                AdvertisingReport(
                    address: address, eventType: .advInd, rssi: rssi, data: strap ? [0x03, 0x03, 0x0D, 0x18] : []))
        }
        add(1, rssi: -80, strap: true)
        add(2, rssi: -40, strap: false)
        add(3, rssi: nil, strap: true)
        add(4, rssi: -50, strap: true)
        add(5, rssi: -50, strap: true)
        add(6, rssi: -90, strap: false)
        let last = { (devices: [Advertisement]) in devices.map { $0.address.bytes[5] } }
        #expect(last(merger.ranked()) == [4, 5, 1, 3])
        #expect(last(merger.ranked(includingAll: true)) == [4, 5, 1, 3, 2, 6])
    }

    @Test("an address prints in written order; the random kind comes from the top two bits")
    func addresses() {
        #expect(LEAddress(littleEndian: [0x6E, 0x49, 0x53, 0x73, 0x4D, 0xF6], type: .random) == Self.polar)
        #expect(Self.polar.description == "F6:4D:73:53:49:6E")
        #expect(LEAddress(bytes: [0x4A, 0, 0, 0, 0, 1], type: .random).randomKind == .resolvablePrivate)
        #expect(LEAddress(bytes: [0x00, 0x22, 0xD0, 0, 0, 1], type: .public).randomKind == nil)
        #expect(LEAddress.AddressType(hciValue: 0x02) == .public)
        #expect(LEAddress.AddressType(hciValue: 0x03) == .random)
        #expect(LEAddress.AddressType(hciValue: 0x04) == nil)
    }
}
