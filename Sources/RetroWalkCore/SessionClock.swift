import Synchronization

/// The session's sense of time: seconds since the session started.
///
/// Pure modules never read a clock; the session runner owns one of these and passes `now` in. The live
/// implementation (real time, optionally sped up) lives in the app; ``VirtualClock`` serves simulations,
/// replays and tests.
public protocol SessionClock: Sendable {
    /// Seconds since the session started.
    func now() -> Double
    /// Waits until the session clock reads at least `time` (returns at once if it already does).
    func sleep(until time: Double)
}

extension SessionClock {
    /// Sleeps until the next point of a `tick`-second grid after `now` (0.1, 0.2, … for 0.1 s), so that a
    /// loop stays on exact grid points whatever floating-point rounding did to `now`.
    public func sleep(untilNextTickAfter now: Double, tick: Double) {
        sleep(until: ((now / tick + 0.5).rounded(.down) + 1) * tick)
    }
}

/// A clock that moves only when told to: `sleep(until:)` jumps to the requested time at once.
///
/// This is the manual clock of the tests and the clock of an as-fast-as-possible simulation.
public final class VirtualClock: SessionClock, Sendable {
    private let current: Mutex<Double>

    /// Creates a clock reading `start` seconds.
    public init(start: Double = 0) { current = Mutex(start) }

    public func now() -> Double { current.withLock { $0 } }

    public func sleep(until time: Double) { current.withLock { $0 = max($0, time) } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: Double) { current.withLock { $0 += seconds } }
}
