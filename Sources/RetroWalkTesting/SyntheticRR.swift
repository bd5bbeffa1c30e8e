import Foundation
public import RetroWalkCore

/// A heart rate that follows step targets with a first-order lag (the shape of HR kinetics after a change of
/// effort), for building test recordings.
public struct HeartRateCourse: Sendable {
    private let start: Double
    private let timeConstant: Double
    private let steps: [(time: Double, bpm: Double)]

    /// Creates a course.
    ///
    /// - Parameters:
    ///   - startBPM: The rate at time 0.
    ///   - timeConstant: Seconds to cover 63 % of a step (0 for instant steps).
    ///   - steps: From each time on, the rate tends to the step's target; in time order.
    public init(startBPM: Double, timeConstant: Double = 25, steps: [(time: Double, bpm: Double)] = []) {
        start = startBPM
        self.timeConstant = timeConstant
        self.steps = steps.sorted { $0.time < $1.time }
    }

    /// A constant rate.
    public static func steady(_ bpm: Double) -> HeartRateCourse { HeartRateCourse(startBPM: bpm) }

    /// The rate at `time`, bpm.
    public func beatsPerMinute(at time: Double) -> Double {
        var rate = start
        for (index, step) in steps.enumerated() where step.time <= time {
            guard timeConstant > 0 else {
                rate = step.bpm
                continue
            }
            let end = index + 1 < steps.count ? min(steps[index + 1].time, time) : time
            guard end > step.time else { continue }
            rate = step.bpm + (rate - step.bpm) * exp(-(end - step.time) / timeConstant)
        }
        return rate
    }
}

/// Realistic synthetic RR series for tests and replays: a rate that follows a ``HeartRateCourse``, respiratory
/// sinus arrhythmia, seeded beat-to-beat noise, and injected events (premature beats, runs, missed and extra
/// detections, pauses), plus the notifications a strap would send for them.
public struct SyntheticRR: Sendable {
    /// One beat: when it ended and its RR interval.
    public struct Beat: Sendable, Hashable {
        /// When the beat ended, seconds.
        public var time: Double
        /// The interval, ms.
        public var rrMilliseconds: Double

        /// Creates a beat.
        public init(time: Double, rrMilliseconds: Double) {
            self.time = time
            self.rrMilliseconds = rrMilliseconds
        }
    }

    /// Something injected at the first beat starting at or after its time.
    public enum Event: Sendable, Hashable {
        /// A premature beat: RR × `prematurity`, then a compensatory RR × (2 − `prematurity`).
        case premature(prematurity: Double)
        /// `count` premature beats in a row (each RR × `prematurity`), then a compensatory RR × (2 − `prematurity`).
        case run(count: Int, prematurity: Double)
        /// A beat the strap missed: two RR merge into one.
        case missed
        /// A false detection: one RR split in two parts, `split` and 1 − `split`.
        case extra(split: Double)
        /// One RR replaced by a given interval (a pause or a long gap).
        case interval(milliseconds: Double)
    }

    /// Breathing frequency, Hz.
    public var respiratoryFrequency = 0.25
    /// Respiratory modulation of RR, fraction (breath lengths vary by about 30 %).
    public var arrhythmiaFraction: Double
    /// Beat-to-beat noise, standard deviation as a fraction of RR.
    public var noiseFraction: Double
    private var generator: SplitMix64
    private var breathingPhase = 0.0
    private var noise = 0.0

    /// Creates a generator.
    ///
    /// - Parameters:
    ///   - seed: The noise seed.
    ///   - arrhythmiaFraction: Respiratory modulation of RR.
    ///   - noiseFraction: Beat-to-beat noise as a fraction of RR.
    ///
    /// The defaults give a resting adult's variability: on a real Polar H10 recording at ~80 bpm
    /// (shared/data/polar_h10_bleak_709s.csv) RMSSD is 14.8 ms and SDNN 33.5 ms, with |ΔRR| quartiles 3.9, 8.8 and
    /// 15.6 ms; these defaults give the same order of size.
    public init(seed: UInt64, arrhythmiaFraction: Double = 0.025, noiseFraction: Double = 0.012) {
        generator = SplitMix64(seed: seed)
        self.arrhythmiaFraction = arrhythmiaFraction
        self.noiseFraction = noiseFraction
    }

    /// A sinus rhythm following `course` from `start` to `end`, with `events` injected.
    ///
    /// - Returns: The beats, in order; the first ends one interval after `start`.
    public mutating func beats(
        from start: Double = 0,
        to end: Double,
        course: HeartRateCourse,
        events: [(time: Double, event: Event)] = []
    ) -> [Beat] {
        var pending = events.sorted { $0.time < $1.time }[...]
        var beats: [Beat] = []
        var time = start
        var queued: [Double] = []
        while time < end {
            var rr: Double
            if !queued.isEmpty {
                rr = queued.removeFirst()
            } else {
                rr = sinusInterval(at: time, course: course)
                if let next = pending.first, next.time <= time {
                    pending.removeFirst()
                    switch next.event {
                    case .premature(let prematurity):
                        queued = [rr * (2 - prematurity)]
                        rr *= prematurity
                    case .run(let count, let prematurity):
                        queued = Array(repeating: rr * prematurity, count: max(0, count - 1)) + [rr * (2 - prematurity)]
                        rr *= prematurity
                    case .missed:
                        rr += sinusInterval(at: time + rr / 1000, course: course)
                    case .extra(let split):
                        queued = [rr * (1 - split)]
                        rr *= split
                    case .interval(let milliseconds):
                        rr = milliseconds
                    }
                }
            }
            time += rr / 1000
            beats.append(Beat(time: time, rrMilliseconds: rr))
        }
        return beats
    }

    /// An irregular rhythm like atrial fibrillation: independent RR, uniform within ±`spread` of the mean.
    public mutating func irregularBeats(from start: Double = 0, to end: Double, meanBPM: Double, spread: Double = 0.3)
        -> [Beat]
    {
        var beats: [Beat] = []
        var time = start
        let mean = 60_000 / meanBPM
        while time < end {
            let rr = mean * (1 + spread * (2 * Double.random(in: 0..<1, using: &generator) - 1))
            time += rr / 1000
            beats.append(Beat(time: time, rrMilliseconds: rr))
        }
        return beats
    }

    private mutating func sinusInterval(at time: Double, course: HeartRateCourse) -> Double {
        let base = 60_000 / course.beatsPerMinute(at: time)
        let breathing = arrhythmiaFraction * sin(breathingPhase)
        // Beat-to-beat variation is not white: successive intervals are positively correlated (AR(1), φ = 0.6)
        noise = 0.6 * noise + 0.8 * generator.nextGaussian(standardDeviation: noiseFraction)
        let rr = base * (1 + breathing + noise)
        // Breaths are not all the same length: the phase advances with ±30 % jitter per beat, so the modulation
        // does not lock to a whole number of beats (which would make every |ΔRR| alike).
        let jitter = max(0, 1 + generator.nextGaussian(standardDeviation: 0.3))
        breathingPhase += 2 * Double.pi * respiratoryFrequency * rr / 1000 * jitter
        return rr
    }

    /// The notifications a strap sends for `beats`: one every `interval` seconds from `start` + `interval` up to
    /// `end`, each carrying the RR (in 1/1024 s) of the beats that ended since the previous one and an HR field
    /// from them (or the previous field when none ended).
    public static func notifications(
        for beats: [Beat],
        from start: Double = 0,
        to end: Double? = nil,
        interval: Double = 1,
        contact: Contact = .detected
    ) -> [HeartRateSample] {
        let last = end ?? (beats.last?.time ?? start)
        var samples: [HeartRateSample] = []
        var index = beats.firstIndex { $0.time > start } ?? beats.count
        var rate: UInt16 = 0
        var step = 1.0
        while start + step * interval <= last + 1e-9 {
            let time = start + step * interval
            step += 1
            var rr: [UInt16] = []
            var sum = 0.0
            while index < beats.count, beats[index].time <= time + 1e-9 {
                rr.append(RRInterval.raw(fromMilliseconds: beats[index].rrMilliseconds))
                sum += beats[index].rrMilliseconds
                index += 1
            }
            if !rr.isEmpty { rate = UInt16(min(255, max(0, (60_000 * Double(rr.count) / sum).rounded()))) }
            samples.append(HeartRateSample(time: time, beatsPerMinute: rate, contact: contact, rrIntervals: rr))
        }
        return samples
    }
}
