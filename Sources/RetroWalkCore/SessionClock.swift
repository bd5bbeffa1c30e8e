import Synchronization

/// The clock a session runs on: the time since the session started, as a `Duration`.
///
/// Pure modules never read a clock: the session driver owns one of these and stamps every input with ``now``.
/// Three clocks serve every front end, each behind this protocol (no caller asks which one it has):
/// - the live clock, real monotonic time (`PacedClock(speed: 1)` in the app);
/// - the paced clock, real time times a factor (`--speed 8`);
/// - ``ManualClock``, which moves only when told: tests, replays and `--speed max`.
public protocol SessionClock: Sendable {
    /// The time since the session started.
    var now: Duration { get }

    /// How long, in real time, a driver may wait for the session clock to reach `deadline`.
    ///
    /// - Returns: The real time to wait (zero when `deadline` has passed), or `nil` for a clock that moves only
    ///   when told: the driver then calls ``advance(to:)`` instead of waiting.
    func realTime(until deadline: Duration) -> Duration?

    /// Moves a clock that moves only when told to `deadline` (never backwards); a clock that runs by itself
    /// ignores it.
    func advance(to deadline: Duration)
}

/// A clock that moves only when told: the manual clock of tests, replays and as-fast-as-possible simulations.
public final class ManualClock: SessionClock {
    private let current: Mutex<Duration>

    /// Creates a clock reading `start`.
    public init(start: Duration = .zero) { current = Mutex(start) }

    public var now: Duration { current.withLock { $0 } }

    public func realTime(until deadline: Duration) -> Duration? { nil }

    public func advance(to deadline: Duration) { current.withLock { $0 = max($0, deadline) } }

    /// Moves the clock forward by `interval`.
    public func advance(by interval: Duration) { current.withLock { $0 += interval } }
}

extension Duration {
    /// The duration in seconds, as the pure modules count session time.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// The duration in whole nanoseconds (truncated), for exact arithmetic on a time grid.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
