import Foundation
import Glibc
import POSIXSupport
import RetroWalk
import SessionEngine
import Synchronization

/// Reads the walker's keys from the terminal without waiting for Enter (the thin I/O side of ``SessionKey``).
///
/// When standard input is a terminal, it is switched to non-canonical mode without echo (signals stay on, so
/// Ctrl-C still ends the session cleanly) and restored by ``restore()`` — call it before the process exits.
/// Its suspend key (Ctrl-Z) is turned off meanwhile: a stopped process sounds no alarm, so Ctrl-Z arrives as a
/// character instead (``QuitKey`` says why it does nothing).
/// When standard input is not a terminal (a pipe, a service), no keys can arrive; ``isInteractive`` says so, and
/// the session tells the walker that check-ins cannot be answered.
final class TerminalKeys: @unchecked Sendable {
    private var saved: termios?
    private var editor = KeyLineEditor()
    /// Whether keys can be read.
    let isInteractive: Bool
    private let stopping = WakeSignal()
    private let stopped = Atomic<Bool>(false)
    /// Sees every typed character first; returns `true` when it took it (Q and its y/n), so that the session does
    /// not see it. Set before ``startReading(into:)``.
    var intercept: (@Sendable (Character) -> Bool)?

    /// Takes over standard input if it is a terminal.
    init() {
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
            bytes[Int(VSUSP)] = 0  // _POSIX_VDISABLE on Linux
        }
        isInteractive = tcsetattr(STDIN_FILENO, TCSANOW, &settings) == 0
    }

    deinit { restore() }

    /// The keys typed since the last call (never blocks); `nil` when the terminal is gone (end of file).
    func poll() -> [SessionKey]? {
        guard isInteractive else { return [] }
        var keys: [SessionKey] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count == 0, keys.isEmpty { return nil }
            guard count > 0 else { break }
            for byte in buffer[0..<count] where byte < 0x80 {
                let character = Character(Unicode.Scalar(byte))
                if intercept?(character) == true { continue }
                if let key = editor.type(character) { keys.append(key) }
            }
            if count < buffer.count { break }
        }
        return keys
    }

    /// Reads keys on a thread of its own and posts each to `inbox`, until ``restore()``.
    func startReading(into inbox: SessionInbox) {
        guard isInteractive else { return }
        let thread = Thread { [self] in
            while !stopped.load(ordering: .acquiring) {
                let ready = (try? SystemCall.waitReadable([STDIN_FILENO, stopping.descriptor], timeout: nil)) ?? []
                if stopped.load(ordering: .acquiring) { return }
                guard ready.first == true else { continue }
                guard let keys = poll() else { return }  // the terminal hung up
                for key in keys { inbox.post(.key(key)) }
            }
        }
        thread.name = "retrowalk-keys"
        thread.start()
    }

    /// Stops reading and puts the terminal back as it was (idempotent).
    func restore() {
        stopped.store(true, ordering: .releasing)
        stopping.notify()
        guard var settings = saved else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        saved = nil
    }
}
