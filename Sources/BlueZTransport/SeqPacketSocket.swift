import Glibc
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
    /// `POLLRDHUP` (Linux `<poll.h>`, needs `_GNU_SOURCE`): the peer closed its end.
    static let pollReadHangUp: Int16 = 0x2000
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
        while true {
            let sent = pdu.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent >= 0 { return }
            let code = errno
            if code == EINTR { continue }
            throw Self.linkError("send", code)
        }
    }

    /// Waits up to `timeout` seconds for one PDU.
    ///
    /// - Returns: the PDU, or `nil` when none arrived in time (`timeout` 0 polls without waiting).
    /// - Throws: ``CaptureError`` `linkClosed` on end of file, reset, supervision timeout or a closed socket.
    public func receive(timeout: Double) throws -> [UInt8]? {
        let fd = fileDescriptor
        guard fd >= 0 else { throw CaptureError.closedLink }
        var poller = pollfd(fd: fd, events: Int16(POLLIN) | Self.pollReadHangUp, revents: 0)
        let milliseconds = Int32(max(0, min(timeout, 3600)) * 1000)
        while true {
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw Self.systemError("poll", errno)
            }
            if ready == 0 { return nil }
            break
        }
        // 1024 bytes hold the largest ATT PDU (ATT_MTU ≤ 517).
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 { return Array(buffer[0..<count]) }
            if count == 0 {
                // A zero-length datagram and end of file both read as 0 bytes; only the hang-up flag tells them
                // apart. An empty PDU is garbage to skip, not a lost link.
                guard poller.revents & (Int16(POLLHUP) | Self.pollReadHangUp) != 0 else { return nil }
                throw CaptureError(code: .linkClosed, message: "The strap closed the link (end of file).")
            }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return nil }
            throw Self.linkError("recv", code)
        }
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
