import Foundation
public import RetroWalkCore

/// The live session clock: the monotonic clock since the session started, times `speed`.
///
/// With `speed` 1 a session runs in real time; `--speed 8` runs the simulated 13-minute default plan in
/// about 100 s. This is the only place the runner reads real time.
public final class PacedClock: SessionClock, Sendable {
    private let start: ContinuousClock.Instant
    private let speed: Double

    /// Starts the clock now.
    public init(speed: Double = 1) {
        start = ContinuousClock.now
        self.speed = speed
    }

    public func now() -> Double {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return seconds * speed
    }

    public func sleep(until time: Double) {
        let remaining = (time - now()) / speed
        if remaining > 0 { Thread.sleep(forTimeInterval: remaining) }
    }
}
