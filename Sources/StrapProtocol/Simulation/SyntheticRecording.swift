public import RetroWalkCore

/// A whole synthetic day from a chest strap, for benchmarks, soak tests and replay: 86,400 one-second
/// notifications with believable heart rate and RR intervals.
///
/// The day is a schedule of ``Period``s — night sleep with a short awakening, sitting and desk rest, walks, a
/// retro-walking session (warm-up, 5 × 1 min backward with forward walking between, cool-down), an evening
/// walk — whose boundaries shift by a few minutes with the seed. The beats come from ``SimulatedHeart`` (lagging
/// rate, respiratory sinus arrhythmia, slow drift, beat-to-beat noise) with per-period resting rate, breathing rate
/// and variability: slow and highly variable asleep, faster and steadier walking. On top of that, about one beat in
/// 900 is a premature (ectopic) beat — 60 % of the expected RR, followed by a compensatory pause that makes up the
/// rest, so the pair spans two normal beats — and a few short stretches lose skin contact while walking (contact
/// `not_detected`, no RR, the last bpm repeated, as a strap does).
///
/// Pure and seeded: the same seed gives the same day, bit for bit (``SplitMix64``); nothing reads a clock.
public enum SyntheticRecording {
    /// What the wearer is doing over a stretch of the day.
    public enum Activity: String, Sendable, Hashable, CaseIterable {
        /// Night sleep: low rate, slow breathing, high variability.
        case sleep
        /// Sitting or at a desk.
        case rest
        /// Walking forward.
        case walk
        /// Walking backward (the retro-walking bouts).
        case backward
    }

    /// One stretch of the day: an activity from `start` (inclusive) to `end` (exclusive), in seconds since midnight.
    public struct Period: Sendable, Hashable {
        /// What the wearer is doing.
        public var activity: Activity
        /// Start, seconds since the start of the day.
        public var start: Double
        /// End, seconds since the start of the day.
        public var end: Double

        /// Creates a period.
        ///
        /// - Parameters:
        ///   - activity: What the wearer is doing.
        ///   - start: Start, seconds since the start of the day.
        ///   - end: End, seconds since the start of the day.
        public init(activity: Activity, start: Double, end: Double) {
            self.activity = activity
            self.start = start
            self.end = end
        }
    }

    /// Seconds in the day: the number of notifications ``day(seed:)`` returns.
    public static let length = 86_400

    /// The day's schedule for a seed: contiguous periods from 0 to ``length`` seconds.
    ///
    /// - Parameter seed: The seed; boundaries move by up to ±10 minutes from the template.
    /// - Returns: The periods, in order, covering the whole day without gaps.
    public static func schedule(seed: UInt64) -> [Period] {
        var generator = SplitMix64(seed: seed ^ 0x5EED_DA7A)
        // Blocks of the template day: a start in minutes since midnight and the activities in the block, each with
        // its start in minutes from the block's start. A block moves as a whole by up to ±10 minutes (not the
        // first), so the session's 1-minute bouts keep their lengths; block starts are at least an hour apart and no
        // block lasts 40 minutes, so moved blocks never overlap.
        let blocks: [(start: Double, entries: [(Activity, Double)])] = [
            (0, [(.sleep, 0)]),
            (190, [(.rest, 0), (.sleep, 6)]),  // a short awakening around 03:10
            (390, [(.rest, 0)]),  // up at 06:30
            (450, [(.walk, 0), (.rest, 30)]),  // morning walk
            (
                630,  // the retro-walking session: warm-up, 5 × 1 min backward with 2 min forward between, cool-down
                [
                    (.walk, 0), (.backward, 3), (.walk, 4), (.backward, 6), (.walk, 7), (.backward, 9), (.walk, 10),
                    (.backward, 12), (.walk, 13), (.backward, 15), (.walk, 16), (.rest, 19),
                ]
            ),
            (750, [(.walk, 0), (.rest, 30)]),  // lunch walk
            (900, [(.walk, 0), (.rest, 10)]),  // a short afternoon walk
            (1020, [(.walk, 0), (.rest, 35)]),  // evening walk
            (1350, [(.sleep, 0)]),  // asleep at 22:30
        ]
        var periods: [Period] = []
        for (index, block) in blocks.enumerated() {
            let shift = index == 0 ? 0 : Double(Int.random(in: -600...600, using: &generator))
            for (activity, minutes) in block.entries {
                periods.append(Period(activity: activity, start: block.start * 60 + shift + minutes * 60, end: 0))
            }
        }
        for index in periods.indices {
            periods[index].end = index + 1 < periods.count ? periods[index + 1].start : Double(length)
        }
        return periods
    }

    /// The day's notifications for a seed: one per second at t = 1 … 86,400 s.
    ///
    /// - Parameter seed: The seed.
    /// - Returns: 86,400 samples in time order, contact `detected` except in the short contact losses.
    public static func day(seed: UInt64) -> [HeartRateSample] {
        let periods = schedule(seed: seed)
        var generator = SplitMix64(seed: seed)
        var heart = SimulatedHeart(restingBeatsPerMinute: 58)
        var samples: [HeartRateSample] = []
        samples.reserveCapacity(length)
        var periodIndex = 0
        var carry = 0.0  // ms taken from a premature beat, added to the next beat (the compensatory pause)
        var lastBPM: UInt16 = 58
        var contactLossUntil = -60
        for second in 1...length {
            let now = Double(second)
            while periodIndex + 1 < periods.count, now - 0.5 >= periods[periodIndex].end { periodIndex += 1 }
            let activity = periods[periodIndex].activity
            configure(&heart, for: activity)
            let effort: Effort =
                switch activity {
                case .sleep, .rest: .rest
                case .walk: .forward
                case .backward: .backward
                }
            var intervals = heart.advance(to: now, effort: effort, using: &generator)
            for index in intervals.indices {
                var milliseconds = RRInterval.milliseconds(fromRaw: intervals[index]) + carry
                carry = 0
                if Double.random(in: 0..<1, using: &generator) < 1.0 / 900 {
                    carry = milliseconds * 0.4
                    milliseconds *= 0.6
                }
                intervals[index] = max(1, RRInterval.raw(fromMilliseconds: milliseconds))
            }
            let walking = activity == .walk || activity == .backward
            // A loss lasts 3-8 s (this second and 2-7 more) and starts at least a minute after the last one ended.
            if walking, second > contactLossUntil + 60, Double.random(in: 0..<1, using: &generator) < 1.0 / 2400 {
                contactLossUntil = second + Int.random(in: 2...7, using: &generator)
            }
            if second <= contactLossUntil {
                samples.append(HeartRateSample(time: now, beatsPerMinute: lastBPM, contact: .notDetected))
                continue
            }
            if !intervals.isEmpty {
                let mean = intervals.reduce(0.0) { $0 + RRInterval.milliseconds(fromRaw: $1) } / Double(intervals.count)
                lastBPM = UInt16(max(20, min(250, (60_000 / mean).rounded())))
            }
            samples.append(
                HeartRateSample(time: now, beatsPerMinute: lastBPM, contact: .detected, rrIntervals: intervals)
            )
        }
        return samples
    }

    /// Sets the heart's per-activity physiology: resting rate, breathing, variability.
    private static func configure(_ heart: inout SimulatedHeart, for activity: Activity) {
        switch activity {
        case .sleep:
            heart.restingBeatsPerMinute = 54
            heart.respiratoryFrequency = 0.22
            heart.arrhythmiaFraction = 0.07
            heart.noiseFraction = 0.012
        case .rest:
            heart.restingBeatsPerMinute = 68
            heart.respiratoryFrequency = 0.25
            heart.arrhythmiaFraction = 0.04
            heart.noiseFraction = 0.009
        case .walk, .backward:
            heart.restingBeatsPerMinute = 68
            heart.forwardBeatsPerMinute = 98
            heart.respiratoryFrequency = 0.33
            heart.arrhythmiaFraction = 0.03
            heart.noiseFraction = 0.006
        }
    }
}
