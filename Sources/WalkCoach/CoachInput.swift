public import RetroWalkCore

/// A key the walker pressed, as the runner routes it to the coach (README, "Keys during a session").
public enum CoachInput: Sendable, Hashable {
    /// D (dizzy) or K (knee pain), at any time: a check-in answer while one is open, otherwise a symptom key;
    /// either way the coach starts a safe stop.
    case symptom(Symptom)
    /// Any other key while a check-in is open (``Coach/isAwaitingCheckIn``): "fine".
    case fine
    /// A or space: the safe-stop script stops repeating.
    case acknowledge
    /// R: after a safe stop, continue with a recovery before the next bout.
    case resume
    /// E: go to the cool-down now.
    case end
    /// H: say the heart rate and zone now.
    case heartRate
    /// The effort rating given after the session (Borg 6–20).
    case rpe(Int)
}

/// Why a safe stop started (kept for the record; the script depends only on the phase and the setting).
public enum SafeStopReason: Sendable, Hashable {
    /// A high-priority alarm of the rules engine (`R3`, `U1`, …).
    case alarm(rule: String)
    /// A symptom key or a check-in answer.
    case symptom(Symptom)
}
