/// How a session ended.
public enum SessionEndState: String, Sendable, Hashable, CaseIterable {
    /// The plan ran to its end.
    case finished
    /// A safe stop, the walker's "end" or the recovery gate ended it before the plan's end.
    case endedEarly = "ended_early"
    /// SIGINT or SIGTERM (Ctrl-C, a shutdown) ended it cleanly: everything measured was stored.
    case endedBySignal = "ended_by_signal"
    /// The program stopped without closing it (killed, a crash, power lost); the next start closed it at its
    /// last sample.
    case interrupted

    /// The end state of a session the runner closed.
    ///
    /// - Parameters:
    ///   - endedEarly: the summary's `endedEarly` (a safe stop, an early end).
    ///   - bySignal: whether SIGINT or SIGTERM stopped it.
    public init(endedEarly: Bool, bySignal: Bool) {
        self = bySignal ? .endedBySignal : endedEarly ? .endedEarly : .finished
    }

    /// For people: `finished`, `ended early`, `ended by signal`, `interrupted`.
    public var displayName: String {
        switch self {
        case .finished: "finished"
        case .endedEarly: "ended early"
        case .endedBySignal: "ended by signal"
        case .interrupted: "interrupted"
        }
    }
}
