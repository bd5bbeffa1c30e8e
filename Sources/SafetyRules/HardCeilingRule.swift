public import RetroWalkCore

/// R3, hard ceiling: HR ≥ hard ceiling for ≥ 5 s raises a high-priority alarm; it clears once HR has stayed
/// ≥ 5 bpm below the ceiling for ≥ 10 s (SAFETY.md, section C and B.5).
public struct HardCeilingRule: Sendable, Hashable {
    /// The rule id.
    public static let id = "R3"
    /// Spoken message (phrase key `alarm_r3`).
    public static let text = "Stop now. Stand still, hold support."

    /// The hard ceiling in bpm.
    public var thresholdBPM: Double
    /// How long HR must stay at or above the ceiling, in seconds.
    public var persistence: Double = 5
    /// How far below the ceiling HR must fall to count as safe, bpm.
    public var clearMarginBPM: Double = 5
    /// How long HR must stay on the safe side before the alarm clears, in seconds.
    public var clearPersistence: Double = 10

    private var aboveSince: Double?
    private var safeSince: Double?
    /// Whether the alarm is raised.
    public private(set) var isRaised = false

    /// Creates the rule for a hard ceiling.
    public init(thresholdBPM: Double) { self.thresholdBPM = thresholdBPM }

    /// Takes the display HR at `now`; returns the alert to raise or clear, if any.
    public mutating func receive(heartRate bpm: Double, at now: Double) -> Alert? {
        if !isRaised {
            guard bpm >= thresholdBPM else {
                aboveSince = nil
                return nil
            }
            let since = aboveSince ?? now
            aboveSince = since
            guard now - since >= persistence else { return nil }
            isRaised = true
            safeSince = nil
            return Self.alert(.raised)
        }
        guard bpm <= thresholdBPM - clearMarginBPM else {
            safeSince = nil
            return nil
        }
        let since = safeSince ?? now
        safeSince = since
        guard now - since >= clearPersistence else { return nil }
        isRaised = false
        aboveSince = nil
        return Self.alert(.cleared)
    }

    /// Forgets partial persistence (no valid HR right now); a raised alarm stays raised.
    public mutating func suspend() {
        aboveSince = nil
        safeSince = nil
    }

    static func alert(_ change: Alert.Change) -> Alert {
        Alert(rule: id, priority: .high, change: change, phrase: "alarm_r3", text: text)
    }
}
