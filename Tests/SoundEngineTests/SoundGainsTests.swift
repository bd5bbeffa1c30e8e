import RetroWalkCore
import SoundEngine
import Testing

/// Per-priority volume in the scheduler: bit-exact at 0 dB, scaled and clamped otherwise.
struct SoundGainsTests {
    static let catalog = ClipCatalog(clips: [
        "cue_a": Array(repeating: 1000, count: 1600),
        "msg": Array(repeating: 5000, count: 1600),
    ])
    static let low = Alert(rule: "S4", priority: .low, change: .raised, phrase: "msg", text: "Check the strap.")
    static let high = Alert(rule: "R3", priority: .high, change: .raised, phrase: "msg", text: "Stop now.")

    /// Renders one alarm from an idle scheduler: burst, 300 ms gap, message.
    static func renderAlarm(_ alert: Alert, gains: SoundGains) -> [Int16] {
        var scheduler = SoundScheduler(catalog: catalog, gains: gains)
        scheduler.submit(.alarm(alert))
        return scheduler.render(frames: AlarmTone.burst(alert.priority).count + 4800 + 1600)
    }

    @Test("at 0 dB the burst and the message are bit-exact, with and without explicit gains")
    func unityIsBitExact() {
        let burst = AlarmTone.burst(.low)
        let expected = burst + Array(repeating: 0, count: 4800) + Array(repeating: 5000, count: 1600)
        #expect(Self.renderAlarm(Self.low, gains: .unity) == expected)
        #expect(
            Self.renderAlarm(Self.low, gains: SoundGains(high: 0, medium: 0, low: 0, info: 0, speech: 0)) == expected)
        var scheduler = SoundScheduler(catalog: Self.catalog)
        scheduler.submit(.alarm(Self.low))
        #expect(scheduler.render(frames: expected.count) == expected)
        #expect(SoundGains.apply(burst, decibels: 0) == burst)
    }

    @Test("a low alarm at -6 dB has half the amplitude, burst and message alike")
    func lowAtMinusSix() throws {
        let burst = AlarmTone.burst(.low)
        let audio = Self.renderAlarm(Self.low, gains: SoundGains(low: -6))
        let quiet = Array(audio.prefix(burst.count))
        let peak = Double(burst.map { abs(Int($0)) }.max() ?? 0)
        let quietPeak = Double(quiet.map { abs(Int($0)) }.max() ?? 0)
        #expect(abs(quietPeak / peak - 0.5) < 0.005, "peak \(quietPeak) of \(peak)")
        // Every sample is the original times 10^(-6/20) = 0.501, rounded
        for (original, scaled) in zip(burst, quiet) {
            #expect(abs(Double(original) * 0.501_187_233_6 - Double(scaled)) <= 0.5 + 1e-9)
        }
        #expect(audio.suffix(1600).allSatisfy { $0 == 2506 })  // 5000 × 0.501
    }

    @Test("each priority and speech has its own gain")
    func gainsAreSeparate() {
        let gains = SoundGains(high: 0, medium: -3, low: -20, info: -10, speech: -6)
        // The high alarm is untouched by the others' gains
        #expect(
            Array(Self.renderAlarm(Self.high, gains: gains).prefix(1000)) == Array(AlarmTone.burst(.high).prefix(1000)))
        // A cue plays at the speech gain
        var scheduler = SoundScheduler(catalog: Self.catalog, gains: gains)
        scheduler.submit(.cue(Cue(phrases: ["cue_a"], text: "A")))
        #expect(scheduler.render(frames: 1600).allSatisfy { $0 == 501 })
        #expect(gains.decibels(for: .medium) == -3)
        #expect(gains.decibels(for: .info) == -10)
    }

    @Test(
        "the linear factor is 10^(dB/20)",
        arguments: [(0.0, 1.0), (-6, 0.501_187_233_6), (-10, 0.316_227_766_0), (-20, 0.1), (-30, 0.031_622_776_6)])
    func linearFactor(decibels: Double, factor: Double) {
        #expect(abs(SoundGains.linearFactor(decibels: decibels) - factor) < 1e-9)
    }

    @Test("gains never wrap a sample: they clamp to the Int16 range; NaN counts as 0 dB")
    func clamping() {
        let samples: [Int16] = [.max, .min, 20000, -20000, 0, 1]
        #expect(SoundGains.apply(samples, decibels: 12) == [.max, .min, .max, .min, 0, 4])
        #expect(SoundGains.apply(samples, decibels: .nan) == samples)
        #expect(SoundGains.apply(samples, decibels: .infinity) == [.max, .min, .max, .min, 0, .max])
        #expect(SoundGains.apply(samples, decibels: -.infinity) == [0, 0, 0, 0, 0, 0])
    }
}
