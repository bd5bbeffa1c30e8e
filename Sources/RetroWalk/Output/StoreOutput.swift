import Foundation
public import Logging
public import RetroWalkCore
import SessionEngine
public import SessionStore

/// The session database as an output: samples and events are queued and written by a thread of its own, in one
/// transaction per batch, at least once a second; the summary closes the session row. A sample goes to the sample
/// table only (its `sample` event line would repeat it: about half the database).
///
/// A slow disk (an SD card) only makes the queue longer: it holds ``defaultCapacity`` events, hours of a session.
/// When a write fails (disk full, read-only, I/O error) the events are kept and written again with backoff (1 s
/// doubling to 16 s); the session is told once, as a `store` event (`failed`, then `recovered`), and goes on
/// alarming. Events beyond the queue's capacity are dropped oldest first, and that is reported once too.
public final class StoreOutput: SessionOutput {
    /// About 55 hours of a session (a sample a second and its events).
    public static let defaultCapacity = 200_000

    private let queue: SinkQueue<SessionEvent>
    private let writer: StoreWriter

    /// Starts the output's thread.
    ///
    /// - Parameters:
    ///   - database: The open database.
    ///   - sessionId: The session row that events belong to.
    ///   - reporter: Where failures are reported (the session's inbox).
    ///   - capacity: Events held while the disk is slow or failing.
    ///   - writeDelay: Test hook: time added before every write (a slow SD card).
    public init(
        database: AppDatabase,
        sessionId: Int64,
        reporter: (any OutputReporter)?,
        logger: Logger,
        capacity: Int = StoreOutput.defaultCapacity,
        writeDelay: Duration = .zero
    ) {
        let writer = StoreWriter(
            database: database, sessionId: sessionId, reporter: reporter, logger: logger, capacity: capacity,
            writeDelay: writeDelay)
        self.writer = writer
        queue = SinkQueue(name: "store", capacity: capacity) { batch in writer.write(batch) }
    }

    public func publish(_ event: SessionEvent) { queue.offer(event) }

    public func finish(timeout: Duration) -> Bool { queue.closeAndWait(timeout: timeout) }

    /// Whether the summary was written and the session row closed.
    public var isClosed: Bool { writer.isClosed }
}

/// The writing side of a ``StoreOutput``: lives on the output's thread (``isClosed`` is read at the end).
private final class StoreWriter: @unchecked Sendable {
    private let database: AppDatabase
    private let sessionId: Int64
    private let reporter: (any OutputReporter)?
    private let logger: Logger
    private let capacity: Int
    private let writeDelay: Duration
    private var pending: [SessionEvent] = []
    private var failure: String?
    private var retryAt = ContinuousClock.now
    private var backoff = Duration.seconds(1)
    private var dropped = 0
    private var closed = false

    init(
        database: AppDatabase, sessionId: Int64, reporter: (any OutputReporter)?, logger: Logger, capacity: Int,
        writeDelay: Duration
    ) {
        self.capacity = capacity
        self.database = database
        self.sessionId = sessionId
        self.reporter = reporter
        self.logger = logger
        self.writeDelay = writeDelay
    }

    var isClosed: Bool { closed }

    func write(_ batch: SinkQueue<SessionEvent>.Batch) {
        if batch.dropped > 0 {
            dropped += batch.dropped
            fail("the store's queue overflowed; \(dropped) events were not recorded")
        }
        pending += batch.items
        if pending.count > capacity {
            let excess = pending.count - capacity
            pending.removeFirst(excess)
            dropped += excess
            fail("the disk did not take the session's events; \(dropped) events were not recorded")
        }
        // While failing, retry with backoff; the last batch is tried once more whatever the backoff says.
        if failure != nil, !batch.isLast, ContinuousClock.now < retryAt {
            Thread.sleep(forTimeInterval: min(0.2, (retryAt - ContinuousClock.now).inSeconds))
            return
        }
        flush()
        if batch.isLast, failure != nil {
            logger.error(
                "Session not fully recorded",
                metadata: ["store.session": "\(sessionId)", "store.unwritten": "\(pending.count)"])
        }
    }

    private func flush() {
        guard !pending.isEmpty else { return }
        if writeDelay > .zero { Thread.sleep(forTimeInterval: writeDelay.inSeconds) }
        var samples: [HeartRateSample] = []
        var events: [SessionEvent] = []
        var summary: SessionSummary?
        for event in pending {
            if case .sample(let sample) = event.kind {
                samples.append(sample)
            } else {
                if case .summary(let closing) = event.kind { summary = closing }
                events.append(event)
            }
        }
        do {
            try database.append(sessionId: sessionId, samples: samples, events: events)
            if let summary {
                try database.finishSession(id: sessionId, summary: summary)
                closed = true
            }
            let written = pending.count
            pending.removeAll(keepingCapacity: true)
            if failure != nil {
                failure = nil
                backoff = .seconds(1)
                logger.notice("Recording works again", metadata: ["store.written": "\(written)"])
                reporter?.report(.store(.recovered(written: written)))
            }
        } catch {
            retryAt = ContinuousClock.now + backoff
            backoff = min(backoff * 2, .seconds(16))
            fail("\(error)")
        }
    }

    /// Reports a failure once (until writing works again).
    private func fail(_ reason: String) {
        guard failure == nil else { return }
        failure = reason
        logger.error("Recording failed; the session goes on", metadata: ["store.error": "\(reason)"])
        reporter?.report(.store(.failed(reason: reason)))
    }
}
