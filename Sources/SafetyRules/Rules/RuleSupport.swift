public import RetroWalkCore

/// Tolerance for comparing session times (sums of 0.1 s ticks are not exact).
let timeTolerance = 1e-9

/// The fixed parts of a rule's alert: id, priority, phrase key and spoken text.
public struct RuleMessage: Sendable, Hashable {
    /// The rule id (SAFETY.md).
    public var rule: String
    /// The priority.
    public var priority: Priority
    /// The phrase key of the spoken message (`alarm_r1`; empty for a silent, report-only alert).
    public var phrase: String
    /// The message as text (≤ 8 words).
    public var text: String

    /// Creates a message.
    public init(rule: String, priority: Priority, phrase: String, text: String) {
        self.rule = rule
        self.priority = priority
        self.phrase = phrase
        self.text = text
    }

    /// The alert for a change of this rule.
    public func alert(_ change: Alert.Change) -> Alert {
        Alert(rule: rule, priority: priority, change: change, phrase: phrase, text: text)
    }

    /// The same message at another priority (R4's and R8's variants).
    func with(priority: Priority) -> RuleMessage {
        var copy = self
        copy.priority = priority
        return copy
    }
}

/// Re-raise suppression (SAFETY.md B.5): the same low or medium alert is not raised again within
/// `low_repeat_s` / `medium_repeat_s` of its last raise; high alarms are never held back.
struct RaiseGate: Sendable {
    var interval: Double
    private var lastRaise: Double?

    init(interval: Double) { self.interval = interval }

    /// The gate for a priority under the settings.
    init(priority: Priority, settings: RuleSettings) {
        switch priority {
        case .low: interval = settings.lowRepeatSeconds
        case .medium: interval = settings.mediumRepeatSeconds
        case .high, .info: interval = 0
        }
    }

    func allows(_ now: Double) -> Bool {
        lastRaise.map { now - $0 + timeTolerance >= interval } ?? true
    }

    mutating func noteRaise(at now: Double) { lastRaise = now }
}

/// Persistence and hysteresis for a heart-rate threshold (SAFETY.md B.5).
///
/// The condition must hold for `persistence` before the alert is raised (and the re-raise gate must allow it);
/// it clears only once HR has stayed at least `clearMargin` on the safe side of the threshold for
/// `clearSeconds`. Raising can be switched off (a phase where the rule does not apply) while clearing goes on.
struct ThresholdTracker: Sendable {
    enum Side: Sendable {
        /// The condition is HR ≥ threshold (or > when not inclusive).
        case above
        /// The condition is HR < threshold (or ≤ when inclusive).
        case below
    }

    var threshold: Double
    let side: Side
    let inclusive: Bool
    let persistence: Double
    let clearMargin: Double
    let clearSeconds: Double
    var gate: RaiseGate
    private(set) var isRaised = false
    private var conditionSince: Double?
    private var safeSince: Double?

    init(
        threshold: Double, side: Side, inclusive: Bool, persistence: Double, clearMargin: Double,
        clearSeconds: Double, repeatInterval: Double
    ) {
        self.threshold = threshold
        self.side = side
        self.inclusive = inclusive
        self.persistence = persistence
        self.clearMargin = clearMargin
        self.clearSeconds = clearSeconds
        gate = RaiseGate(interval: repeatInterval)
    }

    func holds(_ bpm: Double) -> Bool {
        switch side {
        case .above: inclusive ? bpm >= threshold : bpm > threshold
        case .below: inclusive ? bpm <= threshold : bpm < threshold
        }
    }

    func isSafe(_ bpm: Double) -> Bool {
        switch side {
        case .above: bpm <= threshold - clearMargin
        case .below: bpm >= threshold + clearMargin
        }
    }

    /// Takes the HR at `now`; returns the change, if any.
    mutating func update(bpm: Double, at now: Double, canRaise: Bool = true) -> Alert.Change? {
        if !isRaised {
            guard canRaise, holds(bpm) else {
                conditionSince = nil
                return nil
            }
            let since = conditionSince ?? now
            conditionSince = since
            guard now - since + timeTolerance >= persistence, gate.allows(now) else { return nil }
            isRaised = true
            safeSince = nil
            gate.noteRaise(at: now)
            return .raised
        }
        guard isSafe(bpm) else {
            safeSince = nil
            return nil
        }
        let since = safeSince ?? now
        safeSince = since
        guard now - since + timeTolerance >= clearSeconds else { return nil }
        isRaised = false
        conditionSince = nil
        return .cleared
    }

    /// Forgets partial persistence (no valid HR right now); a raised alert stays raised.
    mutating func suspend() {
        conditionSince = nil
        safeSince = nil
    }

    /// Clears a raised alert at once (the rule stopped applying); returns whether it was raised.
    mutating func forceClear() -> Bool {
        defer {
            isRaised = false
            conditionSince = nil
            safeSince = nil
        }
        return isRaised
    }
}

/// An alert raised by events (beats) rather than a level: it stays raised while events keep coming and clears
/// once none has come for `clearSeconds`.
struct EventTracker: Sendable {
    let clearSeconds: Double
    var gate: RaiseGate
    private(set) var isRaised = false
    private var lastActive: Double?

    init(clearSeconds: Double, gate: RaiseGate) {
        self.clearSeconds = clearSeconds
        self.gate = gate
    }

    /// Evaluates at `now`; `active` says whether the condition holds now; `canClear` is false while the signal
    /// cannot confirm a normal rhythm.
    mutating func update(active: Bool, at now: Double, canClear: Bool) -> Alert.Change? {
        if active { lastActive = now }
        if !isRaised {
            guard active, gate.allows(now) else { return nil }
            isRaised = true
            gate.noteRaise(at: now)
            return .raised
        }
        guard canClear, !active, let lastActive, now - lastActive + timeTolerance >= clearSeconds else { return nil }
        isRaised = false
        return .cleared
    }
}
