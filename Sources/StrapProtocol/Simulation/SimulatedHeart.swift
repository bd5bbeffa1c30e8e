public import RetroWalkCore

/// What the simulated walker is doing, which sets the heart's target rate.
public struct Effort: Sendable, Hashable {
    /// Whether the walker is moving.
    public var isWalking: Bool
    /// Whether they walk backward (only counts while walking).
    public var isBackward: Bool
    /// Beats per minute added to the target, e.g. to drive the rate past a ceiling in a scenario.
    public var extraBeatsPerMinute: Double

    /// Creates an effort.
    ///
    /// - Parameters:
    ///   - isWalking: Whether the walker is moving.
    ///   - isBackward: Whether they walk backward.
    ///   - extraBeatsPerMinute: Beats per minute added to the target.
    public init(isWalking: Bool, isBackward: Bool = false, extraBeatsPerMinute: Double = 0) {
        self.isWalking = isWalking
        self.isBackward = isBackward
        self.extraBeatsPerMinute = extraBeatsPerMinute
    }

    /// Standing still.
    public static let rest = Effort(isWalking: false)
    /// Walking forward.
    public static let forward = Effort(isWalking: true)
    /// Walking backward.
    public static let backward = Effort(isWalking: true, isBackward: true)
}

/// A believable heart for the simulated strap: a lagging rate, and beats generated one by one.
///
/// The rate follows the target of the ``Effort`` (resting ≈ 68 bpm, forward walking ≈ 96, backward 12 % above
/// forward, plus ``Effort/extraBeatsPerMinute``) with a first-order lag: time constant ``riseTimeConstant``
/// (20 s) going up, ``fallTimeConstant`` (30 s) coming down. Each beat's RR interval is 60 / rate, modulated by
/// respiratory sinus arrhythmia (``respiratoryFrequency`` 0.25 Hz, ``arrhythmiaFraction`` of the RR at rest,
/// less at higher rates) and small seeded noise, so RR is never constant. Time is passed in; the model never
/// reads a clock. The same generator state gives the same beats.
public struct SimulatedHeart: Sendable, Hashable {
    /// Target rate at rest, in beats per minute.
    public var restingBeatsPerMinute: Double
    /// Target rate walking forward, in beats per minute.
    public var forwardBeatsPerMinute: Double
    /// Target rate walking backward as a multiple of ``forwardBeatsPerMinute`` (backward costs 20–40 % more
    /// energy; heart rate runs 10–15 % higher).
    public var backwardFactor: Double
    /// Time constant of the rise toward a higher target, in seconds.
    public var riseTimeConstant: Double
    /// Time constant of the fall toward a lower target, in seconds.
    public var fallTimeConstant: Double
    /// Breathing frequency in hertz, which modulates RR (respiratory sinus arrhythmia).
    public var respiratoryFrequency: Double
    /// Amplitude of the respiratory modulation as a fraction of RR at the resting rate; it shrinks with
    /// (resting / current rate)² as the rate rises.
    public var arrhythmiaFraction: Double
    /// Standard deviation of the beat-to-beat noise as a fraction of RR.
    public var noiseFraction: Double

    /// The current (smoothed) rate in beats per minute.
    public private(set) var beatsPerMinute: Double
    /// The model's time in seconds since the session started.
    public private(set) var time: Double = 0
    /// When the last beat ended, in seconds since the session started.
    public private(set) var lastBeatTime: Double = 0
    private var nextInterval: UInt16?
    private var drift = 0.0

    /// Creates a heart at rest, at time 0.
    ///
    /// - Parameters:
    ///   - restingBeatsPerMinute: Target rate at rest (also the starting rate).
    ///   - forwardBeatsPerMinute: Target rate walking forward.
    ///   - backwardFactor: Backward target as a multiple of the forward one.
    ///   - riseTimeConstant: Lag time constant going up, in seconds.
    ///   - fallTimeConstant: Lag time constant coming down, in seconds.
    ///   - respiratoryFrequency: Breathing frequency in hertz.
    ///   - arrhythmiaFraction: Respiratory modulation of RR at the resting rate.
    ///   - noiseFraction: Beat-to-beat noise as a fraction of RR.
    public init(
        restingBeatsPerMinute: Double = 68,
        forwardBeatsPerMinute: Double = 96,
        backwardFactor: Double = 1.12,
        riseTimeConstant: Double = 20,
        fallTimeConstant: Double = 30,
        respiratoryFrequency: Double = 0.25,
        arrhythmiaFraction: Double = 0.035,
        noiseFraction: Double = 0.008
    ) {
        self.restingBeatsPerMinute = restingBeatsPerMinute
        self.forwardBeatsPerMinute = forwardBeatsPerMinute
        self.backwardFactor = backwardFactor
        self.riseTimeConstant = riseTimeConstant
        self.fallTimeConstant = fallTimeConstant
        self.respiratoryFrequency = respiratoryFrequency
        self.arrhythmiaFraction = arrhythmiaFraction
        self.noiseFraction = noiseFraction
        self.beatsPerMinute = restingBeatsPerMinute
    }

    /// The rate the heart tends to for an effort.
    ///
    /// - Parameter effort: What the walker is doing.
    /// - Returns: Beats per minute: resting, forward, or forward × ``backwardFactor``, plus the extra.
    public func targetBeatsPerMinute(for effort: Effort) -> Double {
        let base =
            effort.isWalking
            ? forwardBeatsPerMinute * (effort.isBackward ? backwardFactor : 1)
            : restingBeatsPerMinute
        return max(20, base + effort.extraBeatsPerMinute)
    }

    /// Advances the heart to `time` under `effort` and returns the beats that ended on the way.
    ///
    /// - Parameters:
    ///   - time: Seconds since the session started; a time not after ``time`` changes nothing.
    ///   - effort: What the walker is doing over the whole step.
    ///   - generator: The seeded noise source.
    /// - Returns: The RR intervals (1/1024 s) of the beats that ended in (previous time, `time`], oldest first.
    ///   Beat times accumulate the raw values, so the intervals add up exactly to the elapsed beat time.
    public mutating func advance(to time: Double, effort: Effort, using generator: inout SplitMix64) -> [UInt16] {
        guard time > self.time else { return [] }
        var beats: [UInt16] = []
        let target = targetBeatsPerMinute(for: effort)
        while true {
            let interval = nextInterval ?? drawInterval(at: lastBeatTime, using: &generator)
            nextInterval = interval
            let beatEnd = lastBeatTime + Double(interval) / 1024
            guard beatEnd <= time else { break }
            follow(target, until: beatEnd)
            beats.append(interval)
            lastBeatTime = beatEnd
            nextInterval = nil
        }
        follow(target, until: time)
        return beats
    }

    /// Moves the smoothed rate toward `target` from ``time`` to `until` (exact first-order step).
    private mutating func follow(_ target: Double, until: Double) {
        let step = until - time
        guard step > 0 else { return }
        let timeConstant = target > beatsPerMinute ? riseTimeConstant : fallTimeConstant
        beatsPerMinute = target + (beatsPerMinute - target) * Approx.exp(-step / max(timeConstant, 0.001))
        time = until
    }

    /// The next RR interval, in 1/1024 s, for a beat starting at `start`.
    private mutating func drawInterval(at start: Double, using generator: inout SplitMix64) -> UInt16 {
        let base = 60_000 / max(beatsPerMinute, 20)  // ms
        let relative = restingBeatsPerMinute / max(beatsPerMinute, 1)
        let arrhythmia = arrhythmiaFraction * min(1, relative * relative)
        let breathing = Approx.sin(cycles: respiratoryFrequency * start)
        // A slow random walk (mean-reverting) plus white noise: the low-frequency part of real HRV.
        drift = 0.97 * drift + generator.nextGaussian(standardDeviation: 0.003)
        let noise = generator.nextGaussian(standardDeviation: noiseFraction)
        let milliseconds = base * (1 + arrhythmia * breathing + drift + noise)
        return max(1, RRInterval.raw(fromMilliseconds: milliseconds))
    }
}
