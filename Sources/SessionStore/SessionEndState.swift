public import RetroWalkCore

/// How a stored session ended: the session's own end state (`end_state` in its summary), or `interrupted` for one
/// the next start found without an end.
public typealias SessionEndState = EndState

extension EndState {
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
