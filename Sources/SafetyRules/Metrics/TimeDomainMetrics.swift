/// The HRV Task Force (1996) time-domain measures of one series of intervals, computed the way NeuroKit2's
/// `hrv_time` computes them, so that a user can put the numbers side by side.
///
/// - mean RR, median RR, shortest and longest interval; mean HR = mean of 60 000 / RR;
/// - SDNN = sample standard deviation (n − 1);
/// - RMSSD = √(mean of squared successive differences); SDSD = sample standard deviation of those differences;
/// - pNN50 and pNN20 = 100 × (successive differences whose size is above 50 / 20 ms) / the number of intervals
///   (NeuroKit2 divides by the intervals, n, not by the n − 1 differences).
///
/// Successive differences are taken only between intervals that were adjacent in the recording (the `adjacent`
/// flags): when a series has gaps (intervals removed), a removed beat never joins its neighbours into a false
/// difference, as NeuroKit2 does with `RRI_Time` gaps.
public struct TimeDomainMetrics: Sendable, Hashable {
    /// Intervals.
    public var count: Int
    /// Mean interval, ms.
    public var meanRRMilliseconds: Double
    /// Median interval, ms.
    public var medianRRMilliseconds: Double
    /// Shortest interval, ms.
    public var minimumRRMilliseconds: Double
    /// Longest interval, ms.
    public var maximumRRMilliseconds: Double
    /// Mean of 60 000 / interval, bpm.
    public var meanHeartRateBPM: Double
    /// Standard deviation (n − 1), ms (`nil` below 2 intervals).
    public var sdnnMilliseconds: Double?
    /// Root mean square of successive differences, ms (`nil` without a difference).
    public var rmssdMilliseconds: Double?
    /// Standard deviation (n − 1) of successive differences, ms (`nil` below 2 differences).
    public var sdsdMilliseconds: Double?
    /// Successive differences above 50 ms, percent of the intervals.
    public var pnn50Percent: Double?
    /// Successive differences above 20 ms, percent of the intervals.
    public var pnn20Percent: Double?

    /// Computes the measures.
    ///
    /// - Parameters:
    ///   - intervals: At least one interval, ms.
    ///   - adjacent: For each interval, whether it directly follows the one before it in the recording (the
    ///     first's flag is ignored); `nil` when all are adjacent.
    /// - Returns: `nil` for an empty series.
    public init?(intervals: [Double], adjacent: [Bool]? = nil) {
        guard !intervals.isEmpty else { return nil }
        count = intervals.count
        var sum = 0.0
        var rateSum = 0.0
        var minimum = intervals[0]
        var maximum = intervals[0]
        for value in intervals {
            sum += value
            rateSum += 60_000 / value
            minimum = min(minimum, value)
            maximum = max(maximum, value)
        }
        let mean = sum / Double(count)
        meanRRMilliseconds = mean
        meanHeartRateBPM = rateSum / Double(count)
        var values = intervals
        medianRRMilliseconds = Selection.median(of: &values)
        minimumRRMilliseconds = minimum
        maximumRRMilliseconds = maximum
        if count >= 2 {
            var squares = 0.0
            for value in intervals { squares += (value - mean) * (value - mean) }
            sdnnMilliseconds = (squares / Double(count - 1)).squareRoot()
        }
        var differences: [Double] = []
        differences.reserveCapacity(count)
        for index in intervals.indices.dropFirst() where adjacent?[index] ?? true {
            differences.append(intervals[index] - intervals[index - 1])
        }
        guard !differences.isEmpty else { return }
        var squares = 0.0
        var differenceSum = 0.0
        var over50 = 0
        var over20 = 0
        for difference in differences {
            squares += difference * difference
            differenceSum += difference
            if abs(difference) > 50 { over50 += 1 }
            if abs(difference) > 20 { over20 += 1 }
        }
        rmssdMilliseconds = (squares / Double(differences.count)).squareRoot()
        pnn50Percent = 100 * Double(over50) / Double(count)
        pnn20Percent = 100 * Double(over20) / Double(count)
        if differences.count >= 2 {
            let differenceMean = differenceSum / Double(differences.count)
            var spread = 0.0
            for difference in differences { spread += (difference - differenceMean) * (difference - differenceMean) }
            sdsdMilliseconds = (spread / Double(differences.count - 1)).squareRoot()
        }
    }
}
