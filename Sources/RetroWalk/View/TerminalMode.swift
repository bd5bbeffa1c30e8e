import Glibc

/// The terminal as the live view uses it: the alternate screen, no cursor, and the terminal's settings put back
/// exactly as they were on every way out.
///
/// ``enter()`` saves the terminal's settings (termios of standard input), switches to the alternate screen and
/// hides the cursor. ``leave()`` undoes all three; it runs at the normal end, after Q, after SIGINT or SIGTERM
/// (the session ends gracefully and `walk` returns through it), at `exit()` (an `atexit` handler: a second
/// SIGINT), and when the process crashes (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT: a handler that only
/// makes async-signal-safe calls — `tcsetattr` and `write` — then lets the signal kill the process as before).
public enum TerminalMode {
    // What the handlers need, allocated by enter() before any handler can run (nothing is allocated in one).
    nonisolated(unsafe) private static var saved: UnsafeMutablePointer<Glibc.termios>?
    nonisolated(unsafe) private static var leaveSequence: UnsafeMutableBufferPointer<UInt8>?
    nonisolated(unsafe) private static var active: Bool = false
    nonisolated(unsafe) private static var handlersInstalled = false
    /// The handlers that were there before ours (the Swift runtime's backtracer), by signal number.
    nonisolated(unsafe) private static var previous: UnsafeMutablePointer<sigaction>?

    /// The signals after which the terminal is put back before the process dies: crashes, and SIGINT, SIGTERM
    /// and SIGHUP while nobody else handles them (before the session's signal watcher starts, during the
    /// readiness check; the watcher's own handlers replace these while the session runs).
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT, SIGINT, SIGTERM, SIGHUP]

    /// Whether standard input and standard output are both a terminal.
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Saves the terminal's settings, switches to the alternate screen and hides the cursor. Call from the main
    /// thread, once, before the view draws.
    public static func enter() {
        guard !active else { return }
        let settings = UnsafeMutablePointer<Glibc.termios>.allocate(capacity: 1)
        settings.initialize(to: Glibc.termios())
        guard tcgetattr(STDIN_FILENO, settings) == 0 else {
            settings.deallocate()
            return
        }
        saved = settings
        let bytes = Array((ANSI.reset + ANSI.showCursor + ANSI.leaveAlternateScreen).utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        leaveSequence = buffer
        active = true
        if !handlersInstalled {
            handlersInstalled = true
            atexit { TerminalMode.restoreFromHandler() }
            let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: Int(NSIG))
            previous.initialize(repeating: sigaction(), count: Int(NSIG))
            Self.previous = previous
            for signal in crashSignals {
                var action = sigaction()
                action.__sigaction_handler.sa_handler = { signal in
                    TerminalMode.restoreFromHandler()
                    // The handler that was there before (the runtime's backtracer, or the default action) takes
                    // the signal as it would have: raised again, delivered when this handler returns.
                    if let previous = TerminalMode.previous { sigaction(signal, previous + Int(signal), nil) }
                    raise(signal)
                }
                sigemptyset(&action.sa_mask)
                sigaction(signal, &action, previous + Int(signal))
            }
        }
        write(ANSI.enterAlternateScreen + ANSI.hideCursor + ANSI.clearScreen)
    }

    /// Puts the terminal back as it was before ``enter()`` (idempotent).
    public static func leave() {
        restoreFromHandler()
    }

    /// Async-signal-safe: `tcsetattr` and `write` on memory prepared by ``enter()``.
    private static func restoreFromHandler() {
        guard active else { return }
        active = false
        if let saved { tcsetattr(STDIN_FILENO, TCSANOW, saved) }
        if let leaveSequence { _ = Glibc.write(STDOUT_FILENO, leaveSequence.baseAddress, leaveSequence.count) }
    }

    /// The terminal's size, columns × rows (80 × 24 when it cannot be asked).
    public static func size() -> (columns: Int, rows: Int) {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else {
            return (80, 24)
        }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    private static func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}
