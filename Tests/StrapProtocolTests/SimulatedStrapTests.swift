import RetroWalkCore
import StrapProtocol
import Testing

@Suite("Simulated strap: the ATT server")
struct SimulatedStrapTests {
    @Test(
        "answers requests over the polarH7 database byte-exact",
        arguments: [
            ("02 17 00", "03 17 00"),
            ("10 01 00 ff ff 00 28", "11 06 01 00 09 00 00 18 0a 00 0e 00 01 18 0f 00 14 00 0d 18"),
            ("10 28 00 ff ff 00 28", "11 14 28 00 ff ff a9 0b 97 06 6a 01 cf ee 7e 54 7b ac 49 ff 17 62"),
            ("10 01 00 ff ff 03 28", "01 10 01 00 10"),  // Unsupported Group Type
            ("10 00 00 ff ff 00 28", "01 10 00 00 01"),  // start 0: Invalid Handle
            ("08 0f 00 14 00 03 28", "09 07 10 00 10 11 00 37 2a 13 00 02 14 00 38 2a"),
            ("08 14 00 14 00 03 28", "01 08 14 00 0a"),  // Attribute Not Found
            ("08 14 00 0f 00 03 28", "01 08 14 00 01"),  // start > end: Invalid Handle
            ("08 01 00 ff ff 37 2a", "01 08 11 00 02"),  // HRM by type: Read Not Permitted
            ("08 01 00 ff ff 19 2a", "09 03 26 00 57"),  // Battery Level by type: 87 %
            ("04 12 00 12 00", "05 01 12 00 02 29"),
            ("04 0f 00 14 00", "05 01 0f 00 00 28 10 00 03 28 11 00 37 2a 12 00 02 29 13 00 03 28"),  // 5 fit
            ("04 00 00 05 00", "01 04 00 00 01"),
            ("04 2a 00 40 00", "05 02 2a 00 2e 94 2d 75 86 25 1e 26 eb 5d 7d b0 4a ff 17 62"),  // 128-bit format
            ("04 30 00 40 00", "01 04 30 00 0a"),  // reserved handles of the vendor service: nothing there
            ("0a 11 00", "01 0a 11 00 02"),  // HRM value is notify-only: Read Not Permitted
            ("0a 14 00", "0b 01"),  // Body Sensor Location: chest
            ("0a 26 00", "0b 57"),  // Battery Level: 87 %
            ("0a 12 00", "0b 00 00"),  // CCCD starts at 00 00
            ("0a 03 00", "0b 50 6f 6c 61 72 20 48 37 20 35 41 31 42 32 43 33 44"),  // "Polar H7 5A1B2C3D"
            ("0a 05 00", "0b 41 03"),  // Appearance: Heart Rate Belt
            ("0a 02 00", "0b 02 03 00 00 2a"),  // the Device Name declaration: read, value 0x0003, 0x2A00
            ("0a 00 01", "01 0a 00 01 01"),  // Invalid Handle
            ("12 12 00 01 00", "13"),
            ("12 12 00 01", "01 12 12 00 0d"),  // Invalid Attribute Value Length
            ("12 12 00 02 00", "01 12 12 00 fd"),  // indications on a notify-only characteristic
            ("12 02 00 41", "01 12 02 00 03"),  // Device Name: Write Not Permitted
            ("12 00 10 01 00", "01 12 00 10 01"),  // Invalid Handle
            ("06 01 00 ff ff 00 28 0d 18", "01 06 00 00 06"),  // Find By Type Value: Request Not Supported
            ("0c 02 00 00 00", "0d 02 03 00 00 2a"),  // Read Blob at offset 0: the whole (short) value
            ("08 0f 00", "01 08 00 00 04"),  // malformed request: Invalid PDU
        ]
    )
    func answers(request: String, response: String) {
        var strap = SimulatedStrap(layout: .polarH7)
        #expect(strap.receive(hex(request)) == [hex(response)])
    }

    @Test("says nothing to commands, confirmations and responses")
    func silentInputs() {
        var strap = SimulatedStrap(layout: .polarH7)
        for pdu in ["52 12 00 01 00", "1e", "13", "01 10 00 00 06", "1b 11 00 00", ""] {
            #expect(strap.receive(hex(pdu)) == [])
        }
        // A Write Command does not enable notifications through a CCCD (that needs a Write Request).
        #expect(!strap.isNotifying)
    }

    @Test("keeps responses within the negotiated ATT_MTU")
    func responsesFitMTU() {
        for layout in [StrapLayout.polarH7, .compact, .noBattery] {
            var link = Link(layout: layout)
            link.start()
            for (direction, pdu) in link.transcript where direction == .toClient {
                #expect(pdu.count <= Int(link.strap.mtu))
            }
        }
    }

    @Test("the Heart Rate Control Point resets energy on 01 and refuses anything else with 0x80")
    func controlPoint() {
        var strap = SimulatedStrap(layout: .compact)
        #expect(strap.receive(hex("12 12 00 01 00")) == [hex("13")])
        _ = strap.advance(to: 60, effort: .forward)
        #expect(strap.energyKilojoules > 10)
        #expect(strap.receive(hex("12 16 00 02")) == [hex("01 12 16 00 80")])
        #expect(strap.receive(hex("12 16 00 01")) == [hex("13")])
        #expect(strap.energyKilojoules == 0)
    }

    @Test("sends notifications only while the CCCD is enabled; the heart runs regardless")
    func notificationsNeedCCCD() {
        var strap = SimulatedStrap(layout: .polarH7)
        #expect(strap.advance(to: 30, effort: .forward) == [])
        #expect(strap.heartRate > 80)
        #expect(strap.receive(hex("12 12 00 01 00")) == [hex("13")])
        let notifications = strap.advance(to: 35, effort: .forward)
        #expect(notifications.count == 5)
        #expect(notifications.allSatisfy { $0.starts(with: [0x1B, 0x11, 0x00]) })
        #expect(strap.receive(hex("12 12 00 00 00")) == [hex("13")])
        #expect(strap.advance(to: 40, effort: .forward) == [])
    }

    @Test("notifications are one per whole second, with 0–3 RR values that add up to the elapsed time")
    func notificationTiming() throws {
        var strap = SimulatedStrap(layout: .polarH7)
        _ = strap.receive(hex("12 12 00 01 00"))
        #expect(strap.advance(to: 0.5, effort: .rest).count == 0)
        #expect(strap.advance(to: 10.5, effort: .rest).count == 10)
        #expect(strap.advance(to: 10.9, effort: .rest).count == 0)
        #expect(strap.advance(to: 11, effort: .rest).count == 1)
        #expect(strap.advance(to: 11, effort: .rest).count == 0)
        let notifications = strap.advance(to: 300, effort: .forward)
        #expect(notifications.count == 289)
        var total = 0.0
        for pdu in notifications {
            let measurement = try HeartRateMeasurement(decoding: Array(pdu.dropFirst(3)))
            #expect((0...3).contains(measurement.rrIntervals.count))
            total += measurement.rrIntervals.reduce(0.0) { $0 + Double($1) / 1024 }
        }
        // RR of the beats that ended in (11 s, 300 s]: their sum is the elapsed time, give or take a beat.
        #expect(abs(total - 289) < 1.5)
    }

    @Test("flags: contact supported and detected, RR present; energy accumulates in every 10th notification")
    func notificationFormat() throws {
        var strap = SimulatedStrap(layout: .polarH7)
        _ = strap.receive(hex("12 12 00 01 00"))
        let values = try strap.advance(to: 30, effort: .backward).map {
            try HeartRateMeasurement(decoding: Array($0.dropFirst(3)))
        }
        let flags = strap.advance(to: 31, effort: .backward).map { $0[3] }
        #expect(flags.allSatisfy { $0 == 0x16 || $0 == 0x06 })
        #expect(values.map { $0.energyKilojoules != nil } == (1...30).map { $0 % 10 == 0 })
        let energies = values.compactMap(\.energyKilojoules)
        #expect(energies.count == 3)
        #expect(energies[0] < energies[1] && energies[1] < energies[2])
        // About 16 kJ/min walking backward at 1–2 mph.
        #expect((12...20).contains(energies[2] * 2))
        #expect(values.allSatisfy { $0.contact == .detected && $0.valueFormat == .uint8 })
    }

    @Test("the same seed gives the same bytes; another seed does not")
    func determinism() {
        func run(seed: UInt64) -> [[UInt8]] {
            var strap = SimulatedStrap(layout: .compact, seed: seed)
            _ = strap.receive(hex("02 f7 00"))
            _ = strap.receive(hex("12 12 00 01 00"))
            var out: [[UInt8]] = []
            out += strap.advance(to: 60, effort: .rest)
            out += strap.advance(to: 120.5, effort: .forward)
            out += strap.advance(to: 180, effort: .backward)
            return out
        }
        #expect(run(seed: 7) == run(seed: 7))
        #expect(run(seed: 7) != run(seed: 8))
    }

    @Test("a full layout's attributes have increasing handles and services own their ranges")
    func layoutHandles() {
        for layout in [StrapLayout.polarH7, .compact, .noBattery] {
            let handles = layout.attributes.map(\.handle)
            #expect(handles == handles.sorted())
            #expect(Set(handles).count == handles.count)
            let services = layout.discoveredServices
            for (service, next) in zip(services, services.dropFirst()) {
                #expect(service.end < next.start)
            }
        }
        #expect(
            StrapLayout.polarH7.discoveredServices.map(\.description) == [
                "0x1800 0x0001–0x0009", "0x1801 0x000A–0x000E", "0x180D 0x000F–0x0014", "0x180A 0x0015–0x0023",
                "0x180F 0x0024–0x0027", "6217FF49-AC7B-547E-EECF-016A06970BA9 0x0028–0xFFFF",
            ]
        )
    }
}
