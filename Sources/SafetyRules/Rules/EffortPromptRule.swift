public import RetroWalkCore

/// RPE, the β-blocker variant of R1 (SAFETY.md, notes on the rules): heart rate under β-blockade says little about
/// effort, so instead of the zone cue the walker is asked "Rate your effort, 6 to 20." (an info alert, phrase
/// `rpe_question`) every `beta_blocker.rpe_interval_s` (180 s) of walking (warm-up, bouts, recovery; the first
/// one interval after walking starts; prompts due while not walking are skipped). A reported rating at or above
/// `beta_blocker.rpe_stop` (15; target 11–13) raises a medium "Effort too high. Stop and rest." (phrase
/// `rpe_stop`), which clears when a later rating is below it or the walker stops (pause, cool-down).
public struct EffortPromptRule: Sendable {
    /// The rule id.
    public static let id = "RPE"
    /// The question.
    public static let question = RuleMessage(
        rule: id, priority: .info, phrase: "rpe_question", text: "Rate your effort, 6 to 20.")
    /// The stop prompt.
    public static let message = RuleMessage(
        rule: id, priority: .medium, phrase: "rpe_stop", text: "Effort too high. Stop and rest.")

    private let interval: Double
    private let stopRating: Double
    private var next: Double?
    private var gate: RaiseGate
    /// Whether the stop prompt is raised.
    public private(set) var isRaised = false

    /// Creates the rule.
    public init(settings: RuleSettings = .defaults) {
        interval = settings.rpeIntervalSeconds
        stopRating = settings.rpeStop
        gate = RaiseGate(priority: .medium, settings: settings)
    }

    /// The question, when one is due at `now`.
    ///
    /// - Parameters:
    ///   - now: Seconds since the session started.
    ///   - walking: Whether the walker is in a walking phase (warm-up, bout, recovery).
    public mutating func evaluate(at now: Double, walking: Bool) -> Alert? {
        guard walking else { return nil }
        guard var due = next else {
            next = now + interval
            return nil
        }
        guard now + timeTolerance >= due else { return nil }
        while now + timeTolerance >= due { due += interval }
        next = due
        return Self.question.alert(.raised)
    }

    /// Takes a reported rating (Borg 6–20).
    public mutating func report(rating: Int, at now: Double) -> Alert? {
        if Double(rating) >= stopRating {
            guard !isRaised, gate.allows(now) else { return nil }
            isRaised = true
            gate.noteRaise(at: now)
            return Self.message.alert(.raised)
        }
        return walkerStopped()
    }

    /// The walker stopped (pause, cool-down) or rated below the stop level: a raised stop prompt clears.
    public mutating func walkerStopped() -> Alert? {
        guard isRaised else { return nil }
        isRaised = false
        return Self.message.alert(.cleared)
    }
}
