public import RetroWalkCore

/// The playback level of each kind of sound, in decibels relative to the level it was made at (0 dB = unchanged).
///
/// The ``SoundScheduler`` plays an alarm's burst and its spoken message at the gain of the alarm's ``Priority``,
/// and speech cues at ``speech``. A gain of 0 dB leaves the samples bit for bit as they are; any other gain
/// multiplies every sample by the linear factor 10^(dB/20), rounds to the nearest integer and clamps to the `Int16`
/// range, so that no gain can wrap a sample around. A gain that is not a number counts as 0 dB.
///
/// The limits on what a user may choose (−30…0 dB, with a floor of −10 dB for high and medium alarms so that the
/// volume control cannot make an alarm inaudible, SAFETY.md 5.3) are checked where the settings are read; this
/// type applies whatever it is given.
public struct SoundGains: Sendable, Hashable {
    /// Gain of high-priority alarms (burst and message), in dB.
    public var high: Double
    /// Gain of medium-priority alarms (burst and message), in dB.
    public var medium: Double
    /// Gain of low-priority alarms (burst and message), in dB.
    public var low: Double
    /// Gain of info alerts (chime and message), in dB.
    public var info: Double
    /// Gain of speech cues, in dB.
    public var speech: Double

    /// Every gain at 0 dB: everything plays exactly as synthesised or recorded.
    public static let unity = SoundGains()

    /// Creates gains; each defaults to 0 dB.
    ///
    /// - Parameters:
    ///   - high: High-priority alarms, dB.
    ///   - medium: Medium-priority alarms, dB.
    ///   - low: Low-priority alarms, dB.
    ///   - info: Info alerts, dB.
    ///   - speech: Speech cues, dB.
    public init(high: Double = 0, medium: Double = 0, low: Double = 0, info: Double = 0, speech: Double = 0) {
        self.high = high
        self.medium = medium
        self.low = low
        self.info = info
        self.speech = speech
    }

    /// The gain of an alert of `priority`, in dB.
    ///
    /// - Parameter priority: The alert's priority.
    /// - Returns: ``high``, ``medium``, ``low`` or ``info``.
    public func decibels(for priority: Priority) -> Double {
        switch priority {
        case .high: high
        case .medium: medium
        case .low: low
        case .info: info
        }
    }

    /// The linear amplitude factor of a gain: 10^(dB/20), so −6 dB is 0.501 and −20 dB is 0.1.
    ///
    /// - Parameter decibels: A gain in dB; NaN counts as 0 dB.
    /// - Returns: The factor; 1 for 0 dB.
    public static func linearFactor(decibels: Double) -> Double {
        guard !decibels.isNaN, decibels != 0 else { return 1 }
        return Exponential.power10(decibels / 20)
    }

    /// Applies a gain to samples.
    ///
    /// - Parameters:
    ///   - samples: Mono 16-bit samples.
    ///   - decibels: The gain in dB.
    /// - Returns: `samples` unchanged at 0 dB (and for NaN); otherwise each sample times ``linearFactor(decibels:)``,
    ///   rounded to the nearest integer and clamped to `Int16.min…Int16.max`.
    public static func apply(_ samples: [Int16], decibels: Double) -> [Int16] {
        let factor = linearFactor(decibels: decibels)
        guard factor != 1 else { return samples }
        return samples.map { sample in
            let scaled = (Double(sample) * factor).rounded()
            guard !scaled.isNaN else { return 0 }
            return Int16(max(Double(Int16.min), min(Double(Int16.max), scaled)))
        }
    }
}
