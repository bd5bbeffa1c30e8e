/// The one error type of the capture adapters: sockets, adapters, links.
///
/// Messages name what failed, the offending value and the remedy, on one line.
public struct CaptureError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The kernel has no Bluetooth support (`EAFNOSUPPORT`).
        public static let bluetoothUnavailable = Code("bluetoothUnavailable")
        /// The named adapter does not exist.
        public static let adapterNotFound = Code("adapterNotFound")
        /// The address given for a strap is not of the form `AA:BB:CC:DD:EE:FF`.
        public static let invalidAddress = Code("invalidAddress")
        /// Connecting to the strap failed or timed out.
        public static let connectFailed = Code("connectFailed")
        /// The link closed (EOF, reset, supervision timeout).
        public static let linkClosed = Code("linkClosed")
        /// Another socket call failed.
        public static let socketFailed = Code("socketFailed")
        /// The process lacks a capability the call needs (`EPERM`/`EACCES`; LE scanning needs `CAP_NET_RAW`).
        public static let permissionDenied = Code("permissionDenied")
        /// The controller refused a command because something else drives it (status 0x0C Command Disallowed,
        /// `EIO`): usually bluetoothd scanning.
        public static let adapterBusy = Code("adapterBusy")
        /// The adapter is powered off or blocked by rfkill (`ENETDOWN`, `ERFKILL`).
        public static let adapterDown = Code("adapterDown")
        /// An LE scan failed for another reason (timeout, unsupported command).
        public static let scanFailed = Code("scanFailed")
    }

    /// What kind of failure.
    public var code: Code
    /// One line: what failed, the offending value, the remedy.
    public var message: String
    /// The `errno` value, when a system call failed.
    public var errno: Int32?

    /// Creates an error.
    public init(code: Code, message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    public var description: String { message }

    /// Sending or receiving on a link that was closed (or never opened).
    public static let closedLink = CaptureError(code: .linkClosed, message: "The strap link is closed.")
}
