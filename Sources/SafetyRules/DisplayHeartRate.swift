public import RetroWalkCore

/// The heart rate the rules and the screen use (SAFETY.md, section B, steps 1 and 3).
///
/// RR intervals outside 300–2000 ms are rejected; the display HR is the mean of the last 12 valid RR after
/// dropping the largest and the smallest (IEC 60601-2-27 style). A strap that sends no RR at all falls back to
/// the HR field of its notifications.
public struct DisplayHeartRate: Sendable, Hashable {
    /// The plausible RR range in milliseconds.
    public static let plausibleRR: ClosedRange<Double> = 300...2000
    /// How many valid RR intervals the average uses.
    public static let window = 12

    private var recentRR: [Double] = []
    private var lastReported: Double?

    /// Creates an empty estimator.
    public init() {}

    /// Takes one notification.
    public mutating func receive(_ sample: HeartRateSample) {
        lastReported = Double(sample.beatsPerMinute)
        for ms in sample.rrMilliseconds where Self.plausibleRR.contains(ms) {
            recentRR.append(ms)
        }
        if recentRR.count > Self.window { recentRR.removeFirst(recentRR.count - Self.window) }
    }

    /// The current display heart rate in bpm, or `nil` before any data.
    public var beatsPerMinute: Double? {
        guard recentRR.count >= 3 else { return lastReported ?? recentRR.last.map { 60_000 / $0 } }
        let sorted = recentRR.sorted()
        let kept = sorted.dropFirst().dropLast()
        let mean = kept.reduce(0, +) / Double(kept.count)
        return 60_000 / mean
    }

    /// Forgets the history (after a link loss, old beats say nothing about now).
    public mutating func reset() {
        recentRR.removeAll()
        lastReported = nil
    }
}
