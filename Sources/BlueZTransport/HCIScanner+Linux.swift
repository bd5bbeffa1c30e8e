internal import CBlueZ
import Glibc
import POSIXSupport
import Synchronization

// Every BlueZ and HCI socket call of the scanner is in this file; errno is read right after each call and
// becomes an `HCIFailure` naming that call.

/// A raw HCI socket bound to one adapter (`hci_open_dev`), the way `hcitool lescan` uses it.
final class HCIDeviceSocket: HCIScanDevice {
    private var descriptor: Int32
    private var savedFilter = hci_filter()
    /// Milliseconds `hci_send_req` waits for each Command Complete.
    static let commandTimeout: Int32 = 2000

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close() }

    /// Finds the adapter: `hci_devid("hciN")` for a name, else `hci_get_route(NULL)` (the first adapter that
    /// is up).
    ///
    /// - Parameter adapter: `hciN`, or `nil` for the default adapter.
    /// - Returns: The adapter's index (N of hciN).
    static func resolve(adapter: String?) throws(HCIFailure) -> Int32 {
        if let adapter {
            let index = hci_devid(adapter)
            guard index >= 0 else { throw HCIFailure("hci_devid", errno: errno) }
            return index
        }
        let index = hci_get_route(nil)
        guard index >= 0 else { throw HCIFailure("hci_get_route", errno: errno) }
        return index
    }

    /// Opens a raw HCI socket bound to adapter `index`.
    static func open(index: Int32) throws(HCIFailure) -> HCIDeviceSocket {
        let descriptor = hci_open_dev(index)
        guard descriptor >= 0 else { throw HCIFailure("hci_open_dev", errno: errno) }
        return HCIDeviceSocket(descriptor: descriptor)
    }

    func saveFilter() throws(HCIFailure) {
        var length = socklen_t(MemoryLayout<hci_filter>.size)
        guard getsockopt(descriptor, SOL_HCI, HCI_FILTER, &savedFilter, &length) == 0 else {
            throw HCIFailure("getsockopt(SOL_HCI, HCI_FILTER)", errno: errno)
        }
    }

    func restoreFilter() throws(HCIFailure) {
        guard setsockopt(descriptor, SOL_HCI, HCI_FILTER, &savedFilter, socklen_t(MemoryLayout<hci_filter>.size)) == 0
        else { throw HCIFailure("setsockopt(SOL_HCI, HCI_FILTER) restoring the saved filter", errno: errno) }
    }

    func setAdvertisingEventFilter() throws(HCIFailure) {
        var filter = hci_filter()
        hci_filter_clear(&filter)
        hci_filter_set_ptype(HCI_EVENT_PKT, &filter)
        hci_filter_set_event(EVT_LE_META_EVENT, &filter)
        guard setsockopt(descriptor, SOL_HCI, HCI_FILTER, &filter, socklen_t(MemoryLayout<hci_filter>.size)) == 0 else {
            throw HCIFailure("setsockopt(SOL_HCI, HCI_FILTER)", errno: errno)
        }
    }

    /// Sends the command with `hci_send_req` (as `hci_le_set_scan_enable` does) but keeps the controller's
    /// status, which hci_lib's own wrappers replace with `EIO`.
    func send(_ command: HCICommand) throws(HCIFailure) {
        var parameters = command.parameters
        var status: UInt8 = 0xFF
        let result = parameters.withUnsafeMutableBytes { parameterBytes in
            withUnsafeMutablePointer(to: &status) { statusPointer in
                var request = hci_request()
                request.ogf = HCICommand.leControllerGroup
                request.ocf = command.commandField
                request.cparam = parameterBytes.baseAddress
                request.clen = Int32(parameterBytes.count)
                request.rparam = UnsafeMutableRawPointer(statusPointer)
                request.rlen = 1
                return hci_send_req(descriptor, &request, Self.commandTimeout)
            }
        }
        guard result == 0 else { throw HCIFailure(command.name, errno: errno) }
        guard status == 0 else { throw HCIFailure(command.name, status: status) }
    }

    func readEvent(timeout: Double, stop: StopSignal) throws(HCIFailure) -> HCIRead {
        let ready: [Bool]
        do {
            ready = try SystemCall.waitReadable(
                [descriptor, stop.descriptor], timeout: .milliseconds(Int64(max(0, min(timeout, 3600)) * 1000)))
        } catch {
            throw HCIFailure("poll(HCI socket)", errno: error.number)
        }
        if stop.isFired { return .stopped }
        if !ready[0] { return .timedOut }
        var buffer = [UInt8](repeating: 0, count: Int(HCI_MAX_EVENT_SIZE))
        let count = SystemCall.retryingEINTR {
            buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        }
        if count > 0 { return .event(Array(buffer[0..<count])) }
        let code = count == 0 ? ENODEV : errno
        if code == EAGAIN { return .timedOut }
        throw HCIFailure("read(HCI socket)", errno: code)
    }

    func close() {
        if descriptor >= 0 { _ = hci_close_dev(descriptor) }
        descriptor = -1
    }
}

/// Wakes a scan's `poll` from another thread, once.
final class StopSignal: Sendable {
    private let fired = Atomic<Bool>(false)
    private let wake = WakeSignal()

    /// The descriptor to poll for reading; readable once ``fire()`` was called.
    var descriptor: Int32 { wake.descriptor }

    /// Whether ``fire()`` was called.
    var isFired: Bool { fired.load(ordering: .acquiring) }

    /// Asks the scan to stop; safe from any thread, more than once.
    func fire() {
        guard !fired.exchange(true, ordering: .acquiringAndReleasing) else { return }
        wake.notify()
    }
}

/// The sizes of the C structures and constants that cross into Swift, for the interop tests.
enum HCIInterop {
    /// `sizeof(struct hci_filter)`: 16.
    static var filterSize: Int { MemoryLayout<hci_filter>.size }
    /// `sizeof(le_advertising_info)`: 9, the header before each report's data (`LE_ADVERTISING_INFO_SIZE`).
    static var advertisingInfoSize: Int { MemoryLayout<le_advertising_info>.size }
    /// `LE_ADVERTISING_INFO_SIZE`.
    static var advertisingInfoSizeConstant: Int { Int(LE_ADVERTISING_INFO_SIZE) }
    /// `HCI_MAX_EVENT_SIZE`: 260, the read buffer.
    static var maxEventSize: Int { Int(HCI_MAX_EVENT_SIZE) }
    /// `sizeof(struct hci_request)`.
    static var requestSize: Int { MemoryLayout<hci_request>.size }
    /// `OGF_LE_CTL`, `OCF_LE_SET_SCAN_PARAMETERS`, `OCF_LE_SET_SCAN_ENABLE`.
    static var leCommandNumbers: [Int] {
        [Int(OGF_LE_CTL), Int(OCF_LE_SET_SCAN_PARAMETERS), Int(OCF_LE_SET_SCAN_ENABLE)]
    }
    /// `HCI_EVENT_PKT`, `EVT_LE_META_EVENT`, `EVT_LE_ADVERTISING_REPORT`.
    static var eventNumbers: [Int] { [Int(HCI_EVENT_PKT), Int(EVT_LE_META_EVENT), Int(EVT_LE_ADVERTISING_REPORT)] }
}

/// The running binary, resolved (`/proc/self/exe`), for the `setcap` remedy.
func currentExecutablePath() -> String {
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = buffer.withUnsafeMutableBufferPointer { pointer in
        pointer.withMemoryRebound(to: CChar.self) { readlink("/proc/self/exe", $0.baseAddress!, $0.count - 1) }
    }
    guard count > 0 else { return "<path of the retrowalk binary>" }
    return String(decoding: buffer[0..<count], as: UTF8.self)
}
