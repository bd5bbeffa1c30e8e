public import RetroWalkCore

/// Synthesised alarm bursts in the style of IEC 60601-1-8, one per ``Priority`` (SAFETY.md, sections 5.1 and D).
///
/// Every pulse is a harmonic tone (a fundamental in 150–1000 Hz plus at least four harmonics below 4 kHz, so that
/// older ears, which lose high frequencies first, still hear it) shaped by a raised-cosine envelope. Timings follow
/// the standard's definitions as encoded in the IEC 60601-1-8 generator scripts (SAFETY.md 5.1): the pulse duration
/// td runs from the 90 % point of the rise to the 90 % point of the fall, the spacing ts from the 90 % point of one
/// fall to the 90 % point of the next rise, and the rise and fall times (10 % → 90 %) are each 15 % of td (the
/// allowed range is 10–20 %). Rise + fall stays below the spacing, so the envelope reaches silence between pulses.
///
/// | priority | pulses | pulse | spacing | fundamental | harmonics | peak |
/// |---|---|---|---|---|---|---|
/// | high | 10: 3 + 2, pause, 3 + 2 | 150 ms | 100 ms (3→2: 350 ms; halves: 700 ms) | 500 Hz | 2f…7f | −1 dBFS |
/// | medium | 3 | 200 ms | 180 ms | 440 Hz | 2f…8f | −3 dBFS |
/// | low | 2 | 200 ms | 250 ms | 330 Hz | 2f…5f | −6 dBFS |
/// | info | a soft chime: 880 Hz + 1320 Hz decaying over 400 ms | – | – | – | – | −10 dBFS |
///
/// The first 0.5 s of each differs from the others in rhythm (second pulse 250 ms, 380 ms or 450 ms after the first)
/// and in pitch (MIL-STD-1472E §5.3). Bursts are computed once and cached.
public enum AlarmTone {
    /// The burst for a priority, mono 16-bit at ``AudioFormat/sampleRate``.
    ///
    /// - Parameter priority: The alert's priority; ``Priority/info`` gives the chime.
    /// - Returns: The burst's samples (3.56 s for high, 1.04 s for medium, 0.73 s for low, 0.4 s for info).
    public static func burst(_ priority: Priority) -> [Int16] {
        switch priority {
        case .high: highBurst
        case .medium: mediumBurst
        case .low: lowBurst
        case .info: infoChime
        }
    }

    /// The nominal timing of a priority's burst: when each pulse reaches 90 % of its rise, in milliseconds from the
    /// burst's first sample, and the pulse duration td (90 % rise → 90 % fall); `nil` for ``Priority/info``, which is
    /// a chime, not pulses.
    ///
    /// - Parameter priority: The priority.
    /// - Returns: Onsets and pulse duration in milliseconds, or `nil`.
    public static func pulseTimings(_ priority: Priority) -> (onsetsMilliseconds: [Double], pulseMilliseconds: Double)?
    {
        guard let pattern = Pattern.of(priority) else { return nil }
        return (
            pattern.onsets.map { $0 + Pattern.ninetyPercentPoint * pattern.rampMilliseconds }, pattern.pulseMilliseconds
        )
    }

    private static let highBurst = Pattern.high.render()
    private static let mediumBurst = Pattern.medium.render()
    private static let lowBurst = Pattern.low.render()
    private static let infoChime = renderChime()

    /// One priority's pulse train.
    private struct Pattern {
        var fundamental: Double
        /// Amplitudes of the fundamental and its harmonics before normalisation, about `k^-r` for harmonic `k`
        /// (r = 0.7 high, 0.8 medium, 0.9 low: the highest harmonic stays within 15 dB of the fundamental).
        var amplitudes: [Double]
        /// td, from the 90 % point of the rise to the 90 % point of the fall.
        var pulseMilliseconds: Double
        /// Where each pulse's rise begins; its 90 % point follows ``ninetyPercentPoint`` × ramp later.
        var onsets: [Double]
        var peak: Double

        /// A raised-cosine ramp 0.5 − 0.5·cos(πx) crosses 10 % at x = 0.2048 and 90 % at x = 0.7952
        /// (acos(±0.8)/π), so its 10 → 90 % rise takes 59.03 % of the ramp.
        static let ninetyPercentPoint = 0.795_167_235_3
        static let tenPercentPoint = 1 - ninetyPercentPoint

        /// The whole ramp, so that 10 → 90 % takes 15 % of td.
        var rampMilliseconds: Double { 0.15 * pulseMilliseconds / (Self.ninetyPercentPoint - Self.tenPercentPoint) }

        static func of(_ priority: Priority) -> Pattern? {
            switch priority {
            case .high: high
            case .medium: medium
            case .low: low
            case .info: nil
            }
        }

        /// 3 + 2, pause, 3 + 2: pulses 150 ms, spacing 100 ms, 350 ms between the 3 and the 2, 700 ms between halves.
        static let high: Pattern = {
            let pulse = 150.0
            let spacing = 100.0
            let groupGap = 350.0
            let halfGap = 700.0
            var onsets = [Double]()
            var t = 0.0
            for half in 0..<2 {
                if half == 1 { t += halfGap - spacing }
                for (group, count) in [3, 2].enumerated() {
                    if group == 1 { t += groupGap - spacing }
                    for _ in 0..<count {
                        onsets.append(t)
                        t += pulse + spacing
                    }
                }
            }
            return Pattern(
                fundamental: 500, amplitudes: [1, 0.616, 0.463, 0.379, 0.324, 0.286, 0.256], pulseMilliseconds: pulse,
                onsets: onsets, peak: 0.891)
        }()

        static let medium = Pattern(
            fundamental: 440, amplitudes: [1, 0.574, 0.415, 0.330, 0.276, 0.238, 0.211, 0.189], pulseMilliseconds: 200,
            onsets: [0, 380, 760], peak: 0.708)

        static let low = Pattern(
            fundamental: 330, amplitudes: [1, 0.536, 0.372, 0.287, 0.235], pulseMilliseconds: 200, onsets: [0, 450],
            peak: 0.501)

        func render() -> [Int16] {
            let rate = Double(AudioFormat.sampleRate)
            let ramp = rampMilliseconds
            // From the start of the rise to the start of the fall: td plus the parts of both ramps above 90 %.
            let fallStart = pulseMilliseconds + (Self.ninetyPercentPoint - Self.tenPercentPoint) * ramp
            let total = AudioFormat.frames(milliseconds: (onsets.last ?? 0) + fallStart + ramp)
            var signal = [Double](repeating: 0, count: total)
            for onset in onsets {
                let first = AudioFormat.frames(milliseconds: onset)
                let last = min(total, AudioFormat.frames(milliseconds: onset + fallStart + ramp))
                for n in first..<last {
                    let local = Double(n - first) * 1000 / rate  // ms since this pulse's rise began
                    let envelope: Double
                    if local < ramp {
                        envelope = 0.5 - 0.5 * Sine.cosine(turns: local / ramp / 2)
                    } else if local > fallStart {
                        envelope = 0.5 + 0.5 * Sine.cosine(turns: (local - fallStart) / ramp / 2)
                    } else {
                        envelope = 1
                    }
                    var tone = 0.0
                    let turns = fundamental * Double(n) / rate
                    for (index, amplitude) in amplitudes.enumerated() {
                        tone += amplitude * Sine.value(turns: turns * Double(index + 1))
                    }
                    signal[n] = envelope * tone
                }
            }
            return quantise(signal, peak: peak)
        }
    }

    /// 880 Hz + 1320 Hz (a fifth), 5 ms attack, quadratic decay to silence at 400 ms.
    private static func renderChime() -> [Int16] {
        let rate = Double(AudioFormat.sampleRate)
        let total = AudioFormat.frames(milliseconds: 400)
        let attack = AudioFormat.frames(milliseconds: 5)
        var signal = [Double](repeating: 0, count: total)
        for n in 0..<total {
            let remaining = 1 - Double(n) / Double(total)
            let envelope = n < attack ? Double(n) / Double(attack) : remaining * remaining
            let t = Double(n) / rate
            signal[n] = envelope * (Sine.value(turns: 880 * t) + 0.6 * Sine.value(turns: 1320 * t))
        }
        return quantise(signal, peak: 0.316)
    }

    /// Scales so the largest magnitude is `peak` of full scale, rounds to `Int16`.
    private static func quantise(_ signal: [Double], peak: Double) -> [Int16] {
        let largest = signal.reduce(0) { max($0, abs($1)) }
        guard largest > 0 else { return signal.map { _ in 0 } }
        let scale = peak * 32767 / largest
        return signal.map { Int16(($0 * scale).rounded()) }
    }
}
