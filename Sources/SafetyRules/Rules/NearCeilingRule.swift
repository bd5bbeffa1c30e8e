public import RetroWalkCore

/// R2, near ceiling: HR ≥ the ceiling for ≥ `r2.persistence_s` (10 s) raises a medium "Heart rate high. Slow
/// down now."; it clears once HR has stayed ≥ `clear_margin_bpm` below the ceiling for `clear_s`; it is not raised
/// again within `medium_repeat_s` (20 s) of its last raise. With known AF the engine feeds it the median HR of
/// the last `known_af.median_beats` beats instead of the display HR.
public struct NearCeilingRule: Sendable {
    /// The rule id.
    public static let id = "R2"
    /// The alert's message (phrase key `alarm_r2`).
    public static let message = RuleMessage(
        rule: id, priority: .medium, phrase: "alarm_r2", text: "Heart rate high. Slow down now.")

    private var tracker: ThresholdTracker

    /// Creates the rule for a ceiling.
    public init(ceilingBPM: Double, settings: RuleSettings = .defaults) {
        tracker = ThresholdTracker(
            threshold: ceilingBPM, side: .above, inclusive: true, persistence: settings.r2Seconds,
            clearMargin: settings.clearMarginBPM, clearSeconds: settings.clearSeconds,
            repeatInterval: settings.mediumRepeatSeconds)
    }

    /// Whether the alert is raised.
    public var isRaised: Bool { tracker.isRaised }
    /// The ceiling, bpm.
    public var ceilingBPM: Double { tracker.threshold }

    /// Takes the HR at `now`; returns the alert to raise or clear, if any.
    public mutating func receive(heartRate bpm: Double, at now: Double) -> Alert? {
        tracker.update(bpm: bpm, at: now).map(Self.message.alert)
    }

    /// Forgets partial persistence (no good signal); a raised alert stays raised.
    public mutating func suspend() { tracker.suspend() }
}
