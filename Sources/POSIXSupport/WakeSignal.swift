import Glibc
import Synchronization

/// Wakes a thread that waits in `poll` from any other thread: a non-blocking pipe whose read end it watches.
///
/// ``notify()`` makes ``descriptor`` readable (once, however often it is called before ``clear()``); the waiting
/// thread calls ``clear()`` before it looks for work, so a notification that comes after that wakes it again.
/// Neither call ever blocks.
public final class WakeSignal: Sendable {
    private let pending = Atomic<Bool>(false)
    private let ends: (read: Int32, write: Int32)

    /// Creates the pipe (if it cannot be made, ``descriptor`` is -1 and waiters only wake at their timeouts).
    public init() {
        var fds: [Int32] = [-1, -1]
        if fds.withUnsafeMutableBufferPointer({ pipe($0.baseAddress) }) == 0 {
            for end in fds {
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            }
        } else {
            fds = [-1, -1]
        }
        ends = (fds[0], fds[1])
    }

    deinit {
        if ends.read >= 0 { _ = Glibc.close(ends.read) }
        if ends.write >= 0 { _ = Glibc.close(ends.write) }
    }

    /// The descriptor to poll for reading.
    public var descriptor: Int32 { ends.read }

    /// Wakes the waiter; safe from any thread, never blocks.
    public func notify() {
        guard !pending.exchange(true, ordering: .acquiringAndReleasing), ends.write >= 0 else { return }
        var byte: UInt8 = 1
        _ = SystemCall.retryingEINTR { Glibc.write(ends.write, &byte, 1) }
    }

    /// Empties the pipe; call before looking for the work a notification announced.
    public func clear() {
        guard pending.exchange(false, ordering: .acquiringAndReleasing), ends.read >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 16)
        while buffer.withUnsafeMutableBytes({ Glibc.read(ends.read, $0.baseAddress, $0.count) }) > 0 {}
    }
}
