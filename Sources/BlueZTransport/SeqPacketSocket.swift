import Glibc
import POSIXSupport
import Synchronization

/// A connected `SOCK_SEQPACKET` socket carrying one ATT PDU per message.
///
/// The same type serves the kernel's L2CAP ATT channel (`AF_BLUETOOTH`, see
/// ``SeqPacketSocket/connectL2CAP(to:adapter:timeout:)``) and the `AF_UNIX` socketpair that links the GATT client
/// to the simulated strap (``SeqPacketSocket/makePair()``): both keep message boundaries, so the bytes above them
/// are identical.
public final class SeqPacketSocket: Sendable {
    private let descriptor: Mutex<Int32>

    /// The strap this socket connects to (for error messages), `nil` for a socketpair.
    let peer: BluetoothAddress?

    init(descriptor: Int32, peer: BluetoothAddress? = nil) {
        self.descriptor = Mutex(descriptor)
        self.peer = peer
    }

    /// `SOCK_SEQPACKET` (Linux `<bits/socket_type.h>`; not imported into Swift's Glibc module).
    static let socketTypeSeqPacket: Int32 = 5
    /// `SOCK_CLOEXEC` (Linux, equal to `O_CLOEXEC`).
    static let socketFlagCloseOnExec: Int32 = 0o2_000_000

    deinit { close() }

    /// Makes two connected `AF_UNIX SOCK_SEQPACKET` sockets.
    ///
    /// - Throws: ``CaptureError`` (`socketFailed`) naming `socketpair` and errno.
    public static func makePair() throws -> (SeqPacketSocket, SeqPacketSocket) {
        var fds: [Int32] = [-1, -1]
        let result = fds.withUnsafeMutableBufferPointer {
            socketpair(AF_UNIX, socketTypeSeqPacket | socketFlagCloseOnExec, 0, $0.baseAddress)
        }
        guard result == 0 else { throw systemError("socketpair(AF_UNIX, SOCK_SEQPACKET)", errno) }
        return (SeqPacketSocket(descriptor: fds[0]), SeqPacketSocket(descriptor: fds[1]))
    }

    /// The file descriptor, or -1 once closed.
    public var fileDescriptor: Int32 { descriptor.withLock { $0 } }

    /// Sends one PDU as one message.
    ///
    /// - Throws: ``CaptureError`` `linkClosed` when the peer is gone, `socketFailed` otherwise.
    public func send(_ pdu: [UInt8]) throws {
        let fd = fileDescriptor
        guard fd >= 0 else { throw CaptureError.closedLink }
        let sent = SystemCall.retryingEINTR {
            pdu.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        if sent < 0 { throw Self.linkError("send", errno) }
    }

    /// Waits up to `timeout` seconds for one PDU.
    ///
    /// - Returns: the PDU, or `nil` when none arrived in time (`timeout` 0 polls without waiting).
    /// - Throws: ``CaptureError`` `linkClosed` on end of file, reset, supervision timeout or a closed socket.
    public func receive(timeout: Double) throws -> [UInt8]? {
        let fd = fileDescriptor
        guard fd >= 0 else { throw CaptureError.closedLink }
        let ready: Bool
        do {
            ready = try SystemCall.waitReadable([fd], timeout: .milliseconds(Int64(max(0, min(timeout, 3600)) * 1000)))[
                0]
        } catch {
            throw Self.systemError("poll", error.number)
        }
        if !ready { return nil }
        return try read(fd)
    }

    /// Reads the PDU waiting on a readable socket (``fileDescriptor`` polled readable by the caller).
    ///
    /// - Returns: the PDU, or `nil` when nothing was there after all (an empty datagram, a spurious wake-up).
    /// - Throws: ``CaptureError`` `linkClosed` on end of file, reset, supervision timeout or a closed socket.
    public func receiveReady() throws -> [UInt8]? {
        let fd = fileDescriptor
        guard fd >= 0 else { throw CaptureError.closedLink }
        return try read(fd)
    }

    private func read(_ fd: Int32) throws -> [UInt8]? {
        // 1024 bytes hold the largest ATT PDU (ATT_MTU ≤ 517). MSG_DONTWAIT: a wake-up without data returns.
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = SystemCall.retryingEINTR {
            buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        }
        if count > 0 { return Array(buffer[0..<count]) }
        if count == 0 {
            // A zero-length datagram and end of file both read as 0 bytes; only the hang-up tells them apart.
            guard isHungUp(fd) else { return nil }
            throw CaptureError(code: .linkClosed, message: "The strap closed the link (end of file).")
        }
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK { return nil }
        throw Self.linkError("recv", code)
    }

    /// Whether the peer closed its end (`POLLHUP`/`POLLRDHUP` with nothing left to read).
    private func isHungUp(_ fd: Int32) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN) | SystemCall.pollReadHangUp, revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return false }
        return poller.revents & (Int16(POLLHUP) | SystemCall.pollReadHangUp) != 0
    }

    /// Closes the socket; later calls do nothing.
    public func close() {
        descriptor.withLock { fd in
            if fd >= 0 { _ = Glibc.close(fd) }
            fd = -1
        }
    }

    static func linkError(_ call: String, _ code: Int32) -> CaptureError {
        switch code {
        case EPIPE, ECONNRESET, ENOTCONN, ETIMEDOUT, EBADF:
            CaptureError(
                code: .linkClosed,
                message: "The strap link dropped (\(call): \(errorName(code))).",
                errno: code
            )
        default: systemError(call, code)
        }
    }

    static func systemError(_ call: String, _ code: Int32) -> CaptureError {
        CaptureError(code: .socketFailed, message: "\(call) failed: \(errorName(code)).", errno: code)
    }

    /// `"EAFNOSUPPORT (Address family not supported by protocol)"` for an errno value.
    static func errorName(_ code: Int32) -> String {
        let names: [Int32: String] = [
            EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EIO: "EIO", EBADF: "EBADF", EAGAIN: "EAGAIN",
            EACCES: "EACCES", EBUSY: "EBUSY", ENODEV: "ENODEV", EINVAL: "EINVAL", EPIPE: "EPIPE",
            EAFNOSUPPORT: "EAFNOSUPPORT", EADDRINUSE: "EADDRINUSE", ENETDOWN: "ENETDOWN",
            ECONNRESET: "ECONNRESET", ENOTCONN: "ENOTCONN", ETIMEDOUT: "ETIMEDOUT", ECONNREFUSED: "ECONNREFUSED",
            EHOSTDOWN: "EHOSTDOWN", EHOSTUNREACH: "EHOSTUNREACH", EINPROGRESS: "EINPROGRESS",
            EPROTONOSUPPORT: "EPROTONOSUPPORT",
        ]
        let text = strerror(code).map { String(cString: $0) } ?? "unknown error"
        return "\(names[code] ?? "errno \(code)") (\(text))"
    }
}
