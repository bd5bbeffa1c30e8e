public import RetroWalkCore

/// R1, above zone: HR above the training zone's upper bound for ≥ `r1.persistence_s` (20 s) raises a low
/// "Slow down a little."; it clears once HR has stayed ≥ `clear_margin_bpm` (5) below the bound for `clear_s`
/// (10 s); it is not raised again within `low_repeat_s` (30 s) of its last raise. On a β-blocker the RPE prompt
/// (``EffortPromptRule``) replaces it.
public struct AboveZoneRule: Sendable {
    /// The rule id.
    public static let id = "R1"
    /// The alert's message (phrase key `alarm_r1`).
    public static let message = RuleMessage(rule: id, priority: .low, phrase: "alarm_r1", text: "Slow down a little.")

    private var tracker: ThresholdTracker

    /// Creates the rule for a zone's upper bound.
    public init(upperBPM: Double, settings: RuleSettings = .defaults) {
        tracker = ThresholdTracker(
            threshold: upperBPM, side: .above, inclusive: false, persistence: settings.r1Seconds,
            clearMargin: settings.clearMarginBPM, clearSeconds: settings.clearSeconds,
            repeatInterval: settings.lowRepeatSeconds)
    }

    /// Whether the alert is raised.
    public var isRaised: Bool { tracker.isRaised }
    /// The zone's upper bound, bpm.
    public var upperBPM: Double { tracker.threshold }

    /// Takes the display HR at `now`; returns the alert to raise or clear, if any.
    public mutating func receive(heartRate bpm: Double, at now: Double) -> Alert? {
        tracker.update(bpm: bpm, at: now).map(Self.message.alert)
    }

    /// Forgets partial persistence (no good signal); a raised alert stays raised.
    public mutating func suspend() { tracker.suspend() }
}
