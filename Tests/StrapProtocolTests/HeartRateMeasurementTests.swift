import RetroWalkCore
import RetroWalkTesting
import StrapProtocol
import Testing

/// Builds a 0x2A37 value by hand from the flags, independently of the encoder under test.
private func handBuilt(flags: UInt8, rrCount: Int = 1) -> [UInt8] {
    var bytes: [UInt8] = [flags]
    bytes += flags & 0x01 != 0 ? [0x48, 0x01] : [0x48]  // 328 or 72 bpm
    if flags & 0x08 != 0 { bytes += [0x34, 0x12] }  // 0x1234 = 4660 kJ
    if flags & 0x10 != 0 {
        for index in 0..<rrCount { bytes += [UInt8(0x54 + index), 0x01] }  // 0x0154 = 340, 341, …
    }
    return bytes
}

@Suite("Heart Rate Measurement (0x2A37) decoder and encoder")
struct HeartRateMeasurementTests {
    @Test(
        "decodes every flag combination, reserved bits ignored",
        arguments: 0..<32, [UInt8(0x00), 0x20, 0x40, 0x80, 0xE0]
    )
    func everyFlagCombination(low: Int, reserved: UInt8) throws {
        // Given a value built for these flags, with reserved bits 5–7 set as given
        let flags = UInt8(low) | reserved
        let bytes = handBuilt(flags: flags)

        // When it is decoded
        let measurement = try HeartRateMeasurement(decoding: bytes)

        // Then every field follows its flag bit, and the reserved bits change nothing
        #expect(measurement.beatsPerMinute == (flags & 0x01 != 0 ? 328 : 72))
        #expect(measurement.valueFormat == (flags & 0x01 != 0 ? .uint16 : .uint8))
        let expectedContact: Contact =
            switch flags & 0x06 {
            case 0x06: .detected
            case 0x04: .notDetected
            default: .unsupported
            }
        #expect(measurement.contact == expectedContact)
        #expect(measurement.energyKilojoules == (flags & 0x08 != 0 ? 0x1234 : nil))
        #expect(measurement.rrIntervals == (flags & 0x10 != 0 ? [340] : []))
        #expect(
            try HeartRateMeasurement(decoding: bytes) == HeartRateMeasurement(decoding: handBuilt(flags: UInt8(low))))
    }

    @Test("rejects a value one byte shorter than its flags require", arguments: 0..<32, [UInt8(0x00), 0xE0])
    func truncatedForEveryFlagCombination(low: Int, reserved: UInt8) {
        let flags = UInt8(low) | reserved
        let minimum = handBuilt(flags: flags)
        let short = Array(minimum.dropLast())
        #expect(
            throws: HeartRateMeasurementError.truncated(length: short.count, flags: flags, minimumLength: minimum.count)
        ) {
            try HeartRateMeasurement(decoding: short)
        }
    }

    @Test("decodes 0…9 RR intervals with either HR width and with or without energy", arguments: 0...9, [false, true])
    func rrCounts(count: Int, sixteenBit: Bool) throws {
        for energy in [false, true] {
            let flags: UInt8 = (sixteenBit ? 0x01 : 0) | 0x06 | (energy ? 0x08 : 0) | (count > 0 ? 0x10 : 0)
            let bytes = handBuilt(flags: flags, rrCount: count)
            let measurement = try HeartRateMeasurement(decoding: bytes)
            #expect(measurement.rrIntervals == (0..<count).map { UInt16(340 + $0) })
            #expect(measurement.energyKilojoules == (energy ? 0x1234 : nil))
            // The encoder writes the same bytes back.
            #expect(measurement.bytes == bytes)
        }
    }

    @Test("keeps RR 0 and 0xFFFF as they are")
    func rrExtremes() throws {
        let measurement = try HeartRateMeasurement(decoding: [0x10, 0x48, 0x00, 0x00, 0xFF, 0xFF])
        #expect(measurement.rrIntervals == [0, 0xFFFF])
        #expect(measurement.sample(at: 0).rrMilliseconds == [0, 63_999.0234375])
    }

    @Test("accepts more RR values than fit at ATT_MTU 23 (no upper length limit)")
    func longValue() throws {
        let bytes = handBuilt(flags: 0x10, rrCount: 40)
        #expect(bytes.count == 82)
        #expect(try HeartRateMeasurement(decoding: bytes).rrIntervals.count == 40)
    }

    @Test("an odd trailing byte in the RR area is an error naming the length and the byte")
    func oddTrailingByte() {
        let bytes: [UInt8] = [0x10, 0x48, 0x54, 0x01, 0xEC]
        #expect(throws: HeartRateMeasurementError.oddRRLength(length: 5, flags: 0x10, trailingByte: 0xEC)) {
            try HeartRateMeasurement(decoding: bytes)
        }
        #expect(
            HeartRateMeasurementError.oddRRLength(length: 5, flags: 0x10, trailingByte: 0xEC).description
                == "value is 5 bytes; flags 0x10 leave 3 bytes for RR intervals, an odd count (trailing byte 0xEC at "
                + "offset 4); RR intervals are 2 bytes each"
        )
    }

    @Test("an empty value is an error")
    func empty() {
        #expect(throws: HeartRateMeasurementError.empty) { try HeartRateMeasurement(decoding: []) }
        #expect(
            HeartRateMeasurementError.empty.description
                == "value is empty (0 bytes); a Heart Rate Measurement needs at least 2 (flags, 8-bit HR)"
        )
    }

    @Test(
        "truncation messages name the length, the flags and what they need",
        arguments: [
            (
                [UInt8(0x18), 0x48, 0x00],
                "value is 3 bytes; flags 0x18 need at least 6 (flags, 8-bit HR, energy, one RR)"
            ),
            ([0x19, 0x48, 0x00], "value is 3 bytes; flags 0x19 need at least 7 (flags, 16-bit HR, energy, one RR)"),
            ([0x01, 0x48], "value is 2 bytes; flags 0x01 need at least 3 (flags, 16-bit HR)"),
            ([0x16], "value is 1 byte; flags 0x16 need at least 4 (flags, 8-bit HR, one RR)"),
        ]
    )
    func truncationMessages(bytes: [UInt8], message: String) {
        do {
            _ = try HeartRateMeasurement(decoding: bytes)
            Issue.record("decoded a truncated value")
        } catch {
            #expect(error.description == message)
            #expect(StrapProtocolError(error).code == .invalidMeasurement)
            #expect(StrapProtocolError(error).description == message)
        }
    }

    // Garmin HRM-Dual, quoted in BLE.md §2 from forums.garmin.com/developer/connect-iq/f/discussion/319496:
    // the second RR value (53/1024 s ≈ 52 ms) is bogus; the decoder keeps it (plausibility filtering comes later).
    @Test("decodes a real Garmin HRM-Dual notification with its spurious second RR")
    func garminHRMDual() throws {
        let measurement = try HeartRateMeasurement(decoding: [0x10, 0x38, 0x2D, 0x04, 0x35, 0x00])
        #expect(measurement.beatsPerMinute == 56)
        #expect(measurement.rrIntervals == [1069, 53])
        #expect(measurement.contact == .unsupported)
        #expect(measurement.energyKilojoules == nil)
    }

    // Real Polar H10 RR values (Sources/RetroWalkTesting/PolarH10Recording.swift). Flags were not logged; an H10 sends
    // "contact supported and detected, RR present" (0x16), which is what is assumed here.
    @Test("round-trips the RR values of a real Polar H10 recording exactly")
    func polarH10Recording() throws {
        let notifications = PolarH10Recording.notifications
        #expect(notifications.count == 701)
        #expect(Set(notifications.map(\.rrMilliseconds.count)) == [1, 2, 3])
        for notification in notifications {
            // The raw 1/1024 s values are recoverable exactly from the 0.1 ms values.
            let raw = notification.rrMilliseconds.map { RRInterval.raw(fromMilliseconds: $0) }
            for (rawValue, ms) in zip(raw, notification.rrMilliseconds) {
                // (within the file's 0.1 ms rounding; 781.25 ms was written 781.2)
                #expect(abs(RRInterval.milliseconds(fromRaw: rawValue) - ms) <= 0.05 + 1e-9)
            }
            var bytes: [UInt8] = [0x16, UInt8(notification.beatsPerMinute)]
            for value in raw { bytes += [UInt8(value & 0xFF), UInt8(value >> 8)] }
            let measurement = try HeartRateMeasurement(decoding: bytes)
            #expect(measurement.beatsPerMinute == notification.beatsPerMinute)
            #expect(measurement.contact == .detected)
            #expect(measurement.rrIntervals == raw)
            #expect(measurement.bytes == bytes)
        }
        // The missed beat (≈ 1500 ms in a ≈ 750 ms series) survives decoding unchanged.
        #expect(notifications.contains { $0.rrMilliseconds == [1511.7] })
    }

    @Test(
        "encodes contact bits and HR width into the flags",
        arguments: [
            (Contact.unsupported, HeartRateMeasurement.ValueFormat.uint8, UInt8(0x00)),
            (.notDetected, .uint8, 0x04),
            (.detected, .uint8, 0x06),
            (.detected, .uint16, 0x07),
        ]
    )
    func encoderFlags(contact: Contact, format: HeartRateMeasurement.ValueFormat, flags: UInt8) throws {
        let measurement = HeartRateMeasurement(beatsPerMinute: 72, contact: contact, valueFormat: format)
        #expect(measurement.flags == flags)
        #expect(try HeartRateMeasurement(decoding: measurement.bytes) == measurement)
    }

    @Test("encodes the example notification 16 48 54 01 ec 02 and switches to 16 bits above 255 bpm")
    func encoderBytes() {
        let example = HeartRateMeasurement(beatsPerMinute: 72, contact: .detected, rrIntervals: [340, 748])
        #expect(example.bytes == [0x16, 0x48, 0x54, 0x01, 0xEC, 0x02])
        let withEnergy = HeartRateMeasurement(beatsPerMinute: 72, contact: .detected, energyKilojoules: 300)
        #expect(withEnergy.bytes == [0x0E, 0x48, 0x2C, 0x01])
        let fast = HeartRateMeasurement(beatsPerMinute: 300, contact: .unsupported)
        #expect(fast.bytes == [0x01, 0x2C, 0x01])
    }

    @Test("stamps a sample with its arrival time")
    func sample() {
        let measurement = HeartRateMeasurement(
            beatsPerMinute: 72,
            contact: .detected,
            energyKilojoules: 12,
            rrIntervals: [340, 748]
        )
        #expect(
            measurement.sample(at: 12.5)
                == HeartRateSample(
                    time: 12.5,
                    beatsPerMinute: 72,
                    contact: .detected,
                    energyKilojoules: 12,
                    rrIntervals: [340, 748]
                )
        )
    }

    @Test(
        "knows how many RR values fit at an ATT_MTU (blevalueparser's HR8_RR9 … HR16_EE_RR7)",
        arguments: [(false, false, 9), (false, true, 8), (true, false, 8), (true, true, 7)]
    )
    func maximumRRCount(sixteenBit: Bool, energy: Bool, count: Int) {
        #expect(HeartRateMeasurement.maximumRRCount(attMTU: 23, sixteenBit: sixteenBit, energy: energy) == count)
        let value = handBuilt(flags: (sixteenBit ? 0x01 : 0) | (energy ? 0x08 : 0) | 0x10, rrCount: count)
        #expect(value.count <= 20)
    }
}
