public import RetroWalkCore

/// Something for the ``SoundScheduler`` to play or stop.
public enum SoundRequest: Sendable, Equatable {
    /// Speak a coach cue (``ClipCatalog/compose(_:gapMilliseconds:)`` of its phrases).
    ///
    /// The cue waits behind alarms and earlier cues; if it cannot start within `maxDelaySeconds` of submission it
    /// is dropped (an out-of-date "Turn around" is worse than none).
    case cue(Cue, maxDelaySeconds: Double = 8)
    /// Sound a raised alert: its priority's ``AlarmTone`` burst, 300 ms of silence, then its spoken message
    /// (``Alert/phrase``). Alarms are never dropped for being late. An alert whose ``Alert/change`` is
    /// ``Alert/Change/cleared`` acts as ``clear(rule:)``.
    case alarm(Alert)
    /// Stop repeating this rule's alarm (a sounding that is playing or waiting still plays once).
    case clear(rule: String)
}
