import Glibc

/// Reads the walker's keys from the terminal without waiting for Enter (the thin I/O side of ``SessionKey``).
///
/// When standard input is a terminal, it is switched to non-canonical mode without echo (signals stay on, so
/// Ctrl-C still ends the session cleanly) and restored by ``restore()`` — call it before the process exits.
/// When standard input is not a terminal (a pipe, a service), no keys can arrive; ``isInteractive`` says so, and
/// the session tells the walker that check-ins cannot be answered.
public final class TerminalKeys {
    private var saved: termios?
    private var editor = KeyLineEditor()
    /// Whether keys can be read.
    public let isInteractive: Bool

    /// Takes over standard input if it is a terminal.
    public init() {
        guard isatty(STDIN_FILENO) == 1 else {
            isInteractive = false
            return
        }
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else {
            isInteractive = false
            return
        }
        saved = settings
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO)
        // VMIN = 0, VTIME = 0: read returns at once with what is there.
        withUnsafeMutableBytes(of: &settings.c_cc) { bytes in
            bytes[Int(VMIN)] = 0
            bytes[Int(VTIME)] = 0
        }
        isInteractive = tcsetattr(STDIN_FILENO, TCSANOW, &settings) == 0
    }

    deinit { restore() }

    /// The keys typed since the last call (never blocks).
    public func poll() -> [SessionKey] {
        guard isInteractive else { return [] }
        var keys: [SessionKey] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            for byte in buffer[0..<count] where byte < 0x80 {
                if let key = editor.type(Character(Unicode.Scalar(byte))) { keys.append(key) }
            }
            if count < buffer.count { break }
        }
        return keys
    }

    /// Puts the terminal back as it was (idempotent).
    public func restore() {
        guard var settings = saved else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        saved = nil
    }
}
