import CALSA
import Glibc

/// A failed POSIX or ALSA call: the function's name, the error number and its text, for ``AudioError/underlying``.
struct SystemError: Error, Sendable, CustomStringConvertible {
    /// The C function that failed, e.g. `open`, `snd_pcm_writei`.
    var function: String
    /// The positive `errno` value (ALSA functions return its negation).
    var number: Int32
    /// The C library's text for the error (`strerror` or `snd_strerror`).
    var text: String

    var description: String { "\(function): \(text)" }

    /// Captures the current `errno`.
    static func posix(_ function: String) -> SystemError {
        let number = errno
        return SystemError(function: function, number: number, text: String(cString: strerror(number)))
    }

    /// Converts a negative ALSA return code (STYLE.md 23).
    static func alsa(_ function: String, _ code: Int32) -> SystemError {
        SystemError(function: function, number: -code, text: String(cString: snd_strerror(code)))
    }
}

/// Small POSIX file helpers with EINTR retried in one place (STYLE.md 23).
enum POSIXFile {
    /// Reads a whole file.
    static func read(path: String) -> Result<[UInt8], SystemError> {
        let fd = retryingEINTR { open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return .failure(.posix("open")) }
        defer { _ = Glibc.close(fd) }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                retryingEINTR { Glibc.read(fd, buffer.baseAddress, buffer.count) }
            }
            if count < 0 { return .failure(.posix("read")) }
            if count == 0 { return .success(bytes) }
            bytes += chunk[0..<count]
        }
    }

    /// Whether a regular file exists at `path`.
    static func isFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Writes all of `bytes` at the file's current offset (or at `offset` with `pwrite`).
    static func writeAll(fd: Int32, _ bytes: [UInt8], at offset: Int? = nil) -> SystemError? {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                retryingEINTR {
                    let start = buffer.baseAddress.map { $0 + done }
                    if let offset {
                        return pwrite(fd, start, bytes.count - done, off_t(offset + done))
                    }
                    return Glibc.write(fd, start, bytes.count - done)
                }
            }
            if count < 0 { return .posix(offset == nil ? "write" : "pwrite") }
            done += count
        }
        return nil
    }

    /// Calls `body` again while it fails with EINTR.
    static func retryingEINTR<T: BinaryInteger>(_ body: () -> T) -> T {
        while true {
            let result = body()
            if result >= 0 || errno != EINTR { return result }
        }
    }
}
