import Glibc

extension HCIScanner {
    /// HCI status 0x0C, Command Disallowed: the controller is in a state that forbids the command (already
    /// scanning, or driven with the extended LE commands by bluetoothd or the kernel).
    static let commandDisallowed: UInt8 = 0x0C

    /// Turns a failed HCI call into the one-line error the user sees: what failed, the value, the remedy.
    ///
    /// - Parameters:
    ///   - failure: The call and its errno or controller status.
    ///   - adapter: `hciN` as given or resolved, `nil` for "the default adapter" before one was found.
    ///   - index: The adapter's index, when known (for `btmgmt --index N`).
    ///   - executablePath: The running binary, for the `setcap` remedy.
    static func captureError(
        for failure: HCIFailure,
        adapter: String?,
        index: Int32?,
        executablePath: String
    ) -> CaptureError {
        let what = "\(failure.call) failed: \(describe(failure.reason))"
        let name = adapter.map { "'\($0)'" } ?? "the default adapter"
        let adapterIndex = index ?? adapter.flatMap { $0.hasPrefix("hci") ? Int32($0.dropFirst(3)) : nil }
        let btmgmt = adapterIndex.map { "sudo btmgmt --index \($0)" } ?? "sudo btmgmt"
        let busy = CaptureError(
            code: .adapterBusy,
            message: "Bluetooth adapter \(name) refused to scan (\(what)): another program is scanning, usually "
                + "bluetoothd; stop other scans (bluetoothctl scan off) or run 'sudo systemctl stop bluetooth' "
                + "while scanning.",
            errno: failure.errno
        )
        if let status = failure.status {
            if status == commandDisallowed { return busy }
            return CaptureError(
                code: .scanFailed,
                message: "Bluetooth adapter \(name) refused to scan (\(what)); it may not support Bluetooth LE "
                    + "(Bluetooth 4.0 or later is needed). Try another adapter with --adapter."
            )
        }
        let code = failure.errno ?? 0
        switch code {
        case EAFNOSUPPORT, EPROTONOSUPPORT:
            return .bluetoothUnavailable(call: failure.call, errno: code)
        case EPERM, EACCES:
            return .scanPermissionDenied(
                adapter: adapter ?? "the default adapter",
                call: failure.call,
                errno: code,
                executablePath: executablePath
            )
        case EIO:
            return busy
        case ENETDOWN:
            return CaptureError(
                code: .adapterDown,
                message: "Bluetooth adapter \(name) is down (\(what)). Power it on with 'bluetoothctl power on' "
                    + "or '\(btmgmt) power on' (and 'rfkill unblock bluetooth' if 'rfkill list' shows it blocked), "
                    + "then scan again.",
                errno: code
            )
        case ERFKILL:
            return CaptureError(
                code: .adapterDown,
                message: "Bluetooth adapter \(name) is blocked by rfkill (\(what)). Run 'rfkill unblock bluetooth', "
                    + "then scan again.",
                errno: code
            )
        case ETIMEDOUT:
            return CaptureError(
                code: .scanFailed,
                message: "Bluetooth adapter \(name) did not answer (\(what)). Reset it with '\(btmgmt) power off' "
                    + "and '\(btmgmt) power on', then scan again.",
                errno: code
            )
        case ENODEV where adapter == nil:
            return CaptureError(
                code: .adapterNotFound,
                message: "No Bluetooth adapter found (\(what)). Plug one in or power it on ('bluetoothctl power on'; "
                    + "'ls /sys/class/bluetooth' lists adapters, 'rfkill list' shows blocks), then scan again.",
                errno: code
            )
        case ENODEV:
            return CaptureError(
                code: .adapterNotFound,
                message: "Bluetooth adapter \(name) was not found (\(what)). Run 'hciconfig' or 'btmgmt info' "
                    + "to list adapters, and pass one with --adapter.",
                errno: code
            )
        default:
            return CaptureError(
                code: .scanFailed,
                message: "Scanning on \(name) failed (\(what)). Check the adapter with 'btmgmt info' and 'dmesg', "
                    + "then scan again.",
                errno: code
            )
        }
    }

    /// `EPERM (Operation not permitted)` or `status 0x0C (Command Disallowed)`.
    static func describe(_ reason: HCIFailure.Reason) -> String {
        switch reason {
        case .system(let code):
            return SeqPacketSocket.errorName(code)
        case .status(let status):
            let names: [UInt8: String] = [
                0x01: "Unknown HCI Command", 0x03: "Hardware Failure", 0x0C: "Command Disallowed",
                0x0D: "Connection Rejected due to Limited Resources", 0x11: "Unsupported Feature or Parameter Value",
                0x12: "Invalid HCI Command Parameters", 0x1F: "Unspecified Error", 0x3A: "Controller Busy",
            ]
            let hex = String(status, radix: 16, uppercase: true)
            return "status 0x" + (hex.count == 1 ? "0" : "") + hex + " (\(names[status] ?? "error"))"
        }
    }
}
