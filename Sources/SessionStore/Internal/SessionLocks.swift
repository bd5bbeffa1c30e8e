import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Which sessions are being recorded right now, by any process: one byte-range lock per session in a file beside
/// the database (`retrowalk.sqlite-sessions.lock`), byte N for session N.
///
/// The locks are Linux open-file-description locks (`F_OFD_SETLK`): the kernel drops them when the recording
/// process ends however it ends (SIGKILL, a crash), and unlike classic POSIX locks they also conflict with a test
/// from another descriptor of the same process. A session with no end whose byte nobody holds was interrupted.
final class SessionLocks: Sendable {
    /// `F_OFD_GETLK` and `F_OFD_SETLK` of `<fcntl.h>` (Linux 3.15; the same on every Linux architecture).
    private static let getLock: Int32 = 36
    private static let setLock: Int32 = 37

    private let path: String?
    private let held = Mutex<[Int64: Int32]>([:])

    /// Locks for the database at `databasePath`; none for an in-memory database.
    init(databasePath: String) {
        path = databasePath.isEmpty || databasePath == ":memory:" ? nil : databasePath + "-sessions.lock"
    }

    deinit {
        held.withLock { fds in for fd in fds.values where fd >= 0 { close(fd) } }
    }

    /// Takes session `id`'s lock for this process (until ``release(_:)`` or the process ends).
    ///
    /// A lock that cannot be taken is not an error: the session is recorded all the same, and only another
    /// process's `history` could then mistake it for an interrupted one.
    func hold(_ id: Int64) {
        guard let path else {
            // In memory: only this process can see the database; remember the session without a file.
            held.withLock { $0[id] = -1 }
            return
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        var lock = Self.lock(type: Int16(F_WRLCK), id: id)
        guard fcntl(fd, Self.setLock, &lock) == 0 else {
            close(fd)
            return
        }
        held.withLock { fds in
            if let old = fds[id], old >= 0 { close(old) }
            fds[id] = fd
        }
    }

    /// Releases session `id`'s lock.
    func release(_ id: Int64) {
        held.withLock { fds in
            if let fd = fds.removeValue(forKey: id), fd >= 0 { close(fd) }
        }
    }

    /// Whether some process (this one included) is recording session `id`.
    func isRecording(_ id: Int64) -> Bool {
        if held.withLock({ $0[id] != nil }) { return true }
        guard let path else { return false }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var lock = Self.lock(type: Int16(F_WRLCK), id: id)
        guard fcntl(fd, Self.getLock, &lock) == 0 else { return false }
        return lock.l_type != Int16(F_UNLCK)
    }

    private static func lock(type: Int16, id: Int64) -> flock {
        var lock = flock()
        lock.l_type = type
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = off_t(id)
        lock.l_len = 1
        lock.l_pid = 0
        return lock
    }
}
