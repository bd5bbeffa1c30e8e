public import RetroWalkCore

/// S1, poor contact: while notifications arrive, no skin contact or fewer than `signal.good_valid_fraction`
/// (80 %) valid beats in the last `signal.good_window_s`, for ≥ `s1.persistence_s` (5 s): a low "Check your chest
/// strap.". It clears after `clear_s` without the condition; not raised again within `low_repeat_s`.
public struct PoorContactRule: Sendable {
    /// The rule id.
    public static let id = "S1"
    /// The alert's message (phrase key `alarm_s1`).
    public static let message = RuleMessage(
        rule: id, priority: .low, phrase: "alarm_s1", text: "Check your chest strap.")

    private let persistence: Double
    private let clearSeconds: Double
    private var gate: RaiseGate
    private var poorSince: Double?
    private var fineSince: Double?
    /// Whether the alert is raised.
    public private(set) var isRaised = false

    /// Creates the rule.
    public init(settings: RuleSettings = .defaults) {
        persistence = settings.s1Seconds
        clearSeconds = settings.clearSeconds
        gate = RaiseGate(priority: .low, settings: settings)
    }

    /// Takes the signal's state at `now`.
    public mutating func update(isPoor: Bool, at now: Double) -> Alert? {
        if isPoor {
            fineSince = nil
            let since = poorSince ?? now
            poorSince = since
            guard !isRaised, now - since + timeTolerance >= persistence, gate.allows(now) else { return nil }
            isRaised = true
            gate.noteRaise(at: now)
            return Self.message.alert(.raised)
        }
        poorSince = nil
        guard isRaised else { return nil }
        let since = fineSince ?? now
        fineSince = since
        guard now - since + timeTolerance >= clearSeconds else { return nil }
        isRaised = false
        return Self.message.alert(.cleared)
    }
}
