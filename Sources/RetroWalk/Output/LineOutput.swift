import Foundation
import POSIXSupport
public import RetroWalkCore
import SessionEngine

/// Session events as lines on a file descriptor — the JSON stream (`--json`) or the human log on standard output —
/// written by a thread of its own.
///
/// A reader that stops reading (a pipe nobody drains, an SSH session that stalled, a terminal paused with Ctrl-S)
/// blocks only this output's thread. Its queue keeps the newest ``capacity`` lines and drops the oldest; when the
/// writes go through again, the session is told how many were dropped and the stream shows it as
/// `{"event": "output", "state": "stalled", "sink": "stdout", "dropped": N}`. A reader that went away (EPIPE) ends
/// the output; the session goes on.
public final class LineOutput: SessionOutput {
    /// How events become lines.
    public enum Format: Sendable {
        /// One JSON object per event (README, "Event stream").
        case json
        /// The human-readable log; heart rate every 10 s rather than every notification.
        case human
    }

    enum Item: Sendable {
        case event(SessionEvent)
        case line(String)
    }

    /// The most lines held while the reader is behind: about an hour of a session's events without samples, or
    /// an hour of samples.
    public static let defaultCapacity = 4096

    private let queue: SinkQueue<Item>

    /// Starts the output's thread.
    ///
    /// - Parameters:
    ///   - name: The output's name in `output` events (`stdout`).
    ///   - descriptor: Where to write (1 for standard output).
    ///   - format: JSON or the human log.
    ///   - reporter: Where to report dropped lines (the session's inbox).
    ///   - capacity: Lines held while the reader is behind.
    public init(
        name: String = "stdout",
        descriptor: Int32 = 1,
        format: Format,
        reporter: (any OutputReporter)?,
        capacity: Int = LineOutput.defaultCapacity
    ) {
        let writer = LineWriter(name: name, descriptor: descriptor, format: format, reporter: reporter)
        queue = SinkQueue(name: name, capacity: capacity) { batch in writer.write(batch) }
    }

    public func publish(_ event: SessionEvent) { queue.offer(.event(event)) }

    /// Writes a line that is not an event (the closing line of `walk`), in order with the events.
    public func write(line: String) { queue.offer(.line(line)) }

    public func finish(timeout: Duration) -> Bool { queue.closeAndWait(timeout: timeout) }
}

/// The writing side of a ``LineOutput``: lives on the output's thread only.
private final class LineWriter: @unchecked Sendable {
    private let name: String
    private let descriptor: Int32
    private let format: LineOutput.Format
    private let reporter: (any OutputReporter)?
    private var lastShownSample = -Double.infinity
    private var isBroken = false

    init(name: String, descriptor: Int32, format: LineOutput.Format, reporter: (any OutputReporter)?) {
        self.name = name
        self.descriptor = descriptor
        self.format = format
        self.reporter = reporter
    }

    func write(_ batch: SinkQueue<LineOutput.Item>.Batch) {
        guard !isBroken else { return }
        var bytes: [UInt8] = []
        if batch.dropped > 0 {
            // Told to the session, which puts an `output` event into every output (this one too); once it has
            // ended, said here.
            let reported = reporter?.report(.outputStalled(sink: name, dropped: batch.dropped)) ?? false
            if !reported {
                append(SessionEvent(time: 0, kind: .outputStalled(sink: name, dropped: batch.dropped)), to: &bytes)
            }
        }
        for item in batch.items {
            switch item {
            case .event(let event): append(event, to: &bytes)
            case .line(let line):
                bytes += line.utf8
                bytes.append(0x0A)
            }
        }
        guard !bytes.isEmpty else { return }
        if let error = POSIXFile.writeAll(fd: descriptor, bytes) {
            // The reader went away (EPIPE) or the descriptor failed: nothing more goes there.
            isBroken = true
            let line = "retrowalk: \(name) could not be written (\(error)); the session goes on without it.\n"
            _ = POSIXFile.writeAll(fd: 2, Array(line.utf8))
        }
    }

    private func append(_ event: SessionEvent, to bytes: inout [UInt8]) {
        switch format {
        case .json:
            bytes += event.jsonLine.utf8
        case .human:
            if case .sample(let sample) = event.kind {
                // People get the heart rate every 10 s, not every notification.
                guard sample.time - lastShownSample >= 10 else { return }
                lastShownSample = sample.time
            }
            bytes += HumanLog.line(for: event).utf8
        }
        bytes.append(0x0A)
    }
}
