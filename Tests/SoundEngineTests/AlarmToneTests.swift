import RetroWalkCore
import SoundEngine
import Testing

struct AlarmToneTests {
    typealias Pulse = SignalAnalysis.Pulse

    /// The specification of SAFETY.md section D; td and ts between the 90 % points of the envelope (IEC 60601-1-8).
    static let expected: [(Priority, pulses: Int, duration: Double, spacings: [Double], fundamental: Double)] = [
        (.high, 10, 150, [100, 100, 350, 100, 700, 100, 100, 350, 100], 500),
        (.medium, 3, 200, [180, 180], 440),
        (.low, 2, 200, [250], 330),
    ]

    @Test("pulse count, durations and spacings are within ±10 ms", arguments: expected)
    func timing(_ spec: (Priority, pulses: Int, duration: Double, spacings: [Double], fundamental: Double)) {
        let pulses = SignalAnalysis.pulses(AlarmTone.burst(spec.0), fraction: 0.9)
        #expect(pulses.count == spec.pulses)
        for pulse in pulses {
            #expect(abs(pulse.durationMilliseconds - spec.duration) <= 10, "pulse \(pulse)")
        }
        let spacings = zip(pulses, pulses.dropFirst()).map { $1.onsetMilliseconds - $0.offsetMilliseconds }
        #expect(spacings.count == spec.spacings.count)
        for (measured, nominal) in zip(spacings, spec.spacings) {
            #expect(abs(measured - nominal) <= 10, "spacing \(measured) ms, expected \(nominal) ms")
        }
    }

    @Test(
        "rise and fall take 10–20 % of the pulse (10 % → 90 % of the envelope)",
        arguments: [Priority.high, .medium, .low])
    func riseTime(_ priority: Priority) throws {
        let burst = AlarmTone.burst(priority)
        let low = SignalAnalysis.pulses(burst, fraction: 0.1)
        let high = SignalAnalysis.pulses(burst, fraction: 0.9)
        let first = try #require(low.first)
        let firstTop = try #require(high.first)
        let rise = firstTop.onsetMilliseconds - first.onsetMilliseconds
        let fall = first.offsetMilliseconds - firstTop.offsetMilliseconds
        let duration = try #require(AlarmTone.pulseTimings(priority)).pulseMilliseconds
        // Designed at 15 % of td; IEC 60601-1-8 allows 10–20 %.
        for edge in [rise, fall] {
            #expect(edge >= 0.1 * duration && edge <= 0.2 * duration, "edge \(edge) ms of \(duration) ms")
        }
    }

    @Test("the fundamental is the strongest component in 150–1000 Hz", arguments: expected)
    func fundamental(_ spec: (Priority, pulses: Int, duration: Double, spacings: [Double], fundamental: Double)) throws
    {
        let burst = AlarmTone.burst(spec.0)
        let pulse = try #require(SignalAnalysis.pulses(burst).first)
        let steady = SignalAnalysis.steadyPart(of: pulse, in: burst)
        let measured = SignalAnalysis.dominantFrequency(steady, in: 150...1000)
        #expect(abs(measured - spec.fundamental) <= 10, "measured \(measured) Hz")
    }

    @Test("at least four harmonics (2f…5f) below 4 kHz, within 15 dB of the fundamental", arguments: expected)
    func harmonics(_ spec: (Priority, pulses: Int, duration: Double, spacings: [Double], fundamental: Double)) throws {
        let burst = AlarmTone.burst(spec.0)
        let pulse = try #require(SignalAnalysis.pulses(burst).first)
        let steady = SignalAnalysis.steadyPart(of: pulse, in: burst)
        let f0 = spec.fundamental
        let reference = SignalAnalysis.power(steady, frequency: f0)
        for k in 2...5 {
            let frequency = Double(k) * f0
            #expect(frequency < 4000)
            let level = SignalAnalysis.decibels(
                SignalAnalysis.power(steady, frequency: frequency), relativeTo: reference)
            #expect(level >= -15 && level <= 0.5, "harmonic \(k) at \(frequency) Hz: \(level) dB")
            // Between harmonics there is (next to) nothing: the components are real partials, not noise.
            let between = SignalAnalysis.power(steady, frequency: frequency - f0 / 2)
            #expect(SignalAnalysis.decibels(between, relativeTo: reference) < -30)
        }
    }

    @Test("the first 0.5 s of high, medium and low differ in rhythm and pitch (MIL-STD-1472E)")
    func firstHalfSecondDiffers() throws {
        // Pulse onsets (90 % points of the rise) within the first 0.5 s, and the fundamental.
        let expected: [(Priority, onsets: [Double], pitch: Double)] = try [
            (Priority.high, 500.0), (.medium, 440), (.low, 330),
        ]
        .map { priority, pitch in
            let timings = try #require(AlarmTone.pulseTimings(priority))
            return (priority, timings.onsetsMilliseconds.filter { $0 < 495 }, pitch)
        }
        #expect(expected.map(\.onsets.count) == [2, 2, 2])
        #expect(Set(expected.map { Int(($0.onsets[1] - $0.onsets[0]).rounded()) }) == [250, 380, 450])
        var signatures = Set<[Int]>()
        for (priority, onsets, pitch) in expected {
            let head = Array(AlarmTone.burst(priority).prefix(8000))
            let pulses = SignalAnalysis.pulses(head, fraction: 0.9)
            #expect(pulses.count == onsets.count, "\(priority)")
            for (pulse, onset) in zip(pulses, onsets) {
                #expect(abs(pulse.onsetMilliseconds - onset) <= 10, "\(priority): onset \(pulse.onsetMilliseconds) ms")
            }
            let first = try #require(pulses.first)
            let measured = SignalAnalysis.dominantFrequency(
                SignalAnalysis.steadyPart(of: first, in: head), in: 150...1000)
            #expect(abs(measured - pitch) <= 10)
            signatures.insert(pulses.map { Int(($0.onsetMilliseconds / 50).rounded()) } + [Int(measured / 50)])
        }
        #expect(signatures.count == 3, "\(signatures)")
    }

    @Test("levels are ordered high ≥ medium ≥ low > info, and nothing clips")
    func levels() {
        let peaks = [Priority.high, .medium, .low, .info].map { AlarmTone.burst($0).map { abs(Int($0)) }.max() ?? 0 }
        #expect(peaks[0] >= peaks[1] && peaks[1] >= peaks[2] && peaks[2] > peaks[3])
        #expect(peaks[0] < 32767)
    }

    @Test("info is a soft decaying chime of 880 Hz and 1320 Hz, 400 ms")
    func infoChime() {
        let chime = AlarmTone.burst(.info)
        #expect(chime.count == 6400)
        let early = chime[160..<1760]
        let late = chime[4800..<6400]
        let earlyPower = SignalAnalysis.power(early, frequency: 880)
        #expect(earlyPower > 10 * SignalAnalysis.power(late, frequency: 880))
        #expect(SignalAnalysis.decibels(SignalAnalysis.power(early, frequency: 1320), relativeTo: earlyPower) > -10)
        #expect(SignalAnalysis.decibels(SignalAnalysis.power(early, frequency: 1100), relativeTo: earlyPower) < -30)
        #expect(AlarmTone.pulseTimings(.info) == nil)
    }

    @Test("bursts are deterministic and cached")
    func deterministic() {
        #expect(AlarmTone.burst(.high) == AlarmTone.burst(.high))
        // 3500 ms between the first rise's and the last fall's 90 % points, plus 79.5 % of a 38.1 ms ramp each side
        #expect(AlarmTone.burst(.high).count == 56970)
    }
}
