public import RetroWalkCore

/// U2, symptom check: an info question "Any dizziness, chest pain, or breathlessness?" every `u2.interval_s`
/// (180 s) into a backward bout, and `u2.first_after_bout_s` (60 s) and `u2.second_after_bout_s` (180 s) after a
/// bout ends (the next bout cancels the questions of the previous one). The runner asks it; a "yes" comes back as
/// a reported symptom, which raises U1. At most one question per evaluation; questions whose time passed while
/// none was asked are skipped, not queued.
public struct SymptomCheckRule: Sendable {
    /// The rule id.
    public static let id = "U2"
    /// The question (phrase key `u2_question`).
    public static let message = RuleMessage(
        rule: id, priority: .info, phrase: "u2_question", text: "Any dizziness, chest pain, or breathlessness?")

    private let interval: Double
    private let afterBout: [Double]
    private var nextInBout: Double?
    private var boutEnd: Double?
    private var nextAfterBout = 0

    /// Creates the rule.
    public init(settings: RuleSettings = .defaults) {
        interval = settings.u2IntervalSeconds
        afterBout = [settings.u2FirstAfterBoutSeconds, settings.u2SecondAfterBoutSeconds]
    }

    /// Tells the rule the plan entered `phase`, coming from `previous`, at `now`.
    public mutating func enter(_ phase: Phase, from previous: Phase, at now: Double) {
        if phase == .backward {
            nextInBout = now + interval
            boutEnd = nil
        } else {
            nextInBout = nil
            if previous == .backward {
                boutEnd = now
                nextAfterBout = 0
            }
        }
    }

    /// The question, when one is due at `now`.
    public mutating func evaluate(at now: Double) -> Alert? {
        if var due = nextInBout, now + timeTolerance >= due {
            while now + timeTolerance >= due { due += interval }
            nextInBout = due
            return Self.message.alert(.raised)
        }
        guard let end = boutEnd, nextAfterBout < afterBout.count,
            now + timeTolerance >= end + afterBout[nextAfterBout]
        else { return nil }
        while nextAfterBout < afterBout.count, now + timeTolerance >= end + afterBout[nextAfterBout] {
            nextAfterBout += 1
        }
        return Self.message.alert(.raised)
    }
}
