import Dispatch
import Foundation
import Synchronization

/// A bounded queue in front of one output, drained by a thread of its own: the session offers and never waits.
///
/// ``offer(_:)`` appends under a lock that the draining thread holds only to take the whole queue, never while it
/// writes, so the session's thread is never held up by a slow output (a full pipe, a paused terminal, a slow SD
/// card, a dead broker). When the queue is full, the oldest item is dropped and counted; the output learns how many
/// it lost with the next batch it gets, and says so once.
final class SinkQueue<Item: Sendable>: Sendable {
    /// A batch for the output: the items in order, and how many were dropped before them since the last batch.
    struct Batch: Sendable {
        var items: [Item]
        var dropped: Int
        /// Whether this is the last batch: the queue was closed and everything offered is in it.
        var isLast: Bool
    }

    private struct State {
        var items: [Item] = []
        var head = 0
        var dropped = 0
        var closed = false
        var draining = false
    }

    /// A name for logs and `output` events (`stdout`, `store`, …).
    let name: String
    /// The most items the queue holds.
    let capacity: Int
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Creates a queue and starts its thread, which hands every batch to `drain` (which may block as long as it
    /// must) until the queue is closed and empty.
    ///
    /// - Parameters:
    ///   - name: For logs and `output` events.
    ///   - capacity: The most items held; beyond it the oldest are dropped.
    ///   - drain: Writes a batch; runs on the queue's own thread only.
    init(name: String, capacity: Int, drain: @escaping @Sendable (Batch) -> Void) {
        self.name = name
        self.capacity = max(1, capacity)
        let thread = Thread { [self] in run(drain) }
        thread.name = "retrowalk-sink-\(name)"
        thread.start()
    }

    /// Adds an item; never blocks (beyond a lock held for an append or a swap). Ignored once closed.
    func offer(_ item: Item) {
        let accepted = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            if state.items.count - state.head >= capacity {
                state.head += 1
                state.dropped += 1
            }
            state.items.append(item)
            if state.head > 4096, state.head * 2 > state.items.count {
                state.items.removeFirst(state.head)
                state.head = 0
            }
            return true
        }
        if accepted { wake.signal() }
    }

    /// Items waiting to be written.
    var backlog: Int { state.withLock { $0.items.count - $0.head } }

    /// Closes the queue: what was offered is still written, then the thread ends.
    func close() {
        state.withLock { $0.closed = true }
        wake.signal()
    }

    /// Closes the queue and waits until everything offered has been written, at most `timeout`.
    ///
    /// - Returns: `true` when the output caught up; `false` when it is still blocked (the caller goes on; the
    ///   output's thread ends with the process).
    @discardableResult
    func closeAndWait(timeout: Duration) -> Bool {
        close()
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        guard finished.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success else { return false }
        finished.signal()  // later waiters return at once
        return true
    }

    private func run(_ drain: @Sendable (Batch) -> Void) {
        while true {
            wake.wait()
            while let batch = take() {
                drain(batch)
                if batch.isLast {
                    finished.signal()
                    return
                }
            }
        }
    }

    /// Takes everything waiting, or `nil` when there is nothing (and the queue is open).
    private func take() -> Batch? {
        state.withLock { state -> Batch? in
            let items = Array(state.items[state.head...])
            guard !items.isEmpty || state.dropped > 0 || (state.closed && !state.draining) else { return nil }
            state.items.removeAll(keepingCapacity: true)
            state.head = 0
            defer { state.dropped = 0 }
            if state.closed { state.draining = true }
            return Batch(items: items, dropped: state.dropped, isLast: state.closed)
        }
    }
}
