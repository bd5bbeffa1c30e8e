import RetroWalkCore
import StrapProtocol
import Testing

@Suite("The synthetic 24-hour recording")
struct SyntheticRecordingTests {
    /// One day, made once for the suites that use it (seed 1).
    static let day = SyntheticRecording.day(seed: 1)

    @Test("the same seed gives the same day; another seed another day")
    func deterministic() {
        #expect(SyntheticRecording.day(seed: 1) == Self.day)
        let other = SyntheticRecording.day(seed: 2)
        #expect(other != Self.day)
        #expect(other.count == Self.day.count)
        #expect(SyntheticRecording.schedule(seed: 2) != SyntheticRecording.schedule(seed: 1))
    }

    @Test("one notification a second for 24 hours")
    func cadence() {
        #expect(Self.day.count == 86_400)
        #expect(Self.day.map(\.time) == (1...86_400).map(Double.init))
    }

    @Test("the schedule covers the day without gaps and holds five 1-minute backward bouts")
    func schedule() {
        for seed: UInt64 in [1, 2, 3, 99] {
            let periods = SyntheticRecording.schedule(seed: seed)
            #expect(periods.first?.start == 0)
            #expect(periods.last?.end == 86_400)
            for (earlier, later) in zip(periods, periods.dropFirst()) {
                #expect(earlier.end == later.start)
                #expect(earlier.start < earlier.end)
            }
            let bouts = periods.filter { $0.activity == .backward }
            #expect(bouts.count == 5)
            #expect(bouts.allSatisfy { $0.end - $0.start == 60 })
            #expect(periods.filter { $0.activity == .sleep }.reduce(0) { $0 + $1.end - $1.start } > 6 * 3600)
        }
    }

    @Test("beats are continuous: the RR intervals add up to the day")
    func beatsAddUp() {
        let rr = Self.day.flatMap(\.rrIntervals)
        let total = rr.reduce(0.0) { $0 + RRInterval.milliseconds(fromRaw: $1) } / 1000
        // Contact losses drop the RR of a few seconds; everything else is there.
        let lost = Double(Self.day.filter { $0.contact == .notDetected }.count)
        #expect(total > 86_400 - lost - 5 && total <= 86_400)
        #expect(rr.allSatisfy { (250...2200).contains(RRInterval.milliseconds(fromRaw: $0)) })
    }

    @Test("sleep is slow and variable, walking fast and steady, backward faster than forward")
    func physiology() {
        let periods = SyntheticRecording.schedule(seed: 1)
        func samples(_ activity: SyntheticRecording.Activity, settle: Double) -> [HeartRateSample] {
            let ranges = periods.filter { $0.activity == activity }.map { ($0.start + settle)..<$0.end }
            return Self.day.filter { sample in
                sample.contact == .detected && ranges.contains { $0.contains(sample.time) }
            }
        }
        func meanBPM(_ samples: [HeartRateSample]) -> Double {
            Double(samples.reduce(0) { $0 + Int($1.beatsPerMinute) }) / Double(max(1, samples.count))
        }
        /// Root mean square of successive RR differences, ms (a standard short-term HRV measure).
        func rmssd(_ samples: [HeartRateSample]) -> Double {
            let rr = samples.flatMap(\.rrIntervals).map(RRInterval.milliseconds(fromRaw:))
            let squares = zip(rr, rr.dropFirst()).map { ($1 - $0) * ($1 - $0) }
            let mean = squares.reduce(0, +) / Double(max(1, squares.count))
            var root = mean
            for _ in 0..<30 where root > 0 { root = (root + mean / root) / 2 }
            return root
        }
        let sleep = samples(.sleep, settle: 300)
        let rest = samples(.rest, settle: 300)
        let walk = samples(.walk, settle: 120)
        let backward = samples(.backward, settle: 40)
        #expect((50...60).contains(meanBPM(sleep)))
        #expect((62...74).contains(meanBPM(rest)))
        #expect((88...104).contains(meanBPM(walk)))
        #expect(meanBPM(backward) > meanBPM(walk))
        #expect(rmssd(sleep) > rmssd(rest))
        #expect(rmssd(rest) > rmssd(walk))
    }

    @Test("occasional ectopic beats (premature, then a compensatory pause) and short contact losses")
    func artefacts() {
        let rr = Self.day.flatMap(\.rrIntervals).map(RRInterval.milliseconds(fromRaw:))
        let premature = zip(rr, rr.dropFirst()).filter { $1 < 0.75 * $0 }.count
        // About one beat in 900 of ~100,000 beats.
        #expect((40...250).contains(premature))
        var losses: [Int] = []
        var run = 0
        for sample in Self.day {
            if sample.contact == .notDetected {
                run += 1
                #expect(sample.rrIntervals.isEmpty)
            } else if run > 0 {
                losses.append(run)
                run = 0
            }
        }
        #expect(!losses.isEmpty)
        #expect(losses.allSatisfy { (3...8).contains($0) })
    }
}
