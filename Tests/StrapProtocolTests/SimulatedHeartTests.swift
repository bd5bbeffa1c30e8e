import RetroWalkCore
import StrapProtocol
import Testing

/// One notification of a simulated run, decoded, with the model's rate at that moment.
private struct Reading {
    var time: Double
    var measurement: HeartRateMeasurement
    var modelRate: Double
}

/// Runs a notifying strap second by second through `plan` (duration in seconds, effort) and decodes everything.
private func run(_ plan: [(Double, Effort)], seed: UInt64 = 1) throws -> [Reading] {
    var strap = SimulatedStrap(layout: .polarH7, seed: seed)
    _ = strap.receive(hex("12 12 00 01 00"))
    var readings: [Reading] = []
    var time = 0.0
    for (duration, effort) in plan {
        let end = time + duration
        while time < end {
            time += 1
            for pdu in strap.advance(to: time, effort: effort) where pdu.first == 0x1B {
                let measurement = try HeartRateMeasurement(decoding: Array(pdu.dropFirst(3)))
                readings.append(Reading(time: time, measurement: measurement, modelRate: strap.heartRate))
            }
        }
    }
    return readings
}

private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }

private func standardDeviation(_ values: [Double]) -> Double {
    let average = mean(values)
    var sum = 0.0
    for value in values { sum += (value - average) * (value - average) }
    return (sum / Double(max(values.count - 1, 1))).squareRoot()
}

/// Mean reported heart rate of the readings in `window`.
private func meanRate(_ readings: [Reading], in window: ClosedRange<Double>) -> Double {
    mean(readings.filter { window.contains($0.time) }.map { Double($0.measurement.beatsPerMinute) })
}

@Suite("Simulated heart: physiology")
struct SimulatedHeartTests {
    @Test("targets: rest 68, forward 96, backward 12 % above forward, extra beats added")
    func targets() {
        let heart = SimulatedHeart()
        #expect(heart.targetBeatsPerMinute(for: .rest) == 68)
        #expect(heart.targetBeatsPerMinute(for: .forward) == 96)
        #expect(abs(heart.targetBeatsPerMinute(for: .backward) - 107.52) < 1e-9)
        #expect(heart.targetBeatsPerMinute(for: Effort(isWalking: false, isBackward: true)) == 68)
        let ceiling = Effort(isWalking: true, isBackward: true, extraBeatsPerMinute: 60)
        #expect(abs(heart.targetBeatsPerMinute(for: ceiling) - 167.52) < 1e-9)
    }

    @Test("steady states: resting about 68, forward about 96, backward 10–15 % above forward")
    func steadyStates() throws {
        let rest = meanRate(try run([(400, .rest)]), in: 100...400)
        let forward = meanRate(try run([(420, .forward)]), in: 180...420)
        let backward = meanRate(try run([(420, .backward)]), in: 180...420)
        #expect((65...71).contains(rest))
        #expect((93...99).contains(forward))
        let ratio = backward / forward
        #expect((1.10...1.15).contains(ratio), "backward \(backward) / forward \(forward) = \(ratio)")
    }

    @Test("the rate lags: rises with τ ≈ 20 s, falls more slowly with τ ≈ 30 s")
    func lag() throws {
        var heart = SimulatedHeart()
        var generator = SplitMix64(seed: 3)
        _ = heart.advance(to: 20, effort: .forward, using: &generator)
        let risen = (heart.beatsPerMinute - 68) / 28
        #expect((0.58...0.68).contains(risen))  // 1 − e^(−1) ≈ 0.63
        _ = heart.advance(to: 60, effort: .forward, using: &generator)
        #expect(heart.beatsPerMinute > 94)
        _ = heart.advance(to: 300, effort: .forward, using: &generator)
        let top = heart.beatsPerMinute
        _ = heart.advance(to: 320, effort: .rest, using: &generator)
        let fallen = (top - heart.beatsPerMinute) / (top - 68)
        #expect((0.44...0.54).contains(fallen))  // 1 − e^(−20/30) ≈ 0.49, slower than the rise
        _ = heart.advance(to: 330, effort: .rest, using: &generator)
        #expect((0.58...0.68).contains((top - heart.beatsPerMinute) / (top - 68)))
    }

    @Test("the reported rate matches the RR intervals and the model")
    func rateMatchesRR() throws {
        let readings = try run([(120, .rest), (240, .forward), (120, .backward)])
        var recent: [Double] = []
        for reading in readings {
            recent = Array((recent + reading.measurement.rrIntervals.map(RRInterval.milliseconds(fromRaw:))).suffix(5))
            guard reading.time > 5 else { continue }
            let fromRR = 60_000 / mean(recent)
            #expect(abs(fromRR - Double(reading.measurement.beatsPerMinute)) <= 0.5)
            #expect(abs(Double(reading.measurement.beatsPerMinute) - reading.modelRate) <= 6)
        }
        // Over a minute, beats per minute from the RR sum agrees with the mean reported rate within 2 bpm.
        let minute = readings.filter { (300...359).contains($0.time) }
        let rr = minute.flatMap(\.measurement.rrIntervals).map(RRInterval.milliseconds(fromRaw:))
        #expect(abs(60_000 / mean(rr) - meanRate(readings, in: 300...359)) <= 2)
    }

    @Test("RR varies from beat to beat like a real resting heart")
    func rrVaries() throws {
        let readings = try run([(360, .rest)])
        let rr = readings.filter { $0.time > 60 }.flatMap(\.measurement.rrIntervals).map(
            RRInterval.milliseconds(fromRaw:))
        #expect(rr.count > 250)
        let sdnn = standardDeviation(rr)
        #expect((15...60).contains(sdnn), "SDNN \(sdnn) ms")
        #expect(Set(rr).count > 40)
        let unchanged = zip(rr, rr.dropFirst()).filter { $0 == $1 }.count
        #expect(Double(unchanged) / Double(rr.count) < 0.1)
        // Breathing at 0.25 Hz: RR rises and falls, so its successive differences change sign often.
        let differences = zip(rr.dropFirst(), rr).map { $0 - $1 }
        let signChanges = zip(differences, differences.dropFirst()).filter { $0 * $1 < 0 }.count
        #expect(signChanges > rr.count / 5)
    }

    @Test("one notification per second with 0–3 RR values, some with two at walking rates")
    func notificationsPerSecond() throws {
        let readings = try run([(120, .rest), (180, .backward)])
        #expect(readings.map(\.time) == (1...300).map(Double.init))
        let counts = readings.map(\.measurement.rrIntervals.count)
        #expect(counts.allSatisfy { (0...3).contains($0) })
        #expect(counts.contains(2))
    }

    @Test("a ceiling scenario drives the rate past 160 bpm")
    func ceiling() throws {
        let push = Effort(isWalking: true, isBackward: true, extraBeatsPerMinute: 70)
        let readings = try run([(60, .forward), (150, push)])
        let last = try #require(readings.last)
        #expect(last.measurement.beatsPerMinute > 160)
        #expect(readings.contains { $0.measurement.rrIntervals.count == 3 })
    }

    @Test("the same seed gives the same beats")
    func determinism() {
        func beats(seed: UInt64) -> [UInt16] {
            var heart = SimulatedHeart()
            var generator = SplitMix64(seed: seed)
            var out: [UInt16] = []
            for second in 1...120 {
                out += heart.advance(
                    to: Double(second) * 0.7, effort: second > 40 ? .backward : .rest, using: &generator)
            }
            return out
        }
        #expect(beats(seed: 42) == beats(seed: 42))
        #expect(beats(seed: 42) != beats(seed: 43))
    }
}
