/// What the walker reports about themselves (SAFETY.md U1/U2; issue "walk coach", symptom keys and check-ins).
public enum Symptom: String, Sendable, Hashable, CaseIterable {
    /// Dizziness or light-headedness (key D).
    case dizzy
    /// Knee pain (key K).
    case kneePain = "knee_pain"
    /// Chest pain (U2 question).
    case chestPain = "chest_pain"
    /// Breathlessness (U2 question).
    case breathless
}

/// The answer to a check-in ("Any dizziness or knee pain?").
public enum CheckInAnswer: String, Sendable, Hashable, CaseIterable {
    /// Any key but a symptom key.
    case fine
    /// Key D.
    case dizzy
    /// Key K.
    case kneePain = "knee_pain"
    /// No answer after the question and its one repeat.
    case missed

    /// The symptom this answer reports, if any.
    public var symptom: Symptom? {
        switch self {
        case .dizzy: .dizzy
        case .kneePain: .kneePain
        case .fine, .missed: nil
        }
    }
}

/// Something the walker did with a key (recorded; the coach and the rules act on it).
public enum UserAction: String, Sendable, Hashable, CaseIterable {
    /// Stop now (U1).
    case stop
    /// Acknowledge the sounding alarm or safe-stop script.
    case acknowledge
    /// Resume the plan after a safe stop.
    case resume
    /// End the session (go to cool-down).
    case end
    /// Say the current heart rate and zone.
    case heartRate = "heart_rate"
    /// Say the last message again.
    case repeatLast = "repeat"
}
