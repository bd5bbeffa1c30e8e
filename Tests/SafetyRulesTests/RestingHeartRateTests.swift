import RetroWalkCore
import RetroWalkTesting
import SafetyRules
import Testing

@Suite("Resting heart rate")
struct RestingHeartRateTests {
    static func notifications(_ course: HeartRateCourse, to end: Double) -> [HeartRateSample] {
        var generator = SyntheticRR(seed: 3)
        return SyntheticRR.notifications(for: generator.beats(to: end, course: course), to: end)
    }

    @Test("the median beat rate of the last 60 s of 3 min, after HR has settled")
    func settles() throws {
        // Given HR that starts at 88 after walking to the chair and settles to 64
        let course = HeartRateCourse(startBPM: 88, timeConstant: 20, steps: [(time: 0, bpm: 64)])
        var rest = RestingHeartRate()
        for sample in Self.notifications(course, to: 180) { rest.receive(sample) }
        // Then the resting HR is the settled rate, not the mean of the whole 3 min
        let bpm = try #require(rest.beatsPerMinute(endingAt: 180))
        #expect(abs(bpm - 64) <= 1)
    }

    @Test("notifications without contact are left out; too few beats is no measurement")
    func contactAndTooFew() {
        var rest = RestingHeartRate()
        for var sample in Self.notifications(.steady(70), to: 180) {
            if sample.time > 140 { sample.contact = .notDetected }
            rest.receive(sample)
        }
        // 20 s of beats in the last minute: fewer than 30 beats at 70 bpm is not enough
        #expect(rest.beatsPerMinute(endingAt: 180) == nil)
    }

    @Test("a strap without RR is measured on its HR field")
    func heartRateFieldOnly() {
        var rest = RestingHeartRate()
        for second in 1...180 {
            rest.receive(
                HeartRateSample(
                    time: Double(second), beatsPerMinute: second > 120 ? (second % 2 == 0 ? 61 : 63) : 80,
                    contact: .unsupported))
        }
        #expect(rest.beatsPerMinute(endingAt: 180) == 62)
    }
}
