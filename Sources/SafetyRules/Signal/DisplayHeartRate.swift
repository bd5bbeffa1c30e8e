public import RetroWalkCore

/// The heart rate the rules and the screen use (SAFETY.md, section B, steps 1 and 3).
///
/// RR intervals outside `rr_min_ms`…`rr_max_ms` (300–2000 ms) are rejected; the display HR is the mean of the
/// last `display_window_beats` (12) valid RR after dropping the largest and the smallest (IEC 60601-2-27 style),
/// recomputed at each notification. A strap that sends no RR at all falls back to the HR field of its
/// notifications. Fixed storage: no allocation per notification.
public struct DisplayHeartRate: Sendable {
    /// The plausible RR range in milliseconds.
    public let plausibleRR: ClosedRange<Double>
    private var recentRR: RingBuffer<Double>
    private var lastReported: Double?
    /// The current display heart rate in bpm, or `nil` before any data.
    public private(set) var beatsPerMinute: Double?

    /// Creates an empty estimator with the default window (12 beats) and range (300–2000 ms).
    public init() { self.init(settings: .defaults) }

    /// Creates an empty estimator.
    ///
    /// - Parameter settings: `rr_min_ms`, `rr_max_ms` and `display_window_beats` are used.
    public init(settings: RuleSettings) {
        plausibleRR = settings.rrMinMs...settings.rrMaxMs
        recentRR = RingBuffer(capacity: max(3, Int(settings.displayWindowBeats)), filler: 0)
    }

    /// Takes one notification: its HR field and every plausible RR it carries.
    public mutating func receive(_ sample: HeartRateSample) {
        noteReportedRate(sample.beatsPerMinute)
        for raw in sample.rrIntervals {
            let ms = RRInterval.milliseconds(fromRaw: raw)
            if plausibleRR.contains(ms) { add(rrMilliseconds: ms) }
        }
        if sample.rrIntervals.isEmpty { update() }
    }

    /// Takes the HR field of a notification (the fallback when a strap sends no RR).
    public mutating func noteReportedRate(_ bpm: UInt16) {
        lastReported = bpm > 0 ? Double(bpm) : nil
        if recentRR.count < 3 { update() }
    }

    /// Takes one RR interval the caller has already checked against ``plausibleRR``.
    public mutating func add(rrMilliseconds ms: Double) {
        recentRR.append(ms)
        update()
    }

    /// Forgets the history (after a link loss, old beats say nothing about now).
    public mutating func reset() {
        recentRR.removeAll()
        lastReported = nil
        beatsPerMinute = nil
    }

    private mutating func update() {
        guard recentRR.count >= 3 else {
            beatsPerMinute = lastReported ?? recentRR.last.map { 60_000 / $0 }
            return
        }
        var sum = 0.0
        var smallest = Double.infinity
        var largest = -Double.infinity
        for offset in 0..<recentRR.count {
            let value = recentRR[offset]
            sum += value
            smallest = min(smallest, value)
            largest = max(largest, value)
        }
        beatsPerMinute = 60_000 / ((sum - smallest - largest) / Double(recentRR.count - 2))
    }
}
