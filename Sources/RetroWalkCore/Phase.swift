/// The part of the session plan the walker is in.
public enum Phase: String, Sendable, Hashable, CaseIterable {
    case warmup
    case backward
    case recovery
    case cooldown
    case done

    /// Whether the walker is moving in this phase.
    public var isWalking: Bool { self != .done }
}

/// The state of the link to the strap, as the capture layer reports it.
public enum SignalState: String, Sendable, Hashable, CaseIterable {
    case connecting
    case connected
    case lost
    case restored
    case contactLost = "contact_lost"
    case contactRestored = "contact_restored"
}
