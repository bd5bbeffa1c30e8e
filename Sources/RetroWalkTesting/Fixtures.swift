public import RetroWalkCore
import Synchronization

/// Builds samples for tests: a steady heart at a given rate, with RR values that match it.
public enum SampleFixtures {
    /// One notification per second from `start` to `end` (exclusive) at `bpm`, as a strap sends them: each
    /// carries the RR of every beat that ended since the previous one (so 0–3 at walking rates).
    public static func steady(
        bpm: Double,
        from start: Double,
        to end: Double,
        contact: Contact = .detected
    ) -> [HeartRateSample] {
        let interval = 60 / bpm
        var nextBeat = start - 1 + interval
        return stride(from: start, to: end, by: 1).map { time in
            var rr: [UInt16] = []
            while nextBeat <= time {
                rr.append(RRInterval.raw(fromMilliseconds: interval * 1000))
                nextBeat += interval
            }
            return HeartRateSample(time: time, beatsPerMinute: UInt16(bpm.rounded()), contact: contact, rrIntervals: rr)
        }
    }
}

/// Collects lines written by code under test (the runner's output, a logger).
public final class LineRecorder: Sendable {
    private let storage = Mutex<[String]>([])

    /// Creates an empty recorder.
    public init() {}

    /// Appends a line.
    public func record(_ line: String) { storage.withLock { $0.append(line) } }

    /// The lines so far.
    public var lines: [String] { storage.withLock { $0 } }
}
