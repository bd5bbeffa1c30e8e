import RetroWalkCore
import StrapProtocol
import Testing

@Suite("GATT client: Service Changed")
struct ServiceChangedTests {
    /// polarH7 with a vendor service inserted between GATT and Heart Rate: HRS, DIS, BAS and the vendor service
    /// move up by three handles (HRM value 0x0011 → 0x0014, CCCD 0x0012 → 0x0015); GAP and GATT stay.
    static let movedPolarH7: StrapLayout = {
        var layout = StrapLayout.polarH7
        layout.name = "polarH7Moved"
        layout.services.insert(
            StrapLayout.Service(
                uuid: BluetoothUUID(0xFEEE),
                characteristics: [
                    StrapLayout.Characteristic(uuid: BluetoothUUID(0xFEE1), properties: .read, value: [1])
                ]
            ),
            at: 2
        )
        return layout
    }()

    /// Every `.ready` so far, in order.
    static func readies(_ link: Link) -> [StrapInfo] {
        link.events.compactMap { event in
            if case .ready(let info) = event { return info }
            return nil
        }
    }

    /// A linked client and strap after discovery and `seconds` of notifications.
    static func streaming(_ layout: StrapLayout = .polarH7, seconds: Int = 3) throws -> Link {
        var link = Link(layout: layout)
        link.start()
        _ = try #require(link.info, "no .ready; events: \(link.events)")
        for second in 1...seconds { link.advance(to: Double(second)) }
        #expect(link.measurements.count == seconds)
        return link
    }

    @Test(
        "the client subscribes to Service Changed indications with 02 00 on its CCCD",
        arguments: [StrapLayout.polarH7, .compact, .noBattery]
    )
    func subscription(layout: StrapLayout) throws {
        var link = Link(layout: layout)
        link.start()
        let info = try #require(link.info)
        let cccd = try #require(layout.descriptorHandle(.clientCharacteristicConfiguration, of: .serviceChanged))
        #expect(info.serviceChangedCCCDHandle == cccd)
        #expect(info.rediscoveryCount == 0)
        #expect(link.clientPDUs.contains(ATTPDU.writeRequest(handle: cccd, value: [0x02, 0x00]).bytes))
        #expect(link.strap.isIndicatingServiceChanged)
    }

    @Test("without a Service Changed CCCD there is no subscription and discovery still finishes")
    func noServiceChangedCCCD() throws {
        var layout = StrapLayout.noBattery
        layout.services[1].characteristics[0].descriptors = []
        var link = Link(layout: layout)
        link.start()
        let info = try #require(link.info)
        #expect(info.serviceChangedCCCDHandle == nil)
        #expect(!link.clientPDUs.contains { $0.first == 0x12 && $0.suffix(2) == [0x02, 0x00] })
        #expect(info.manufacturer == "Generic")
    }

    @Test("an indication over the Heart Rate Service is confirmed, rediscovered, and notifications go on")
    func rediscoveryOnSameLayout() throws {
        // Given a client streaming from a polarH7 strap
        var link = try Self.streaming()
        let first = try #require(link.info)
        let sentBefore = link.clientPDUs.count

        // When the strap indicates a change of the Heart Rate Service's handles
        let indication = link.strap.indicateServiceChanged(start: 0x000F, end: 0x0014)
        #expect(indication == [hex("1d 0c 00 0f 00 14 00")])
        #expect(link.strap.isAwaitingConfirmation)
        link.deliver(indication)

        // Then the client confirms first, then discovers again from primary services (no new Exchange MTU)
        let after = Array(link.clientPDUs[sentBefore...])
        #expect(after.first == [0x1E])
        #expect(!link.strap.isAwaitingConfirmation)
        #expect(after.dropFirst().first == hex("10 01 00 ff ff 00 28"))
        #expect(!after.contains(hex("02 f7 00")))
        #expect(after.contains(hex("12 12 00 01 00")))  // HRM notifications enabled again
        #expect(after.last == hex("12 0d 00 02 00"))  // and Service Changed indications
        // … ending in a second .ready with the same handles, marked as a rediscovery of the same link
        let readies = Self.readies(link)
        #expect(readies.count == 2)
        let second = try #require(readies.last)
        #expect(second.rediscoveryCount == 1)
        var expected = first
        expected.rediscoveryCount = 1
        #expect(second == expected)
        #expect(link.client.strapInfo == second)
        #expect(link.disconnectReason == nil)
        #expect(!link.client.isDisconnected)
        // The battery was read again on the way.
        #expect(link.events.filter { $0 == .battery(87) }.count == 2)

        // And notifications keep coming, one a second
        for second in 4...8 { link.advance(to: Double(second)) }
        #expect(link.measurements.count == 8)
    }

    @Test("after the database moves, the client follows the Heart Rate Measurement to its new handles")
    func rediscoveryAfterMove() throws {
        // Given a client streaming from a polarH7 strap
        var link = try Self.streaming()
        let moved = Self.movedPolarH7
        let newValue = try #require(moved.valueHandle(of: .heartRateMeasurement))
        let newCCCD = try #require(
            moved.descriptorHandle(.clientCharacteristicConfiguration, of: .heartRateMeasurement))
        #expect(newValue == 0x0014)
        #expect(newCCCD == 0x0015)

        // When the strap's database changes under it (HRS and everything after it move)
        let indication = link.strap.changeLayout(to: moved)
        #expect(indication == [hex("1d 0c 00 0f 00 ff ff")])
        #expect(!link.strap.isNotifying)  // the moved CCCD starts at 00 00
        link.deliver(indication)

        // Then the client finds the new handles, enables notifications there and reports ready again
        let info = try #require(Self.readies(link).last)
        #expect(Self.readies(link).count == 2)
        #expect(info.rediscoveryCount == 1)
        #expect(info.heartRateMeasurementHandle == newValue)
        #expect(info.heartRateCCCDHandle == newCCCD)
        #expect(info.services == moved.discoveredServices)
        #expect(info.batteryLevelHandle == moved.valueHandle(of: .batteryLevel))
        #expect(info.manufacturer == "Polar Electro Oy")
        #expect(info.serviceChangedCCCDHandle == 0x000D)
        #expect(link.clientPDUs.contains(ATTPDU.writeRequest(handle: newCCCD, value: [1, 0]).bytes))
        #expect(link.strap.isNotifying)
        #expect(link.disconnectReason == nil)

        // And measurements arrive on the new handle
        for second in 4...10 { link.advance(to: Double(second)) }
        #expect(link.measurements.count == 10)
        let invalid = link.events.filter { if case .invalidMeasurement = $0 { true } else { false } }
        #expect(invalid.isEmpty)
    }

    @Test(
        "an indication for a range no used service overlaps is confirmed and changes nothing",
        arguments: [(UInt16(0x0001), UInt16(0x0009)), (0x0028, 0xFFFF), (0x0030, 0x0040)]
    )
    func unrelatedRange(start: UInt16, end: UInt16) throws {
        // Given a client streaming from a polarH7 strap (GAP 0x0001–0x0009, vendor 0x0028–0xFFFF)
        var link = try Self.streaming()
        let sentBefore = link.clientPDUs.count

        // When the strap indicates a change outside HRS, DIS, BAS and GATT
        link.deliver(link.strap.indicateServiceChanged(start: start, end: end))

        // Then only the confirmation goes out, and there is no second .ready
        #expect(Array(link.clientPDUs[sentBefore...]) == [[0x1E]])
        #expect(Self.readies(link).count == 1)
        #expect(!link.strap.isAwaitingConfirmation)
        link.advance(to: 5)
        #expect(link.measurements.count == 5)
    }

    @Test(
        "during a rediscovery, notifications on the old handle are kept unless the changed range covers it",
        arguments: [(UInt16(0x0015), UInt16(0x0023), true), (0x000F, 0x0014, false), (0x0001, 0xFFFF, false)]
    )
    func notificationsDuringRediscovery(start: UInt16, end: UInt16, keepsOldHandle: Bool) throws {
        // Given a streaming client whose rediscovery will stall at its first request
        var link = try Self.streaming()
        link.holdResponses = .readByGroupTypeRequest

        // When a change is indicated and the strap notifies before the rediscovery gets anywhere
        link.deliver(link.strap.indicateServiceChanged(start: start, end: end))
        #expect(link.clientPDUs.suffix(2) == [[0x1E], hex("10 01 00 ff ff 00 28")])
        link.advance(to: 4)

        // Then the notification counts only if its handle was left out of the change
        #expect(link.measurements.count == (keepsOldHandle ? 4 : 3))
        #expect(link.client.isReady)  // the previous results stay until the new ones are in
        #expect(link.client.strapInfo?.rediscoveryCount == 0)

        // And once the rediscovery finishes, every notification counts again
        link.releaseHeld()
        #expect(Self.readies(link).last?.rediscoveryCount == 1)
        link.advance(to: 6)
        #expect(link.measurements.count == (keepsOldHandle ? 6 : 5))
    }

    @Test("an indication while discovery runs is checked when it ends: a single .ready after a second run")
    func indicationDuringDiscovery() throws {
        // Given discovery held at the Service Changed subscription (its Write Response not yet delivered)
        var link = Link(layout: .polarH7)
        link.holdResponses = .writeRequest
        link.start()
        while link.clientPDUs.last != hex("12 0d 00 02 00") {
            let held = link.held
            link.held = []
            try #require(!held.isEmpty, "stuck at \(link.clientPDUs.last ?? [])")
            link.deliver(held)
        }
        #expect(link.strap.isIndicatingServiceChanged)
        let sentBefore = link.clientPDUs.count

        // When an indication over HRS arrives first
        link.deliver(link.strap.indicateServiceChanged(start: 0x0001, end: 0xFFFF))
        #expect(Array(link.clientPDUs[sentBefore...]) == [[0x1E]])
        link.releaseHeld()

        // Then discovery runs once more and only then reports ready (a first .ready: count 0)
        let readies = Self.readies(link)
        #expect(readies.count == 1)
        #expect(readies.first?.rediscoveryCount == 0)
        #expect(link.clientPDUs.filter { $0 == hex("10 01 00 ff ff 00 28") }.count == 2)
        #expect(link.clientPDUs.filter { $0 == hex("02 f7 00") }.count == 1)
        #expect(link.disconnectReason == nil)
    }

    @Test("a change that removes the Heart Rate Service drops the link with the usual reason")
    func heartRateServiceRemoved() throws {
        var link = try Self.streaming()
        var speaker = StrapLayout.polarH7
        speaker.services.removeAll { $0.uuid == .heartRateService }
        link.deliver(link.strap.changeLayout(to: speaker))
        #expect(link.disconnectReason?.hasPrefix("the Heart Rate Service (0x180D) was not found") == true)
    }

    @Test("the simulated strap indicates only when subscribed and one indication at a time")
    func serverIndications() {
        var strap = SimulatedStrap(layout: .polarH7)
        #expect(strap.indicateServiceChanged(start: 1, end: 0xFFFF) == [])
        #expect(strap.receive(hex("12 0d 00 01 00")) == [hex("01 12 0d 00 fd")])  // notify: not allowed
        #expect(strap.receive(hex("12 0d 00 02 00")) == [hex("13")])
        #expect(strap.receive(hex("0a 0d 00")) == [hex("0b 02 00")])
        #expect(strap.isIndicatingServiceChanged)
        #expect(strap.indicateServiceChanged(start: 1, end: 0xFFFF) == [hex("1d 0c 00 01 00 ff ff")])
        #expect(strap.indicateServiceChanged(start: 1, end: 0xFFFF) == [])
        #expect(strap.receive(hex("1e")) == [])
        #expect(!strap.isAwaitingConfirmation)
        #expect(strap.indicateServiceChanged(start: 0x0F, end: 0x14) == [hex("1d 0c 00 0f 00 14 00")])
        #expect(strap.changeLayout(to: .polarH7) == [])  // nothing changed
        strap.disconnect()
        #expect(!strap.isIndicatingServiceChanged)
        #expect(!strap.isAwaitingConfirmation)
    }
}
