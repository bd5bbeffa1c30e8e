/// A rule's verdict: raised or cleared, with the spoken message.
///
/// Rule ids are the ones of SAFETY.md ("R3", "S2", …).
public struct Alert: Sendable, Hashable {
    /// Raised or cleared.
    public enum Change: String, Sendable, Hashable {
        case raised
        case cleared
        /// The walker acknowledged the alarm: it stops repeating but stays raised until its condition clears.
        case acknowledged
    }

    /// The rule id, as in SAFETY.md.
    public var rule: String
    /// The rule's priority.
    public var priority: Priority
    /// Raised or cleared.
    public var change: Change
    /// The phrase key of the spoken message (a clip in `Sounds/`).
    public var phrase: String
    /// The spoken message, as text.
    public var text: String

    /// Creates an alert.
    public init(rule: String, priority: Priority, change: Change, phrase: String, text: String) {
        self.rule = rule
        self.priority = priority
        self.change = change
        self.phrase = phrase
        self.text = text
    }
}
