public import RetroWalkCore

extension RealRRSeries {
    /// Record 119's RR intervals, ms: the time between successive beat annotations (360 Hz), 661 intervals.
    public static var record119RR: [Double] {
        let samples = record119Samples.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        return zip(samples, samples.dropFirst()).map { Double($1 - $0) * 1000 / 360 }
    }

    /// The reference type of the beat that ends each interval of ``record119RR``: `N` or `V`.
    public static var record119Labels: [Character] {
        Array(record119Types.filter { !$0.isWhitespace }.dropFirst())
    }

    /// When each interval of ``record119RR`` ends, seconds since the first annotated beat.
    public static var record119BeatTimes: [Double] {
        let samples = record119Samples.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        return samples.dropFirst().map { Double($0 - samples[0]) / 360 }
    }

    /// The 60-minute NSRDB NN series, ms.
    public static var nsrdbLongRR: [Double] {
        nsrdbLongText.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
    }

    /// A series as a strap would send it: one notification a second, each with the RR (1/1024 s) of the beats that
    /// ended since the previous one, the HR field from them, contact detected.
    ///
    /// - Parameter rr: The intervals, ms, in order; the first beat ends one interval after time 0.
    public static func notifications(for rr: [Double]) -> [HeartRateSample] {
        var time = 0.0
        let beats = rr.map { value -> SyntheticRR.Beat in
            time += value / 1000
            return SyntheticRR.Beat(time: time, rrMilliseconds: value)
        }
        return SyntheticRR.notifications(for: beats)
    }
}
