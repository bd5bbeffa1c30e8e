/// The part of the session plan the walker is in.
public enum Phase: String, Sendable, Hashable, CaseIterable {
    case warmup
    case backward
    case recovery
    case cooldown
    /// A safe stop: the plan waits for the walker, who resumes or ends when they choose.
    case paused
    /// Walking without a plan: a recording replayed without `--plan` is one walking phase.
    case walking
    case done

    /// Whether the rules watch this phase (SAFETY.md: walking, recovery, cool-down, paused).
    public var isMonitored: Bool { self != .done }

    /// Whether the walker is meant to be walking (warm-up, bouts, recovery, cool-down).
    public var isWalking: Bool { self != .done && self != .paused }
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
