public import RetroWalkCore

/// R4, HR not rising: after ≥ `r4.after_s` (180 s) of walking, HR < resting + `r4.rise_bpm` (10) for
/// ≥ `r4.persistence_s` (20 s) raises a low "Heart rate is not rising. Feeling okay?"; medium when the walker
/// reported a symptom within the last `u2.interval_s` (a raised low alert is raised again as medium when a symptom
/// comes while it holds). It clears once HR has stayed ≥ `clear_margin_bpm` above the level for `clear_s`, or at
/// once when the walker stops walking (paused, cool-down): the rule only judges walking. Off on a β-blocker or
/// with a pacemaker (the engine does not run it).
///
/// SAFETY.md also asks that "the user confirms they are walking"; the engine takes the plan's walking phases
/// (warm-up, bouts, recovery) as that confirmation, and the spoken question asks the rest.
public struct HeartRateNotRisingRule: Sendable {
    /// The rule id.
    public static let id = "R4"
    /// The alert's message at low priority (phrase key `alarm_r4`).
    public static let message = RuleMessage(
        rule: id, priority: .low, phrase: "alarm_r4", text: "Heart rate is not rising. Feeling okay?")

    private var tracker: ThresholdTracker
    private let afterSeconds: Double
    private let symptomWindow: Double
    private let lowRepeat: Double
    private let mediumRepeat: Double
    private var lastSymptom: Double?
    /// The priority of the raised (or last raised) alert.
    public private(set) var priority = Priority.low

    /// Creates the rule for a resting HR.
    public init(restingBPM: Double, settings: RuleSettings = .defaults) {
        tracker = ThresholdTracker(
            threshold: restingBPM + settings.r4RiseBPM, side: .below, inclusive: false,
            persistence: settings.r4Seconds, clearMargin: settings.clearMarginBPM,
            clearSeconds: settings.clearSeconds, repeatInterval: settings.lowRepeatSeconds)
        afterSeconds = settings.r4AfterSeconds
        symptomWindow = settings.u2IntervalSeconds
        lowRepeat = settings.lowRepeatSeconds
        mediumRepeat = settings.mediumRepeatSeconds
    }

    /// Whether the alert is raised.
    public var isRaised: Bool { tracker.isRaised }

    private func symptomIsRecent(at now: Double) -> Bool {
        lastSymptom.map { now - $0 <= symptomWindow + timeTolerance } ?? false
    }

    /// Takes the display HR while the walker walks.
    ///
    /// - Parameters:
    ///   - bpm: The display HR.
    ///   - walkingSeconds: Time walked so far this session (warm-up, bouts, recovery), seconds.
    ///   - now: Seconds since the session started.
    /// - Returns: The alert to raise or clear, if any.
    public mutating func receive(heartRate bpm: Double, walkingSeconds: Double, at now: Double) -> Alert? {
        let recent = symptomIsRecent(at: now)
        tracker.gate.interval = recent ? mediumRepeat : lowRepeat
        let canRaise = walkingSeconds + timeTolerance >= afterSeconds
        guard let change = tracker.update(bpm: bpm, at: now, canRaise: canRaise) else { return nil }
        if change == .raised { priority = recent ? .medium : .low }
        return Self.message.with(priority: priority).alert(change)
    }

    /// Notes a reported symptom; a raised low alert becomes medium (returned as a new raise).
    public mutating func noteSymptom(at now: Double) -> Alert? {
        lastSymptom = now
        guard tracker.isRaised, priority == .low else { return nil }
        priority = .medium
        return Self.message.with(priority: .medium).alert(.raised)
    }

    /// The walker stopped walking: a raised alert clears.
    public mutating func stopWalking() -> Alert? {
        tracker.forceClear() ? Self.message.with(priority: priority).alert(.cleared) : nil
    }

    /// Forgets partial persistence (no good signal); a raised alert stays raised.
    public mutating func suspend() { tracker.suspend() }
}
