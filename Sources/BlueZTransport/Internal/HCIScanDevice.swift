/// What ``HCIScanner`` needs from a raw HCI socket bound to one adapter.
///
/// The real one is `HCIDeviceSocket` (hci_lib); tests drive the scanner's sequence with a fake. Each call
/// reports failure as an ``HCIFailure`` (the C call or command, and its errno or controller status); the
/// scanner turns that into a ``CaptureError`` with the remedy.
protocol HCIScanDevice: AnyObject {
    /// Saves the socket's current HCI event filter (`getsockopt(SOL_HCI, HCI_FILTER)`).
    func saveFilter() throws(HCIFailure)
    /// Puts the saved filter back.
    func restoreFilter() throws(HCIFailure)
    /// Lets only HCI event packets with the LE Meta event (0x3E) through.
    func setAdvertisingEventFilter() throws(HCIFailure)
    /// Sends one LE command and waits for its Command Complete; a non-zero status throws.
    func send(_ command: HCICommand) throws(HCIFailure)
    /// Waits up to `timeout` seconds for one event packet, or until `stop` fires.
    func readEvent(timeout: Double, stop: StopSignal) throws(HCIFailure) -> HCIRead
    /// Closes the socket; later calls fail.
    func close()
}

/// The outcome of waiting for an event.
enum HCIRead: Equatable {
    /// One packet as read: H4 type byte 0x04, event code, parameter length, parameters.
    case event([UInt8])
    /// Nothing arrived in time.
    case timedOut
    /// The scan was asked to stop.
    case stopped
}

/// A failed HCI call: which one, and the errno or controller status.
struct HCIFailure: Error, Equatable {
    /// How it failed.
    enum Reason: Equatable {
        /// The C call returned -1 with this errno.
        case system(Int32)
        /// The controller answered with this non-zero status (e.g. 0x0C Command Disallowed).
        case status(UInt8)
    }

    /// The C call (`hci_get_route`, `hci_open_dev`, …) or the HCI command name (`LE Set Scan Enable`).
    var call: String
    /// How it failed.
    var reason: Reason

    init(_ call: String, errno code: Int32) {
        self.call = call
        reason = .system(code)
    }

    init(_ call: String, status: UInt8) {
        self.call = call
        reason = .status(status)
    }

    /// The errno, when a system call failed.
    var errno: Int32? {
        if case .system(let code) = reason { return code }
        return nil
    }

    /// The controller status, when the controller refused.
    var status: UInt8? {
        if case .status(let status) = reason { return status }
        return nil
    }
}

/// The LE controller commands a scan sends (OGF 0x08, `OGF_LE_CTL`), with their parameter bytes.
enum HCICommand: Equatable {
    /// LE Set Scan Parameters (OCF 0x000B, `OCF_LE_SET_SCAN_PARAMETERS`).
    ///
    /// `interval` and `window` are in 0.625 ms units; own address public, accept all advertisers.
    case setScanParameters(active: Bool, interval: UInt16, window: UInt16)
    /// LE Set Scan Enable (OCF 0x000C, `OCF_LE_SET_SCAN_ENABLE`).
    case setScanEnable(Bool, filterDuplicates: Bool)

    /// The LE controller command group (`OGF_LE_CTL`).
    static let leControllerGroup: UInt16 = 0x08

    /// The command within the group.
    var commandField: UInt16 {
        switch self {
        case .setScanParameters: 0x000B
        case .setScanEnable: 0x000C
        }
    }

    /// The 16-bit opcode: OGF in the top 6 bits, OCF in the low 10 (0x200B, 0x200C).
    var opcode: UInt16 { Self.leControllerGroup << 10 | commandField }

    /// The parameter bytes, little-endian:
    /// ```
    /// Set Scan Parameters  type(1: 0 passive, 1 active) interval(2) window(2) own_address_type(1: 0 public)
    ///                      filter_policy(1: 0 accept all)
    /// Set Scan Enable      enable(1) filter_duplicates(1)
    /// ```
    var parameters: [UInt8] {
        switch self {
        case .setScanParameters(let active, let interval, let window):
            [
                active ? 0x01 : 0x00,
                UInt8(truncatingIfNeeded: interval), UInt8(truncatingIfNeeded: interval >> 8),
                UInt8(truncatingIfNeeded: window), UInt8(truncatingIfNeeded: window >> 8),
                0x00, 0x00,
            ]
        case .setScanEnable(let enable, let filterDuplicates):
            [enable ? 0x01 : 0x00, filterDuplicates ? 0x01 : 0x00]
        }
    }

    /// The command's name in the Core specification, for messages.
    var name: String {
        switch self {
        case .setScanParameters: "LE Set Scan Parameters"
        case .setScanEnable(true, _): "LE Set Scan Enable"
        case .setScanEnable(false, _): "LE Set Scan Enable (disable)"
        }
    }
}
