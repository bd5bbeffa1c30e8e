import Foundation
public import Logging
import POSIXSupport
import Synchronization

/// A swift-log handler whose lines are written by a thread of its own: logging from the session's thread never
/// waits on standard error (a pipe nobody reads, a paused terminal).
///
/// Lines queue up to ``capacity``; beyond it the oldest are dropped, and the next line written says how many.
public struct QueuedLogHandler: LogHandler {
    /// The shared writer for one descriptor.
    public final class Writer: Sendable {
        fileprivate let queue: SinkQueue<String>
        private let observer: LogObserver

        /// Starts the writer's thread for `descriptor` (2: standard error).
        public init(descriptor: Int32 = 2, capacity: Int = 1024) {
            let observer = LogObserver()
            self.observer = observer
            queue = SinkQueue(name: "log", capacity: capacity) { batch in
                var text = ""
                if batch.dropped > 0 { text += "retrowalk: \(batch.dropped) log lines dropped: stderr was blocked\n" }
                for line in batch.items { text += line }
                _ = POSIXFile.writeAll(fd: descriptor, Array(text.utf8))
                if let observe = observer.current { batch.items.forEach(observe) }
            }
        }

        /// Also hands every line to `observe` (a screen's log pane), on the writer's thread; `nil` stops it.
        public func observe(_ observe: (@Sendable (String) -> Void)?) { observer.set(observe) }

        /// Waits until what is queued has been taken for writing, at most `timeout`; the writer stays open.
        public func drain(timeout: Duration) {
            let deadline = ContinuousClock.now + timeout
            while queue.backlog > 0, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        }

        /// Writes what is queued, waiting at most `timeout`.
        @discardableResult
        public func flush(timeout: Duration) -> Bool { queue.closeAndWait(timeout: timeout) }
    }

    private let label: String
    private let writer: Writer
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]

    /// Creates a handler for `label` writing through `writer`.
    public init(label: String, writer: Writer, level: Logger.Level) {
        self.label = label
        self.writer = writer
        logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let more = event.metadata { merged.merge(more) { $1 } }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line =
            "\(Self.timestamp()) \(event.level) \(label): \(event.message)" + (fields.isEmpty ? "" : " [\(fields)]")
            + "\n"
        writer.queue.offer(line)
    }

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        localtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}

/// Who else sees the log lines (a screen's log pane).
private final class LogObserver: Sendable {
    private let observe = Mutex<(@Sendable (String) -> Void)?>(nil)

    var current: (@Sendable (String) -> Void)? { observe.withLock { $0 } }

    func set(_ new: (@Sendable (String) -> Void)?) { observe.withLock { $0 = new } }
}
