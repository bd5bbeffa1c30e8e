public import RetroWalkCore

/// U1, user stop: the stop key (or a "stop" command) or a reported symptom — a "yes" to the U2 question — raises
/// a high "Stopping. Stand still and hold on.", once per report. It clears when the walker resumes: a walking
/// phase entered after `paused`.
public struct UserStopRule: Sendable {
    /// The rule id.
    public static let id = "U1"
    /// The alert's message (phrase key `alarm_u1`).
    public static let message = RuleMessage(
        rule: id, priority: .high, phrase: "alarm_u1", text: "Stopping. Stand still and hold on.")

    /// Whether the alarm is raised.
    public private(set) var isRaised = false

    /// Creates the rule.
    public init() {}

    /// A stop request or a symptom report: the alarm is raised (again, for every report).
    public mutating func report() -> Alert {
        isRaised = true
        return Self.message.alert(.raised)
    }

    /// The walker resumed walking after a pause: a raised alarm clears.
    public mutating func walkerResumed() -> Alert? {
        guard isRaised else { return nil }
        isRaised = false
        return Self.message.alert(.cleared)
    }
}
