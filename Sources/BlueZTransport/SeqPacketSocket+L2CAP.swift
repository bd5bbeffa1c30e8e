internal import CBlueZ
import Glibc

extension SeqPacketSocket {
    /// The ATT fixed channel (`L2CAP_CID_ATT` in BlueZ).
    static let attChannel: UInt16 = 4

    /// Connects to a strap's ATT channel over an L2CAP LE socket, the way BlueZ's `btgatt-client` does.
    ///
    /// Bind to the adapter (or any), non-blocking `connect` to cid 4 with psm 0 (the kernel rejects psm and cid
    /// together), and wait for the link at most `timeout` seconds. Security stays at the channel's default,
    /// `BT_SECURITY_LOW` (no encryption): straps serve HRS, BAS and DIS without it.
    ///
    /// - Parameters:
    ///   - address: the strap's address and LE address type (from its advertisement).
    ///   - adapter: `hciN`, or `nil` for the default adapter.
    ///   - timeout: seconds to wait for the connection.
    /// - Throws: ``CaptureError``: `bluetoothUnavailable` when the kernel has no Bluetooth (EAFNOSUPPORT),
    ///   `adapterNotFound`, `connectFailed` (with the remedy for each errno).
    public static func connectL2CAP(
        to address: BluetoothAddress,
        adapter: String?,
        timeout: Double
    ) throws -> SeqPacketSocket {
        let socket = try startL2CAPConnect(to: address, adapter: adapter)
        do {
            guard try socket.completeConnect(waiting: timeout) else { throw connectError(address, ETIMEDOUT) }
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    /// Starts connecting to a strap's ATT channel without waiting: the kernel keeps trying (it connects as soon as
    /// the strap advertises) while the caller polls ``completeConnect(waiting:)``.
    ///
    /// Closing a socket whose LE connection is still pending races with the kernel (a Debian 6.1 kernel oopsed in
    /// `hci_chan_del` when this was done every 2 s in the VM), so a session lets a pending connect run its course.
    ///
    /// - Throws: ``CaptureError``: `bluetoothUnavailable`, `adapterNotFound`, `connectFailed`.
    public static func startL2CAPConnect(to address: BluetoothAddress, adapter: String?) throws -> SeqPacketSocket {
        let fd = socket(AF_BLUETOOTH, socketTypeSeqPacket | socketFlagCloseOnExec, BTPROTO_L2CAP)
        guard fd >= 0 else {
            let code = errno
            if code == EAFNOSUPPORT || code == EPROTONOSUPPORT {
                throw CaptureError.bluetoothUnavailable(call: "socket(AF_BLUETOOTH)", errno: code)
            }
            throw systemError("socket(AF_BLUETOOTH, SOCK_SEQPACKET, BTPROTO_L2CAP)", code)
        }
        let socket = SeqPacketSocket(descriptor: fd, peer: address)

        var local = sockaddr_l2()
        local.l2_family = sa_family_t(AF_BLUETOOTH)
        local.l2_cid = attChannel.littleEndian
        local.l2_bdaddr_type = UInt8(BDADDR_LE_PUBLIC)
        if let adapter {
            let id = hci_devid(adapter)
            guard id >= 0 else {
                throw CaptureError(
                    code: .adapterNotFound,
                    message: "Bluetooth adapter '\(adapter)' was not found. Run 'hciconfig' or 'btmgmt info' "
                        + "to list adapters, and pass one with --adapter.",
                    errno: errno
                )
            }
            var adapterAddress = bdaddr_t()
            guard hci_devba(id, &adapterAddress) == 0 else {
                throw CaptureError(
                    code: .adapterNotFound,
                    message: "Bluetooth adapter '\(adapter)' is down. Bring it up with 'sudo btmgmt --index "
                        + "\(id) power on'.",
                    errno: errno
                )
            }
            local.l2_bdaddr = adapterAddress
        }
        try withSocketAddress(&local) { pointer, length in
            guard bind(fd, pointer, length) == 0 else { throw systemError("bind(L2CAP ATT)", errno) }
        }

        var remote = sockaddr_l2()
        remote.l2_family = sa_family_t(AF_BLUETOOTH)
        remote.l2_cid = attChannel.littleEndian
        remote.l2_psm = 0
        // sockaddr_l2 numbers LE types 1 = public, 2 = random: one more than the advertising report.
        remote.l2_bdaddr_type = UInt8(address.type == .public ? BDADDR_LE_PUBLIC : BDADDR_LE_RANDOM)
        remote.l2_bdaddr = bdaddr_t(b: littleEndianTuple(address.bytes))

        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        try withSocketAddress(&remote) { pointer, length in
            guard Glibc.connect(fd, pointer, length) != 0 else { return }
            let code = errno
            guard code == EINPROGRESS else { throw connectError(address, code) }
        }
        // No BT_SECURITY call: a new L2CAP channel is already at BT_SECURITY_LOW, which heart-rate straps need, and
        // on a connected ATT socket the kernel answers a level the link already has with EINVAL
        // (smp_conn_security() returns 1 for "sufficient"), as the ble-vm run showed.
        return socket
    }

    /// Waits up to `timeout` seconds (0: just looks) for a connect started by ``startL2CAPConnect(to:adapter:)``.
    ///
    /// - Returns: `true` once connected, `false` while the kernel is still trying.
    /// - Throws: ``CaptureError`` `connectFailed` with the remedy when the kernel gave up.
    public func completeConnect(waiting timeout: Double) throws -> Bool {
        let fd = fileDescriptor
        guard fd >= 0 else { throw CaptureError.closedLink }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&poller, 1, Int32(max(0, timeout) * 1000))
        if ready < 0 { throw Self.systemError("poll(connect)", errno) }
        guard ready > 0 else { return false }
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
        if failure != 0 {
            throw peer.map { Self.connectError($0, failure) } ?? Self.systemError("connect", failure)
        }
        return true
    }

    private static func connectError(_ address: BluetoothAddress, _ code: Int32) -> CaptureError {
        let remedy: String
        switch code {
        case ECONNREFUSED:
            remedy = "the address type may be wrong (this one is \(address.type)); scan again with 'retrowalk scan'"
        case ETIMEDOUT:
            remedy =
                "the strap is not advertising: wet the electrodes and wear it, keep it near, "
                + "and disconnect it from phones or watches"
        case EBUSY:
            remedy = "another connection attempt is pending on the adapter (bluetoothd?); try again in a few seconds"
        default:
            remedy = "check the address with 'retrowalk scan'"
        }
        return CaptureError(
            code: .connectFailed,
            message: "Connecting to strap \(address) failed: \(errorName(code)); \(remedy).",
            errno: code
        )
    }

    private static func withSocketAddress(
        _ address: inout sockaddr_l2,
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> Void
    ) throws {
        try withUnsafePointer(to: &address) {
            try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                try body($0, socklen_t(MemoryLayout<sockaddr_l2>.size))
            }
        }
    }

    /// `bdaddr_t` stores the address least significant byte first.
    private static func littleEndianTuple(_ bytes: [UInt8]) -> (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) {
        (bytes[5], bytes[4], bytes[3], bytes[2], bytes[1], bytes[0])
    }
}
