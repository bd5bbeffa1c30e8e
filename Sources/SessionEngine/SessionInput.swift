public import RetroWalkCore
public import SoundEngine

/// What a session takes: everything that happens to it, each stamped with the session clock by its driver.
public enum SessionInput: Sendable, Hashable {
    /// Time passed: the coach's timeline, the rules' persistence and the stall watch look at the clock.
    /// The driver ticks every ``Session/tickInterval``, live and in replay alike.
    case tick
    /// The capture layer started connecting to the strap (once, at the start).
    case linkConnecting
    /// A Heart Rate Measurement, stamped when it arrived (or the recording's reading).
    case sample(HeartRateSample)
    /// The transport or the GATT client failed (end of file, reset, a transaction timeout, discovery timeout);
    /// the capture layer reconnects by itself.
    case linkFailed(reason: String)
    /// The strap finished discovery: notifications are on.
    case strapReady(StrapDetails)
    /// The strap's battery level, percent.
    case battery(Int)
    /// A key the walker pressed (terminal, button, a partner's acknowledge).
    case key(SessionKey)
    /// Someone watching from elsewhere (the clinic dashboard) sent a command: recorded with who sent it, said
    /// aloud ("Acknowledged by NAME."), then handled as the walker's own key (A, or E for the cool-down).
    case remote(RemoteCommand)
    /// The audio device failed: alarms cannot be heard until it is back.
    case audioFault(String)
    /// An output fell behind and dropped events (reported once, when it writes again).
    case outputStalled(sink: String, dropped: Int)
    /// The session database failed or recovered.
    case store(StoreState)
    /// The simulator injected (or ended) a fault.
    case simulatorFault(String)
    /// End the session now, gracefully (`reason`: `SIGINT`, `SIGTERM`, `quit`).
    case stop(reason: String)
    /// A recording has no more samples.
    case sourceEnded
}

/// What a session asks of its driver, in order.
public enum SessionEffect: Sendable, Equatable {
    /// A timeline event for every output: the JSON stream or log, the screen, the database, publishers.
    case event(SessionEvent)
    /// Something to play: a cue, an alarm or a clear (the sound engine's priority scheduler decides when).
    case sound(SoundRequest)
    /// The link stalled: tear it down and reconnect (the session already reported it lost).
    case restartLink(reason: String)
    /// What a screen or a publisher shows; once per second of session time and after every change.
    case status(SessionStatus)
    /// The session is over; the summary is also the last ``event(_:)``.
    case finished(SessionSummary)
}
