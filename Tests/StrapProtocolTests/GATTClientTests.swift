import RetroWalkCore
import StrapProtocol
import Testing

@Suite("GATT client against the simulated strap")
struct GATTClientTests {
    static let layouts: [StrapLayout] = [.polarH7, .compact, .noBattery]

    @Test("discovery finds the Heart Rate Measurement and its CCCD by discovery, for every layout", arguments: layouts)
    func discovery(layout: StrapLayout) throws {
        // Given a client linked to a strap with this layout
        var link = Link(layout: layout)

        // When the client starts
        link.start()

        // Then it becomes ready with the handles the layout defines, and notifications are on at the strap
        let info = try #require(link.info, "no .ready; events: \(link.events)")
        #expect(link.disconnectReason == nil)
        #expect(info.services == layout.discoveredServices)
        #expect(info.heartRateMeasurementHandle == layout.valueHandle(of: .heartRateMeasurement))
        #expect(
            info.heartRateCCCDHandle
                == layout.descriptorHandle(.clientCharacteristicConfiguration, of: .heartRateMeasurement)
        )
        #expect(info.bodySensorLocationHandle == layout.valueHandle(of: .bodySensorLocation))
        #expect(info.batteryLevelHandle == layout.valueHandle(of: .batteryLevel))
        #expect(info.mtu == min(247, layout.serverMTU))
        #expect(link.strap.isNotifying)
        #expect(link.client.isReady)
        #expect(link.client.strapInfo == info)
        // One outstanding request at a time: every client request got exactly one answer before the next.
        var outstanding = 0
        for (direction, pdu) in link.transcript {
            if direction == .toStrap {
                #expect(outstanding == 0)
                outstanding += ATTOpcode(rawValue: pdu[0]).method == .request ? 1 : 0
            } else {
                outstanding -= 1
            }
        }
        #expect(outstanding == 0)
    }

    @Test("polarH7: HRS 0x000F–0x0014, value 0x0011, CCCD 0x0012, byte-exact request sequence")
    func polarH7Transcript() throws {
        var link = Link(layout: .polarH7)
        link.start()
        let info = try #require(link.info)
        #expect(
            info.services.first { $0.uuid == .heartRateService }
                == DiscoveredService(uuid: .heartRateService, start: 0x000F, end: 0x0014))
        #expect(info.heartRateMeasurementHandle == 0x0011)
        #expect(info.heartRateCCCDHandle == 0x0012)
        #expect(info.bodySensorLocation == .chest)
        #expect(info.batteryLevel == 87)
        #expect(info.batteryCCCDHandle == 0x0027)
        #expect(info.mtu == 23)
        #expect(
            info.services.last
                == DiscoveredService(
                    uuid: BluetoothUUID("6217ff49-ac7b-547e-eecf-016a06970ba9")!, start: 0x0028, end: 0xFFFF))
        #expect(
            link.clientPDUs
                == [
                    "02 f7 00",  // Exchange MTU, 247
                    "10 01 00 ff ff 00 28",  // primary services from 0x0001
                    "10 15 00 ff ff 00 28",  // … from after HRS (three 16-bit entries fit at MTU 23)
                    "10 28 00 ff ff 00 28",  // … the 128-bit vendor service, which ends at 0xFFFF: stop
                    "08 0f 00 14 00 03 28",  // HRS characteristics
                    "08 14 00 14 00 03 28",  // … continue after the last declaration: Attribute Not Found
                    "08 24 00 27 00 03 28",  // BAS characteristics
                    "08 26 00 27 00 03 28",  // … Attribute Not Found
                    "04 12 00 12 00",  // HRM descriptors (value + 1 … next declaration − 1)
                    "04 27 00 27 00",  // Battery Level descriptors
                    "12 12 00 01 00",  // enable HRM notifications
                    "0a 14 00",  // read Body Sensor Location
                    "0a 26 00",  // read Battery Level
                    "12 27 00 01 00",  // enable Battery Level notifications
                    "08 15 00 23 00 03 28",  // DIS characteristics (three 7-byte entries fit at MTU 23)
                    "08 1b 00 23 00 03 28",  // …
                    "08 21 00 23 00 03 28",  // …
                    "08 23 00 23 00 03 28",  // … Attribute Not Found
                    "0a 23 00",  // read Manufacturer Name
                    "0a 19 00",  // read Model Number
                    "0a 1d 00",  // read Firmware Revision
                    "08 0a 00 0e 00 03 28",  // GATT service characteristics
                    "08 0c 00 0e 00 03 28",  // … Attribute Not Found
                    "04 0d 00 0e 00",  // Service Changed descriptors
                    "12 0d 00 02 00",  // enable Service Changed indications
                ].map(hex)
        )
        #expect(link.events.first == .battery(87))
    }

    @Test("compact: the CCCD is not value + 1 and Attribute Not Found ends service discovery")
    func compactLayout() throws {
        var link = Link(layout: .compact)
        link.start()
        let info = try #require(link.info)
        #expect(info.heartRateMeasurementHandle == 0x0010)
        #expect(info.heartRateCCCDHandle == 0x0012)
        #expect(info.controlPointHandle == 0x0016)
        #expect(info.batteryLevel == 64)
        #expect(info.mtu == 185)
        #expect(link.clientPDUs.contains(hex("10 1e 00 ff ff 00 28")))
        #expect(link.clientPDUs.contains(hex("04 11 00 12 00")))
        #expect(link.clientPDUs.contains(hex("12 12 00 01 00")))
    }

    @Test("a strap without Battery Service or Body Sensor Location still becomes ready")
    func noBattery() throws {
        var link = Link(layout: .noBattery)
        link.start()
        let info = try #require(link.info)
        #expect(info.heartRateMeasurementHandle == 0x000E)
        #expect(info.heartRateCCCDHandle == 0x000F)
        #expect(!info.hasBattery)
        #expect(info.batteryLevel == nil)
        #expect(info.bodySensorLocation == nil)
        #expect(!link.events.contains { if case .battery = $0 { true } else { false } })
    }

    @Test("measurements flow once a second after discovery", arguments: layouts)
    func notificationsFlow(layout: StrapLayout) throws {
        var link = Link(layout: layout)
        link.start()
        _ = try #require(link.info)
        for second in 1...20 { link.advance(to: Double(second), effort: .forward) }
        let measurements = link.measurements
        #expect(measurements.count == 20)
        #expect(measurements.allSatisfy { $0.contact == .detected && (60...110).contains($0.beatsPerMinute) })
        #expect(measurements.map { $0.energyKilojoules != nil } == (1...20).map { $0 % 10 == 0 })
        #expect(measurements.reduce(0) { $0 + $1.rrIntervals.count } >= 20)
    }

    @Test("a notification that arrives before the CCCD write response is delivered")
    func notificationBeforeWriteResponse() throws {
        // Given discovery that stops with the CCCD Write Response held back
        var link = Link(layout: .polarH7)
        link.holdResponses = .writeRequest
        link.start()
        #expect(link.info == nil)
        #expect(link.held == [hex("13")])

        // When the strap, already notifying, sends a measurement first
        link.now = 1
        let notifications = link.strap.advance(to: 1, effort: .rest)
        link.deliver(notifications)

        // Then the measurement is delivered, and the late Write Response completes discovery
        #expect(link.measurements.count == 1)
        #expect(link.info == nil)
        link.releaseHeld()
        #expect(link.info != nil)
        #expect(link.measurements.count == 1)
    }

    @Test(
        "requests from the peer are answered Request Not Supported, commands are not",
        arguments: [
            ("02 17 00", [hex("01 02 00 00 06")]),
            ("10 01 00 ff ff 00 28", [hex("01 10 00 00 06")]),
            ("0a 03 00", [hex("01 0a 00 00 06")]),
            ("3f 01", [hex("01 3f 00 00 06")]),
            ("52 03 00 01", []),
            ("d2 03 00 01", []),
            ("1e", []),
        ]
    )
    func peerRequests(pdu: String, answers: [[UInt8]]) {
        var client = GATTClient()
        _ = client.start(at: 0)
        let actions = client.receive(hex(pdu), at: 1)
        #expect(actions == answers.map { .send($0) })
        // The pending Exchange MTU is undisturbed: its response still continues discovery.
        #expect(client.receive(hex("03 17 00"), at: 2) == [.send(hex("10 01 00 ff ff 00 28"))])
    }

    @Test("a peer request in the middle of discovery does not disturb it")
    func peerRequestDuringDiscovery() throws {
        var link = Link(layout: .polarH7)
        link.holdResponses = .readByTypeRequest
        link.start()
        let held = link.held
        link.holdResponses = nil
        link.held = []
        #expect(link.client.receive(hex("10 01 00 ff ff 00 28"), at: 0) == [.send(hex("01 10 00 00 06"))])
        link.deliver(held)
        _ = try #require(link.info)
    }

    @Test("indications are confirmed, and one on the HRM handle is delivered too")
    func indications() throws {
        var client = GATTClient()
        _ = client.start(at: 0)
        #expect(client.receive(hex("1d 08 00 0a 00 ff ff"), at: 0) == [.send([0x1E])])

        var link = Link(layout: .polarH7)
        link.start()
        _ = try #require(link.info)
        let actions = link.client.receive(hex("1d 11 00 16 48 54 01 ec 02"), at: 5)
        #expect(
            actions == [
                .send([0x1E]),
                .measurement(HeartRateMeasurement(beatsPerMinute: 72, contact: .detected, rrIntervals: [340, 748])),
            ]
        )
    }

    @Test("responses that match no pending request are discarded")
    func unmatchedResponses() {
        var client = GATTClient()
        // Before start nothing is pending.
        #expect(client.receive(hex("03 17 00"), at: 0) == [])
        #expect(client.start(at: 0) == [.send(hex("02 f7 00"))])
        #expect(client.start(at: 0) == [])
        // Wrong response opcode, error for another request, late error with a handle outside the request.
        #expect(client.receive(hex("0b 55"), at: 0) == [])
        #expect(client.receive(hex("13"), at: 0) == [])
        #expect(client.receive(hex("01 0a 14 00 02"), at: 0) == [])
        // A malformed PDU that does not answer the pending request is ignored too.
        #expect(client.receive(hex("09 07 10"), at: 0) == [])
        #expect(client.receive(hex("03 17 00"), at: 0) == [.send(hex("10 01 00 ff ff 00 28"))])
        // A duplicate MTU response (bluez/bluez#2486) is discarded, and so is an error for another request.
        #expect(client.receive(hex("03 17 00"), at: 0) == [])
        #expect(client.receive(hex("01 08 0f 00 0a"), at: 0) == [])
        #expect(!client.isDisconnected)
    }

    @Test("an Error Response for another handle than the pending read is discarded")
    func lateErrorForAnotherHandle() throws {
        // Given discovery waiting for its Read of Body Sensor Location (0x0014)
        var link = Link(layout: .polarH7)
        link.holdResponses = .readRequest
        link.start()
        #expect(link.held == [hex("0b 01")])

        // When a late Error Response for a read of 0x0026 arrives
        #expect(link.client.receive(hex("01 0a 26 00 02"), at: 0) == [])

        // Then the real answer still completes discovery
        link.releaseHeld()
        let info = try #require(link.info)
        #expect(info.bodySensorLocation == .chest)
    }

    @Test("a request pending more than 30 s disconnects")
    func transactionTimeout() throws {
        var client = GATTClient()
        _ = client.start(at: 1)
        #expect(client.tick(at: 20) == [])
        #expect(client.tick(at: 31) == [])
        let actions = client.tick(at: 31.5)
        let action = try #require(actions.first)
        guard case .disconnect(let reason) = action else {
            Issue.record("expected .disconnect, got \(actions)")
            return
        }
        #expect(
            reason
                == "ATT Exchange MTU Request (0x02) '02 f7 00' got no response within 30 s (sent at 1.0 s, now 31.5 s); "
                + "ATT allows no further requests on this link, so reconnect to the strap"
        )
        #expect(client.isDisconnected)
        #expect(client.receive(hex("03 17 00"), at: 32) == [])
        #expect(client.tick(at: 40) == [])
    }

    @Test("a response that arrives after the timeout disconnects instead of continuing")
    func lateResponse() {
        var client = GATTClient()
        _ = client.start(at: 0)
        let actions = client.receive(hex("03 17 00"), at: 30.5)
        #expect(actions.count == 1)
        #expect(client.isDisconnected)
    }

    @Test("a refused Exchange MTU keeps ATT_MTU 23 and discovery goes on")
    func refusedMTU() {
        var client = GATTClient()
        _ = client.start(at: 0)
        #expect(client.receive(hex("01 02 00 00 06"), at: 0) == [.send(hex("10 01 00 ff ff 00 28"))])
        #expect(client.mtu == 23)
    }

    @Test(
        "effective MTU is the smaller of both, never below 23",
        arguments: [(UInt16(247), UInt16(185), UInt16(185)), (100, 517, 100), (247, 10, 23), (600, 517, 517)])
    func mtuNegotiation(preferred: UInt16, server: UInt16, effective: UInt16) {
        var client = GATTClient(preferredMTU: preferred)
        _ = client.start(at: 0)
        _ = client.receive(ATTPDU.exchangeMTUResponse(serverMTU: server).bytes, at: 0)
        #expect(client.mtu == effective)
    }

    @Test("a malformed answer to the pending request disconnects with the codec's message")
    func malformedAnswer() throws {
        var client = GATTClient()
        _ = client.start(at: 0)
        let actions = client.receive(hex("03 17"), at: 0)
        #expect(
            actions == [
                .disconnect(
                    reason:
                        "ATT Exchange MTU Response (0x03) '03 17' is 2 bytes; it must be exactly 3; the peer sent a "
                        + "malformed PDU (answering Exchange MTU Request (0x02))"
                )
            ]
        )
    }

    @Test("a server that lists services out of order is dropped instead of looping")
    func outOfOrderServices() {
        var client = GATTClient()
        _ = client.start(at: 0)
        _ = client.receive(hex("03 17 00"), at: 0)
        let actions = client.receive(hex("11 06 05 00 09 00 00 18 01 00 04 00 0d 18"), at: 0)
        #expect(
            actions == [
                .disconnect(
                    reason: "primary service discovery from 0x0001 returned the entry 0x0001–0x0004 '0d 18', which is "
                        + "out of order or not a UUID; the strap's GATT server is faulty, so power-cycle the strap "
                        + "and reconnect"
                )
            ]
        )
    }

    @Test("a malformed measurement is reported and the link stays up")
    func invalidMeasurement() throws {
        var link = Link(layout: .polarH7)
        link.start()
        _ = try #require(link.info)
        let actions = link.client.receive(hex("1b 11 00 10 48 54"), at: 3)
        #expect(
            actions == [.invalidMeasurement("value is 3 bytes; flags 0x10 need at least 4 (flags, 8-bit HR, one RR)")])
        #expect(!link.client.isDisconnected)
        // Notifications on other handles are ignored.
        #expect(link.client.receive(hex("1b 03 00 50 6f"), at: 3) == [])
    }

    @Test("battery level notifications are delivered")
    func batteryNotifications() throws {
        var link = Link(layout: .polarH7)
        link.start()
        _ = try #require(link.info)
        link.advance(to: 601, effort: .rest)
        #expect(link.events.filter { if case .battery = $0 { true } else { false } } == [.battery(87), .battery(86)])
        #expect(link.client.strapInfo?.batteryLevel == 86)
        #expect(link.measurements.count == 601)
    }

    @Test("a device without a Heart Rate Service is dropped with a reason")
    func missingHeartRateService() {
        let layout = StrapLayout(
            name: "speaker",
            serverMTU: 23,
            services: [
                StrapLayout.Service(uuid: .genericAccess, characteristics: [.string(.deviceName, "Speaker")]),
                StrapLayout.Service(uuid: .batteryService, characteristics: [.string(.batteryLevel, "d")]),
            ]
        )
        var link = Link(layout: layout)
        link.start()
        #expect(
            link.disconnectReason
                == "the Heart Rate Service (0x180D) was not found among the strap's 2 primary services (0x1800, 0x180F); "
                + "this device is not a heart-rate strap, so pick another one with 'retrowalk scan'"
        )
        #expect(link.client.isDisconnected)
    }

    @Test("a Heart Rate Measurement without a CCCD is dropped with a reason")
    func missingCCCD() {
        let layout = StrapLayout(
            name: "broken",
            serverMTU: 23,
            services: [
                StrapLayout.Service(
                    uuid: .heartRateService,
                    characteristics: [StrapLayout.Characteristic(uuid: .heartRateMeasurement, properties: .notify)]
                )
            ]
        )
        var link = Link(layout: layout)
        link.start()
        #expect(
            link.disconnectReason?.hasPrefix("the Heart Rate Measurement characteristic has no CCCD (0x2902)") == true)
    }

    @Test("a refused CCCD write is dropped with a reason naming the handle and the error")
    func refusedCCCDWrite() {
        // The HRM here cannot notify, so the strap refuses `01 00` with 0xFD (CCCD improperly configured).
        let layout = StrapLayout(
            name: "indicateOnly",
            serverMTU: 23,
            services: [
                StrapLayout.Service(
                    uuid: .heartRateService,
                    characteristics: [
                        StrapLayout.Characteristic(
                            uuid: .heartRateMeasurement,
                            properties: .indicate,
                            descriptors: [.clientConfiguration]
                        )
                    ]
                )
            ]
        )
        var link = Link(layout: layout)
        link.start()
        #expect(
            link.disconnectReason
                == "writing 01 00 to the Heart Rate Measurement CCCD at 0x0004 failed with ATT error CCCD Improperly "
                + "Configured (0xFD); without it the strap sends no heart rate, so power-cycle the strap (or pair it if "
                + "it asks for security) and reconnect"
        )
    }

    @Test("handle-agnostic: services with gaps, reserved ranges and HRS last up to 0xFFFF")
    func unusualLayout() throws {
        let layout = StrapLayout(
            name: "gaps",
            serverMTU: 517,
            services: [
                StrapLayout.Service(
                    uuid: .genericAccess, characteristics: [.string(.deviceName, "X")], reservedEnd: 0x0010),
                StrapLayout.Service(
                    uuid: .heartRateService,
                    characteristics: [
                        StrapLayout.Characteristic(uuid: .bodySensorLocation, properties: .read, value: [0x02]),
                        StrapLayout.Characteristic(
                            uuid: .heartRateMeasurement,
                            properties: .notify,
                            descriptors: [.userDescription("HR"), .userDescription("again"), .clientConfiguration]
                        ),
                    ],
                    minimumStart: 0x0200,
                    reservedEnd: 0xFFFF
                ),
            ]
        )
        var link = Link(layout: layout)
        link.start()
        let info = try #require(link.info, "\(link.events)")
        #expect(info.heartRateMeasurementHandle == 0x0204)
        #expect(info.heartRateCCCDHandle == 0x0207)
        #expect(info.bodySensorLocation == .wrist)
        #expect(info.mtu == 247)
        link.advance(to: 2)
        #expect(link.measurements.count == 2)
    }
}
