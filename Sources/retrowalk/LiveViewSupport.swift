import Foundation
import Glibc
import RetroWalk

/// The live view of a `walk`, once it is shown; closing it puts the terminal back (idempotent, any thread).
final class ViewHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var shown: LiveView?

    /// The view while it shows.
    var view: LiveView? {
        get { lock.withLock { shown } }
        set { lock.withLock { shown = newValue } }
    }

    /// Draws what is queued (a second at most), stops the view and leaves the alternate screen.
    func close() {
        let view = lock.withLock { () -> LiveView? in
            defer { shown = nil }
            return shown
        }
        guard let view else { return }
        LogStream.writer.observe(nil)
        _ = view.finish(timeout: .seconds(1))
        TerminalMode.leave()
    }
}

/// Standard error sent to a file for the session (log lines, and whatever a library prints there, such as ALSA's
/// own messages), then put back.
final class StandardErrorRedirect: @unchecked Sendable {
    private var saved: Int32

    /// Opens `path` for appending (creating it and its folder) and points standard error at it.
    ///
    /// - Throws: ``AppError`` naming the file when it cannot be opened.
    init(path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard file >= 0 else {
            throw AppError(
                code: .badArgument,
                message: "The log file '\(path)' cannot be opened (\(String(cString: strerror(errno)))). "
                    + "Give a writable path with --log-file.")
        }
        saved = dup(STDERR_FILENO)
        dup2(file, STDERR_FILENO)
        close(file)
    }

    /// Puts standard error back (idempotent); what was queued for the log is written to the file first.
    func restore() {
        guard saved >= 0 else { return }
        LogStream.writer.drain(timeout: .milliseconds(500))
        dup2(saved, STDERR_FILENO)
        close(saved)
        saved = -1
    }
}
