import Glibc

/// A failed system call: the function's name, the error number and its text.
///
/// The I/O adapters convert `-1`/`errno` into this at the call site (STYLE.md 23) and wrap it in their own error
/// type with a remedy.
public struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The C function that failed, e.g. `open`, `poll`, `snd_pcm_writei`.
    public var function: String
    /// The positive `errno` value.
    public var number: Int32
    /// The C library's text for the error (`strerror`, or the library's own).
    public var text: String

    /// Creates an error.
    public init(function: String, number: Int32, text: String) {
        self.function = function
        self.number = number
        self.text = text
    }

    public var description: String { "\(function): \(text)" }

    /// The current `errno` of a failed `function`.
    public static func posix(_ function: String) -> SystemError { posix(function, errno) }

    /// A failed `function` with error number `number`.
    public static func posix(_ function: String, _ number: Int32) -> SystemError {
        SystemError(function: function, number: number, text: String(cString: strerror(number)))
    }
}

/// The one place system calls are retried after a signal interrupted them (EINTR).
public enum SystemCall {
    /// Calls `body` again while it fails with EINTR; returns its result (`-1` with `errno` set on failure).
    public static func retryingEINTR<T: BinaryInteger>(_ body: () -> T) -> T {
        while true {
            let result = body()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    /// Waits until one of `descriptors` is readable (or hung up), at most `timeout` (`nil`: without limit).
    ///
    /// - Returns: For each descriptor, whether it is readable or hung up; all `false` when the time ran out or
    ///   a signal interrupted the wait (the caller looks at its clock and waits again).
    /// - Throws: ``SystemError`` for `poll` failing otherwise.
    public static func waitReadable(_ descriptors: [Int32], timeout: Duration?) throws(SystemError) -> [Bool] {
        var pollers = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN) | pollReadHangUp, revents: 0) }
        let milliseconds: Int32
        if let timeout {
            let (seconds, attoseconds) = timeout.components
            let total = max(0, min(seconds, 3600)) * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
            milliseconds = Int32(max(0, total))
        } else {
            milliseconds = -1
        }
        let ready = poll(&pollers, nfds_t(pollers.count), milliseconds)
        if ready < 0 {
            let code = errno
            if code == EINTR { return descriptors.map { _ in false } }
            throw SystemError.posix("poll", code)
        }
        let wanted = Int16(POLLIN) | Int16(POLLHUP) | Int16(POLLERR) | pollReadHangUp
        return pollers.map { $0.fd >= 0 && $0.revents & wanted != 0 }
    }

    /// `POLLRDHUP` (Linux `<poll.h>`, needs `_GNU_SOURCE`): the peer closed its end.
    public static let pollReadHangUp: Int16 = 0x2000
}
