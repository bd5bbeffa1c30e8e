import Foundation
public import RetroWalkCore

/// RR series built from published physiology, not from the rules engine, for the validation suite.
///
/// Every number below is the physiology's, with its source; none is tuned to the engine's thresholds.
/// - Sinus rhythm: respiratory sinus arrhythmia at 0.25 Hz (15 breaths a minute at rest); its peak-to-trough
///   amplitude is a fraction of the RR (a few percent in older adults, up to 15–20 % in young ones at rest), plus
///   beat-to-beat noise that is positively correlated (NOTES.md: resting SDNN a few tens of ms).
/// - Premature ventricular beats: coupling interval 60–80 % of the sinus RR, followed by a fully compensatory pause,
///   so that coupling + pause = 2 × sinus RR (the sinus node is not reset); a couplet's pause makes the three
///   intervals 3 × sinus RR.
/// - Atrial fibrillation: "irregularly irregular" RR, successive intervals independent, coefficient of variation
///   about 20 % (high Shannon entropy, turning-point ratio near the 2/3 of a random series: Dash 2009, SAFETY.md 3.5).
/// - A strap's missed beats: one interval spanning two beats (Polar H10: 99.6 % of RR correct, SAFETY.md 6).
/// - Motion artefacts: for a few seconds, beats missed or split by extra detections at random.
public struct Physiology: Sendable {
    private var generator: SplitMix64
    private var noise = 0.0
    private var phase = 0.0
    /// Peak-to-trough respiratory modulation, fraction of RR.
    public var sinusArrhythmia: Double
    /// Breathing frequency, Hz.
    public var breathingHz = 0.25
    /// Beat-to-beat noise (standard deviation of the AR(1) innovation), fraction of RR.
    public var noiseFraction = 0.006

    /// Creates a generator.
    public init(seed: UInt64, sinusArrhythmia: Double = 0.04) {
        generator = SplitMix64(seed: seed)
        self.sinusArrhythmia = sinusArrhythmia
    }

    /// One sinus interval at `bpm`, ms.
    public mutating func sinus(bpm: Double) -> Double {
        let base = 60_000 / bpm
        noise = 0.5 * noise + generator.nextGaussian(standardDeviation: noiseFraction)
        let rr = base * (1 + sinusArrhythmia / 2 * sin(phase) + noise)
        phase += 2 * Double.pi * breathingHz * rr / 1000
        return rr
    }

    /// A uniform draw in `range`.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * Double.random(in: 0..<1, using: &generator)
    }

    /// A premature ventricular beat on a sinus interval: the coupling interval (60–80 % of it) and the fully
    /// compensatory pause.
    public mutating func prematureBeat(sinus rr: Double) -> [Double] {
        let coupling = rr * uniform(0.6...0.8)
        return [coupling, 2 * rr - coupling]
    }

    /// A couplet: two premature beats and the pause that makes the three intervals 3 × the sinus RR.
    public mutating func couplet(sinus rr: Double) -> [Double] {
        let first = rr * uniform(0.6...0.8)
        let second = rr * uniform(0.6...0.8)
        return [first, second, 3 * rr - first - second]
    }

    /// An atrial-fibrillation interval around `meanBPM` (independent draws, coefficient of variation 20 %).
    public mutating func fibrillation(meanBPM: Double) -> Double {
        let mean = 60_000 / meanBPM
        return max(300, min(2000, mean * (1 + generator.nextGaussian(standardDeviation: 0.2))))
    }

    /// Whether an event of probability `p` happens.
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &generator) < p }
}

/// A series of intervals with the time each beat ends, built interval by interval.
public struct BeatSeries: Sendable {
    /// The intervals, ms.
    public private(set) var intervals: [Double] = []
    /// When the last beat ended, s.
    public private(set) var time: Double
    private let start: Double

    /// Starts a series at `start` seconds.
    public init(start: Double = 0) {
        self.start = start
        time = start
    }

    /// Appends intervals.
    public mutating func append(_ rr: Double...) { append(contentsOf: rr) }

    /// Appends intervals.
    public mutating func append(contentsOf rr: [Double]) {
        for value in rr {
            intervals.append(value)
            time += value / 1000
        }
    }

    /// Appends intervals until the series reaches `end` seconds; `next` gives each one from the time it starts.
    public mutating func fill(until end: Double, _ next: (Double) -> Double) {
        while time < end { append(next(time)) }
    }

    /// The beats, with their end times.
    public func beats() -> [SyntheticRR.Beat] {
        var t = start
        return intervals.map { value in
            t += value / 1000
            return SyntheticRR.Beat(time: t, rrMilliseconds: value)
        }
    }

    /// The notifications a strap sends for the series (one a second, contact detected).
    public func notifications(contact: Contact = .detected) -> [HeartRateSample] {
        SyntheticRR.notifications(for: beats(), from: start, contact: contact)
    }
}
