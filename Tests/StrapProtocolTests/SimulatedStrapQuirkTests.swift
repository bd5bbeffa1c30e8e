import RetroWalkCore
import StrapProtocol
import Testing

@Suite("Simulated strap quirks")
struct SimulatedStrapQuirkTests {
    /// A strap with notifications enabled (CCCD 0x0012 of the polarH7 layout).
    func subscribed(_ configure: (inout SimulatedStrap) -> Void = { _ in }) -> SimulatedStrap {
        var strap = SimulatedStrap(layout: .polarH7, seed: 5)
        _ = strap.receive([0x12, 0x12, 0x00, 0x01, 0x00])
        configure(&strap)
        return strap
    }

    /// The Heart Rate Measurement values sent over the whole seconds `from…seconds`.
    func measurements(_ strap: inout SimulatedStrap, from start: Int = 1, seconds: Int, effort: Effort = .forward)
        -> [[UInt8]]
    {
        (start...seconds).flatMap { strap.advance(to: Double($0), effort: effort) }.map { Array($0.dropFirst(3)) }
    }

    @Test("contact-lost, 16-bit HR, spurious RR and batched RR change the bytes as a real strap would")
    func quirks() throws {
        var plain = subscribed()
        let normal = measurements(&plain, seconds: 30)
        #expect(normal.allSatisfy { $0[0] & 0x07 == 0x06 })  // uint8, contact supported and detected

        var dry = subscribed { $0.quirks.reportsContact = false }
        #expect(measurements(&dry, seconds: 5).allSatisfy { $0[0] & 0x06 == 0x04 })

        var wide = subscribed { $0.quirks.sixteenBitHeartRate = true }
        let wideValues = try measurements(&wide, seconds: 5).map { try HeartRateMeasurement(decoding: $0) }
        #expect(wideValues.allSatisfy { $0.valueFormat == .uint16 && $0.beatsPerMinute > 40 })

        var spurious = subscribed { $0.quirks.spuriousRR = true }
        let spuriousValues = try measurements(&spurious, seconds: 10).map { try HeartRateMeasurement(decoding: $0) }
        #expect(spuriousValues.filter { !$0.rrIntervals.isEmpty }.allSatisfy { $0.rrIntervals.last == 53 })

        var batched = subscribed { $0.quirks.batchesRR = true }
        let counts = try measurements(&batched, seconds: 40, effort: .backward).map {
            try HeartRateMeasurement(decoding: $0).rrIntervals.count
        }
        #expect(counts.enumerated().allSatisfy { $0.offset % 2 == 0 ? $0.element == 0 : $0.element >= 2 })
    }

    @Test("a silent strap sends nothing; a dropped connection forgets its CCCD and MTU, the heart goes on")
    func silenceAndDisconnect() {
        var strap = subscribed { $0.quirks.isSilent = true }
        #expect(measurements(&strap, seconds: 5).isEmpty)
        strap.quirks.isSilent = false
        #expect(measurements(&strap, from: 6, seconds: 8).count == 3)
        _ = strap.receive([0x02, 0xF7, 0x00])
        strap.disconnect()
        #expect(!strap.isNotifying)
        #expect(strap.mtu == 23)
        let before = strap.heartRate
        _ = strap.advance(to: 200, effort: .backward)
        #expect(strap.heartRate > before)
    }
}
