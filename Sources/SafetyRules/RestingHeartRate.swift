public import RetroWalkCore

/// Resting heart rate as SAFETY.md section A defines it: the median HR over the last 60 s of 3 min of quiet
/// standing or sitting before the bout.
///
/// Each plausible RR interval (`signal.rr_min_ms`…`rr_max_ms`) that ends in the last ``windowSeconds`` of the
/// measurement gives one beat rate (60 000 / RR); the result is their median, rounded to a whole bpm. A strap that
/// sends no RR is measured on the HR field of its notifications instead. Notifications without skin contact are
/// left out. Pure: the caller passes the samples with their times.
public struct RestingHeartRate: Sendable {
    /// The measurement's length, seconds (3 min).
    public let durationSeconds: Double
    /// The final stretch the median is taken over, seconds (60 s).
    public let windowSeconds: Double
    /// Fewer beats than this in the window is no measurement (about half a minute at 60 bpm).
    public static let minimumBeats = 30

    private let plausible: ClosedRange<Double>
    private var beatRates: [(time: Double, bpm: Double)] = []
    private var fieldRates: [(time: Double, bpm: Double)] = []

    /// Creates a measurement.
    public init(durationSeconds: Double = 180, windowSeconds: Double = 60, settings: RuleSettings = .defaults) {
        self.durationSeconds = durationSeconds
        self.windowSeconds = min(windowSeconds, durationSeconds)
        plausible = settings.rrMinMs...settings.rrMaxMs
    }

    /// Takes one notification.
    public mutating func receive(_ sample: HeartRateSample) {
        guard sample.contact != .notDetected else { return }
        for ms in sample.rrMilliseconds where plausible.contains(ms) {
            beatRates.append((sample.time, 60_000 / ms))
        }
        if sample.beatsPerMinute > 0 { fieldRates.append((sample.time, Double(sample.beatsPerMinute))) }
    }

    /// The resting HR from the samples of the window ending at `end` (normally the start + ``durationSeconds``),
    /// or `nil` when the window holds fewer than ``minimumBeats`` beats.
    public func beatsPerMinute(endingAt end: Double) -> Int? {
        let start = end - windowSeconds
        let rates = (beatRates.isEmpty ? fieldRates : beatRates).filter { $0.time > start && $0.time <= end }
            .map(\.bpm)
        guard rates.count >= (beatRates.isEmpty ? Int(windowSeconds / 2) : Self.minimumBeats) else { return nil }
        let sorted = rates.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return Int(median.rounded())
    }
}
