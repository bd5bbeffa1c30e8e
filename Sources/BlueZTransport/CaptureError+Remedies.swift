/// Builders for the messages several adapters share, so that the same failure reads the same everywhere.
extension CaptureError {
    /// The kernel (or container) has no Bluetooth: `socket(AF_BLUETOOTH)`, `hci_get_route` and friends fail with
    /// `EAFNOSUPPORT`.
    ///
    /// - Parameters:
    ///   - call: The C call that failed, e.g. `socket(AF_BLUETOOTH)` or `hci_get_route`.
    ///   - code: Its errno.
    static func bluetoothUnavailable(call: String, errno code: Int32) -> CaptureError {
        CaptureError(
            code: .bluetoothUnavailable,
            message:
                "Bluetooth is not available in this kernel (\(call) failed: \(SeqPacketSocket.errorName(code))). "
                + "Run retrowalk on a machine with Bluetooth (Raspberry Pi, laptop; check that "
                + "'ls /sys/class/bluetooth' lists an adapter), or try 'retrowalk walk --simulate'.",
            errno: code
        )
    }

    /// The command that grants a binary the capabilities raw HCI needs:
    /// `sudo setcap 'cap_net_raw,cap_net_admin+eip' <path>`, the path quoted for the shell when it needs it.
    ///
    /// - Parameter path: The binary, resolved (not a symlink, not `swift run`).
    public static func setcapCommand(forExecutable path: String) -> String {
        "sudo setcap 'cap_net_raw,cap_net_admin+eip' " + shellQuoted(path)
    }

    /// Scanning was refused for lack of `CAP_NET_RAW` (`EPERM`/`EACCES` on an LE command).
    ///
    /// - Parameters:
    ///   - adapter: `hciN`.
    ///   - call: The command or C call that failed.
    ///   - code: Its errno.
    ///   - executablePath: The running binary (from `/proc/self/exe`).
    static func scanPermissionDenied(
        adapter: String,
        call: String,
        errno code: Int32,
        executablePath: String
    ) -> CaptureError {
        CaptureError(
            code: .permissionDenied,
            message:
                "Scanning on '\(adapter)' needs the CAP_NET_RAW capability (\(call) failed: "
                + "\(SeqPacketSocket.errorName(code))). Grant it to this binary (again after each rebuild): "
                + setcapCommand(forExecutable: executablePath),
            errno: code
        )
    }

    /// `text` as one shell word: unchanged when it is plain, otherwise in single quotes.
    static func shellQuoted(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", "/", ".", "_", "-", "+", ",", ":", "@", "%", "=": true
                default: false
                }
            }
        if plain { return text }
        return "'" + text.replacingAll("'", with: "'\\''") + "'"
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation).
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
