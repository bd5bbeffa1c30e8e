public import RetroWalkCore
public import SessionEngine

/// One of a session's outputs: the JSON stream or the log on stdout, the database, a screen, a publisher.
///
/// The session's thread hands every event (and every status) to every output and goes on: an output must take it
/// without waiting — in practice it puts it in its own ``SinkQueue`` and writes from its own thread. An output
/// that falls behind drops or keeps its own events and says so once; it never delays an alarm.
public protocol SessionOutput: AnyObject, Sendable {
    /// Takes one timeline event; must not block.
    func publish(_ event: SessionEvent)
    /// Takes what a screen shows now; must not block. Outputs that show no status ignore it.
    func publish(_ status: SessionStatus)
    /// The session is over: write what is queued, waiting at most `timeout`.
    ///
    /// - Returns: Whether everything was written in time.
    func finish(timeout: Duration) -> Bool
}

extension SessionOutput {
    public func publish(_ status: SessionStatus) {}
}

/// Where an output reports that it fell behind or failed: the session's inbox, so that the report is itself an
/// event every other output sees (`output`, `store`).
public protocol OutputReporter: Sendable {
    /// Reports `input` to the running session.
    ///
    /// - Returns: `false` when the session has ended (the output then says it itself, on its own channel).
    @discardableResult
    func report(_ input: SessionInput) -> Bool
}
