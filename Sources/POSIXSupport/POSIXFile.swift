import Glibc

/// Small POSIX file helpers with EINTR retried in one place (STYLE.md 23).
public enum POSIXFile {
    /// Reads a whole file.
    public static func read(path: String) -> Result<[UInt8], SystemError> {
        let fd = SystemCall.retryingEINTR { open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { return .failure(.posix("open")) }
        defer { _ = Glibc.close(fd) }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                SystemCall.retryingEINTR { Glibc.read(fd, buffer.baseAddress, buffer.count) }
            }
            if count < 0 { return .failure(.posix("read")) }
            if count == 0 { return .success(bytes) }
            bytes += chunk[0..<count]
        }
    }

    /// Whether a regular file exists at `path`.
    public static func isFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Writes all of `bytes` at the file's current offset (or at `offset` with `pwrite`).
    public static func writeAll(fd: Int32, _ bytes: [UInt8], at offset: Int? = nil) -> SystemError? {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                SystemCall.retryingEINTR {
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
}
