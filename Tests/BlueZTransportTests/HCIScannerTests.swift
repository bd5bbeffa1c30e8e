import Glibc
import Logging
import RetroWalkTesting
import StrapProtocol
import Testing

@testable import BlueZTransport

/// Stands in for the raw HCI socket: records every call, answers from a script.
final class FakeHCIDevice: HCIScanDevice {
    var calls: [String] = []
    /// Failures for `send`, consumed in order per command description.
    var sendFailures: [String: [HCIFailure.Reason]] = [:]
    /// Packets `readEvent` returns, then `.stopped` (like Ctrl-C) when they run out.
    var events: [[UInt8]]
    var readFailure: HCIFailure?

    init(events: [[UInt8]] = []) { self.events = events }

    /// The calls without `close` (which the scanner's deinit adds whenever ARC releases it).
    var commands: [String] { calls.filter { $0 != "close" } }

    static func describe(_ command: HCICommand) -> String {
        "send " + String(command.opcode, radix: 16) + " "
            + command.parameters.map { String($0, radix: 16) }.joined(separator: " ")
    }

    func saveFilter() throws(HCIFailure) { calls.append("saveFilter") }
    func restoreFilter() throws(HCIFailure) { calls.append("restoreFilter") }
    func setAdvertisingEventFilter() throws(HCIFailure) { calls.append("setAdvertisingEventFilter") }

    func send(_ command: HCICommand) throws(HCIFailure) {
        let description = Self.describe(command)
        calls.append(description)
        if var failures = sendFailures[description], !failures.isEmpty {
            let reason = failures.removeFirst()
            sendFailures[description] = failures
            switch reason {
            case .system(let code): throw HCIFailure(command.name, errno: code)
            case .status(let status): throw HCIFailure(command.name, status: status)
            }
        }
    }

    func readEvent(timeout: Double, stop: StopSignal) throws(HCIFailure) -> HCIRead {
        calls.append("read")
        if stop.isFired { return .stopped }
        if let readFailure { throw readFailure }
        if events.isEmpty { return .stopped }
        return .event(events.removeFirst())
    }

    func close() { calls.append("close") }
}

@Suite("LE scanner over raw HCI")
struct HCIScannerTests {
    static let disable = "send 200c 0 0"
    static let parameters = "send 200b 1 10 0 10 0 0 0"
    static let enable = "send 200c 1 0"

    func scanner(_ device: FakeHCIDevice, path: String = "/usr/local/bin/retrowalk") -> HCIScanner {
        HCIScanner(device: device, adapterIndex: 0, executablePath: path, logger: Logger(label: "test"))
    }

    @Test(
        "a scan stops any old scan, sets active parameters, enables without duplicate filter, reads every report, then disables and restores the filter"
    )
    func sequence() throws {
        // Given a controller that delivers a multi-report event, a malformed event and an unrelated event
        let device = FakeHCIDevice(events: [
            AdvertisingFixtures.multiReport, [0x04, 0x3E, 0x05, 0x02, 0x01], AdvertisingFixtures.commandComplete,
        ])
        var seen: [String] = []
        // When it scans
        let result = try scanner(device).scan(seconds: 60) { seen.append($0.eventType.description) }
        // Then the commands go out in hcitool's order, with the disable first and last
        #expect(
            device.commands == [
                "saveFilter", Self.disable, Self.parameters, Self.enable, "setAdvertisingEventFilter",
                "read", "read", "read", "read", Self.disable, "restoreFilter",
            ]
        )
        // And every report was parsed and merged; the malformed event was counted and skipped
        #expect(seen == ["ADV_IND", "SCAN_RSP", "ADV_NONCONN_IND"])
        #expect(result.adapterName == "hci0")
        #expect(result.eventCount == 3)
        #expect(result.malformedEventCount == 1)
        #expect(result.devices.advertisements.count == 2)
        #expect(result.devices.ranked().map(\.name) == ["Polar H10 9F6E5322"])
        #expect(result.stopError == nil)
    }

    @Test(
        "a controller that was not scanning refuses the first disable; that is expected",
        arguments: [HCIFailure.Reason.status(0x0C), .system(EIO)]
    )
    func firstDisableTolerated(reason: HCIFailure.Reason) throws {
        let device = FakeHCIDevice()
        device.sendFailures[Self.disable] = [reason]
        let result = try scanner(device).scan(seconds: 60)
        #expect(device.commands.contains(Self.enable))
        #expect(result.devices.advertisements.isEmpty)
    }

    @Test(
        "without CAP_NET_RAW the first command fails with the setcap command for this binary; nothing is left enabled")
    func permissionDenied() {
        let device = FakeHCIDevice()
        device.sendFailures[Self.disable] = [.system(EPERM)]
        let error = #expect(throws: CaptureError.self) {
            try scanner(device, path: "/home/me/retro walk/.build/debug/retrowalk").scan(seconds: 60)
        }
        #expect(error?.code == .permissionDenied)
        #expect(
            error?.message.hasSuffix(
                "sudo setcap 'cap_net_raw,cap_net_admin+eip' '/home/me/retro walk/.build/debug/retrowalk'"
            ) == true
        )
        #expect(device.commands == ["saveFilter", Self.disable, "restoreFilter"])
    }

    @Test(
        "bluetoothd scanning (Command Disallowed on enable) gives the busy remedy; no disable is sent for a scan never started"
    )
    func busy() {
        let device = FakeHCIDevice()
        device.sendFailures[Self.enable] = [.status(0x0C)]
        let error = #expect(throws: CaptureError.self) { try scanner(device).scan(seconds: 60) }
        #expect(error?.code == .adapterBusy)
        #expect(
            error?.message.contains(
                "stop other scans (bluetoothctl scan off) or run 'sudo systemctl stop bluetooth' while scanning")
                == true)
        #expect(device.commands == ["saveFilter", Self.disable, Self.parameters, Self.enable, "restoreFilter"])
    }

    @Test("a read failure still disables scanning and restores the filter")
    func readFailure() {
        let device = FakeHCIDevice()
        device.readFailure = HCIFailure("read(HCI socket)", errno: ENETDOWN)
        let error = #expect(throws: CaptureError.self) { try scanner(device).scan(seconds: 60) }
        #expect(error?.code == .adapterDown)
        #expect(device.commands.suffix(2) == [Self.disable, "restoreFilter"])
    }

    @Test("a final disable that times out is retried, then reported with the scan's results")
    func stopFailure() throws {
        let device = FakeHCIDevice(events: [AdvertisingFixtures.polarH10Advertisement])
        device.sendFailures[Self.disable] = [.status(0x0C), .system(ETIMEDOUT), .system(ETIMEDOUT), .system(ETIMEDOUT)]
        let result = try scanner(device).scan(seconds: 60)
        #expect(result.devices.advertisements.count == 1)
        #expect(result.stopError?.code == .scanFailed)
        #expect(result.stopError?.message.contains("sudo btmgmt --index 0 power off") == true)
        #expect(device.calls.filter { $0 == Self.disable }.count == 4)
    }

    @Test("the stop handle ends the scan at once, and scanning is still disabled")
    func stopHandle() throws {
        let device = FakeHCIDevice(events: [AdvertisingFixtures.polarH10Advertisement])
        let scanner = scanner(device)
        scanner.stopHandle.stop()
        let result = try scanner.scan(seconds: 3600)
        #expect(result.wasStopped)
        #expect(result.eventCount == 0)
        #expect(device.commands.suffix(3) == ["read", Self.disable, "restoreFilter"])
    }

    @Test("a closed scanner says so")
    func closed() {
        let device = FakeHCIDevice()
        let scanner = scanner(device)
        scanner.close()
        scanner.close()
        #expect(device.calls == ["close"])
        let error = #expect(throws: CaptureError.self) { try scanner.scan(seconds: 1) }
        #expect(error?.message.contains("closed") == true)
    }

    @Test(
        "each failure maps to one line with its remedy",
        arguments: [
            (
                HCIFailure("hci_get_route", errno: EAFNOSUPPORT), nil, CaptureError.Code.bluetoothUnavailable,
                "Bluetooth is not available in this kernel (hci_get_route failed: EAFNOSUPPORT (Address family not supported by protocol))."
            ),
            (
                HCIFailure("hci_get_route", errno: ENODEV), nil, .adapterNotFound,
                "No Bluetooth adapter found (hci_get_route failed: ENODEV"
            ),
            (
                HCIFailure("hci_devid", errno: ENODEV), "hci3", .adapterNotFound,
                "Bluetooth adapter 'hci3' was not found (hci_devid failed: ENODEV"
            ),
            (HCIFailure("hci_devid", errno: ENETDOWN), "hci1", .adapterDown, "'sudo btmgmt --index 1 power on'"),
            (
                HCIFailure("LE Set Scan Parameters", errno: EPERM), "hci0", .permissionDenied,
                "(LE Set Scan Parameters failed: EPERM (Operation not permitted)). Grant it to this binary (again after each rebuild): sudo setcap 'cap_net_raw,cap_net_admin+eip' /usr/local/bin/retrowalk"
            ),
            (
                HCIFailure("LE Set Scan Enable", errno: EACCES), "hci0", .permissionDenied,
                "sudo setcap 'cap_net_raw,cap_net_admin+eip' /usr/local/bin/retrowalk"
            ),
            (HCIFailure("LE Set Scan Parameters", errno: EIO), "hci0", .adapterBusy, "bluetoothctl scan off"),
            (
                HCIFailure("LE Set Scan Enable", status: 0x0C), "hci0", .adapterBusy,
                "(LE Set Scan Enable failed: status 0x0C (Command Disallowed)): another program is scanning, usually bluetoothd"
            ),
            (
                HCIFailure("LE Set Scan Parameters", status: 0x01), "hci0", .scanFailed,
                "status 0x01 (Unknown HCI Command)"
            ),
            (HCIFailure("LE Set Scan Enable (disable)", errno: ETIMEDOUT), "hci0", .scanFailed, "did not answer"),
            (HCIFailure("LE Set Scan Enable", errno: ERFKILL), "hci0", .adapterDown, "rfkill unblock bluetooth"),
            (
                HCIFailure("read(HCI socket)", errno: EBADF), "hci0", .scanFailed,
                "Scanning on 'hci0' failed (read(HCI socket) failed: EBADF"
            ),
        ] as [(HCIFailure, String?, CaptureError.Code, String)]
    )
    func errorMapping(failure: HCIFailure, adapter: String?, code: CaptureError.Code, phrase: String) {
        let error = HCIScanner.captureError(
            for: failure,
            adapter: adapter,
            index: adapter == "hci0" ? 0 : nil,
            executablePath: "/usr/local/bin/retrowalk"
        )
        #expect(error.code == code)
        #expect(error.message.contains(phrase), "\(error.message)")
        #expect(!error.message.contains("\n"))
    }

    @Test(
        "the setcap command quotes the path only when the shell needs it",
        arguments: [
            (
                "/work/main/.build/debug/retrowalk",
                "sudo setcap 'cap_net_raw,cap_net_admin+eip' /work/main/.build/debug/retrowalk"
            ),
            ("/home/me/my code/retrowalk", "sudo setcap 'cap_net_raw,cap_net_admin+eip' '/home/me/my code/retrowalk'"),
            ("/tmp/it's/retrowalk", #"sudo setcap 'cap_net_raw,cap_net_admin+eip' '/tmp/it'\''s/retrowalk'"#),
        ]
    )
    func setcapCommand(path: String, expected: String) {
        #expect(CaptureError.setcapCommand(forExecutable: path) == expected)
    }

    @Test("the running binary's path comes from /proc/self/exe")
    func executablePath() {
        let path = currentExecutablePath()
        #expect(path.hasPrefix("/"))
        #expect(!path.contains("\n"))
    }

    @Test("LE commands encode as in a captured scan (0b 20 07 01 e0 01 30 00 00 00)")
    func commandBytes() {
        let parameters = HCICommand.setScanParameters(active: true, interval: 0x01E0, window: 0x0030)
        let packet =
            [UInt8(parameters.opcode & 0xFF), UInt8(parameters.opcode >> 8), UInt8(parameters.parameters.count)]
            + parameters.parameters
        #expect(packet == [0x0B, 0x20, 0x07, 0x01, 0xE0, 0x01, 0x30, 0x00, 0x00, 0x00])
        #expect(HCICommand.setScanEnable(true, filterDuplicates: true).parameters == [0x01, 0x01])
        #expect(HCICommand.setScanEnable(false, filterDuplicates: false).opcode == 0x200C)
    }

    @Test("C structures and constants crossing the boundary have the sizes of BLE.md §4")
    func interopLayout() {
        #expect(HCIInterop.filterSize == 16)
        #expect(HCIInterop.advertisingInfoSize == 9)
        #expect(HCIInterop.advertisingInfoSizeConstant == AdvertisingReport.legacyReportHeaderLength)
        #expect(HCIInterop.maxEventSize == 260)
        #expect(HCIInterop.requestSize == 40)
        #expect(
            HCIInterop.leCommandNumbers
                == [
                    Int(HCICommand.leControllerGroup),
                    Int(HCICommand.setScanParameters(active: true, interval: 0, window: 0).commandField),
                    Int(HCICommand.setScanEnable(true, filterDuplicates: false).commandField),
                ]
        )
        #expect(
            HCIInterop.eventNumbers
                == [
                    Int(AdvertisingReport.eventPacketType), Int(AdvertisingReport.leMetaEventCode),
                    Int(AdvertisingReport.advertisingReportSubevent),
                ]
        )
    }

    @Test("an advertiser's address converts to a strap address with its type")
    func addressConversion() {
        let address = BluetoothAddress(LEAddress(bytes: [0xF6, 0x4D, 0x73, 0x53, 0x49, 0x6E], type: .random))
        #expect(address.description == "F6:4D:73:53:49:6E")
        #expect(address.type == .random)
    }

    @Test(
        "on a kernel without Bluetooth, opening the scanner fails at once with one clear line",
        arguments: [nil, "hci0"])
    func noBluetoothInKernel(adapter: String?) {
        do {
            let scanner = try HCIScanner(adapter: adapter, logger: Logger(label: "test"))
            scanner.close()
            // A machine with an adapter gets this far; scanning itself is hardware territory.
        } catch let error as CaptureError {
            if error.code == .bluetoothUnavailable {
                #expect(error.message.hasPrefix("Bluetooth is not available in this kernel ("))
                #expect(error.message.contains("EAFNOSUPPORT"))
                #expect(error.message.contains("retrowalk walk --simulate"))
                #expect(!error.message.contains("\n"))
            } else {
                #expect([.adapterNotFound, .adapterDown, .permissionDenied].contains(error.code))
            }
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
