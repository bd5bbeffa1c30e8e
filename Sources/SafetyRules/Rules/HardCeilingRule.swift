public import RetroWalkCore

/// R3, hard ceiling: HR ≥ the hard ceiling for ≥ `r3.persistence_s` (5 s) raises a high-priority alarm "Stop now.
/// Stand still, hold support."; it clears once HR has stayed ≥ `clear_margin_bpm` (5) below the ceiling for
/// `clear_s` (10 s) (SAFETY.md, section C and B.5). A high alarm is never held back by the repeat gate. With
/// known AF the engine feeds it the median HR of the last `known_af.median_beats` beats.
public struct HardCeilingRule: Sendable {
    /// The rule id.
    public static let id = "R3"
    /// Spoken message (phrase key `alarm_r3`).
    public static let text = "Stop now. Stand still, hold support."
    /// The alert's message.
    public static let message = RuleMessage(rule: id, priority: .high, phrase: "alarm_r3", text: text)

    private var tracker: ThresholdTracker

    /// Creates the rule for a hard ceiling.
    public init(thresholdBPM: Double, settings: RuleSettings = .defaults) {
        tracker = ThresholdTracker(
            threshold: thresholdBPM, side: .above, inclusive: true, persistence: settings.r3Seconds,
            clearMargin: settings.clearMarginBPM, clearSeconds: settings.clearSeconds, repeatInterval: 0)
    }

    /// Whether the alarm is raised.
    public var isRaised: Bool { tracker.isRaised }
    /// The hard ceiling in bpm.
    public var thresholdBPM: Double { tracker.threshold }

    /// Takes the HR at `now`; returns the alert to raise or clear, if any.
    public mutating func receive(heartRate bpm: Double, at now: Double) -> Alert? {
        tracker.update(bpm: bpm, at: now).map(Self.message.alert)
    }

    /// Forgets partial persistence (no valid HR right now); a raised alarm stays raised.
    public mutating func suspend() { tracker.suspend() }
}
