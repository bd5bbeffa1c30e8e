import Foundation
import Glibc
public import POSIXSupport
import Synchronization

/// Tells systemd how the service is doing (`Type=notify`, `WatchdogSec=`): the sd_notify protocol, a datagram of
/// `KEY=VALUE` lines sent over an `AF_UNIX`/`SOCK_DGRAM` socket to `$NOTIFY_SOCKET` (a path, or an abstract name
/// written with a leading `@`). See sd_notify(3) and systemd's "Notification protocol" documentation.
///
/// Without `$NOTIFY_SOCKET` (not started by systemd) there is no notifier: ``init(environment:)`` returns `nil`.
/// Sending never blocks (`MSG_DONTWAIT`) and never raises SIGPIPE; a failed send is logged by the caller at most.
public final class SystemdNotifier: Sendable {
    /// The socket address as given (`/run/systemd/notify` or `@name`).
    public let address: String
    /// The watchdog interval systemd expects pings within (`$WATCHDOG_USEC`, for this process per
    /// `$WATCHDOG_PID`), or `nil` when the unit has no watchdog.
    public let watchdogInterval: Duration?
    private let descriptor: Int32

    /// The notifier for this process, or `nil` when systemd did not ask for notifications.
    public convenience init?() { self.init(environment: ProcessInfo.processInfo.environment) }

    /// The notifier for an environment, or `nil` when it has no `NOTIFY_SOCKET`.
    public convenience init?(environment: [String: String]) {
        guard let address = environment["NOTIFY_SOCKET"], !address.isEmpty else { return nil }
        var interval: Duration?
        if let text = environment["WATCHDOG_USEC"], let micros = Int64(text), micros > 0 {
            let pid = environment["WATCHDOG_PID"].flatMap { Int32($0) }
            if pid == nil || pid == getpid() { interval = .microseconds(micros) }
        }
        guard let socket = try? Self.openSocket() else { return nil }
        self.init(address: address, watchdogInterval: interval, descriptor: socket)
    }

    private init(address: String, watchdogInterval: Duration?, descriptor: Int32) {
        self.address = address
        self.watchdogInterval = watchdogInterval
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Sends one notification, e.g. `READY=1` or `STATUS=waiting for the strap`.
    ///
    /// - Throws: `SystemError` when the datagram could not be sent (no listener, a full queue).
    public func send(_ state: String) throws(SystemError) {
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        var path = Array(address.utf8)
        let abstract = path.first == UInt8(ascii: "@")
        if abstract { path[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        guard path.count < capacity else {
            throw SystemError(function: "sendto", number: ENAMETOOLONG, text: "NOTIFY_SOCKET '\(address)' is too long")
        }
        withUnsafeMutableBytes(of: &storage.sun_path) { bytes in
            for (index, byte) in path.enumerated() { bytes[index] = byte }
        }
        // An abstract name is exactly its bytes; a path ends with its NUL.
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + path.count + (abstract ? 0 : 1))
        let message = Array(state.utf8)
        let sent = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                SystemCall.retryingEINTR {
                    sendto(descriptor, message, message.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), address, length)
                }
            }
        }
        guard sent == message.count else { throw SystemError.posix("sendto") }
    }

    private static func openSocket() throws(SystemError) -> Int32 {
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw SystemError.posix("socket") }
        return socket
    }
}

/// Pings systemd's watchdog from the safety loop: ``beat(at:)`` is called every loop turn and sends `WATCHDOG=1`
/// at most once per half interval (systemd's advice), so a loop that stops turning stops the pings and systemd
/// restarts the service within `WatchdogSec`.
public final class WatchdogPinger: Sendable {
    private let notifier: SystemdNotifier
    private let period: Duration
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    /// A pinger for `notifier`'s watchdog, or `nil` when the unit has none.
    public init?(notifier: SystemdNotifier?) {
        guard let notifier, let interval = notifier.watchdogInterval else { return nil }
        self.notifier = notifier
        period = interval / 2
    }

    /// The loop turned at `now`: pings when half an interval has passed since the last ping.
    public func beat(at now: ContinuousClock.Instant = .now) {
        let due = last.withLock { last -> Bool in
            guard last.map({ now - $0 >= period }) ?? true else { return false }
            last = now
            return true
        }
        if due { try? notifier.send("WATCHDOG=1") }
    }
}
