public import RetroWalkCore

/// The live session clock: the monotonic clock since the session started, times `speed`.
///
/// At speed 1 it is the continuous clock of a live session; `--speed 8` runs the simulated 13-minute default plan
/// in about 100 s. This is the only place a session reads real time.
public final class PacedClock: SessionClock {
    private let start: ContinuousClock.Instant
    private let speed: Double

    /// Starts the clock now.
    ///
    /// - Parameter speed: Session seconds per real second (positive).
    public init(speed: Double = 1) {
        start = ContinuousClock.now
        self.speed = speed
    }

    public var now: Duration { (ContinuousClock.now - start) * speed }

    public func realTime(until deadline: Duration) -> Duration? {
        max(.zero, (deadline - now) / speed)
    }

    public func advance(to deadline: Duration) {}
}
