import Glibc
public import Logging
public import StrapProtocol

/// An active Bluetooth LE scan on one adapter, over a raw HCI socket (the way `hcitool lescan` does it).
///
/// ``init(adapter:logger:)`` finds and opens the adapter; ``scan(seconds:onReport:)`` runs one scan:
/// 1. save the socket's HCI filter;
/// 2. LE Set Scan Enable 0 first: a scan left running would make the next commands fail; a controller that is
///    not scanning answers Command Disallowed (0x0C), which is ignored here;
/// 3. LE Set Scan Parameters: active (scan requests bring the scan responses that carry names), interval and
///    window 0x0010 (10 ms, continuous), own address public, accept all — as `hcitool lescan`;
/// 4. LE Set Scan Enable 1 with duplicate filtering **off**, so that RSSI stays current;
/// 5. a filter for HCI event packets with the LE Meta event only, then read events with `poll` until the time is
///    up or ``StopHandle/stop()`` is called; every report of every event is parsed by ``AdvertisingReport`` and merged;
/// 6. LE Set Scan Enable 0 (also after an error), restore the saved filter.
///
/// Raw HCI needs `CAP_NET_RAW`: without it the kernel refuses LE commands with `EPERM`, and the error carries
/// the `setcap` command for this binary.
///
/// The scanner owns the socket and is used from one thread; ``stopHandle`` ends a scan from any other.
public final class HCIScanner {
    /// The adapter, `hciN`.
    public let adapterName: String
    private let adapterIndex: Int32
    private var device: (any HCIScanDevice)?
    private let stopSignal = StopSignal()
    private let executablePath: String
    private let logger: Logger

    /// Scan interval and window in 0.625 ms units (`hcitool lescan`'s 0x0010 = 10 ms, scanning continuously).
    static let interval: UInt16 = 0x0010
    /// See ``interval``.
    static let window: UInt16 = 0x0010

    /// Finds the adapter and opens a raw HCI socket on it.
    ///
    /// - Parameters:
    ///   - adapter: `hciN`, or `nil` for the default adapter (`hci_get_route`: the first one that is up).
    ///   - logger: Receives debug messages about the commands and skipped events.
    /// - Throws: ``CaptureError``: `bluetoothUnavailable` when the kernel has no Bluetooth (`EAFNOSUPPORT`),
    ///   `adapterNotFound`, `adapterDown`, or another code naming the call that failed; each message is one line
    ///   with the remedy.
    public convenience init(adapter: String?, logger: Logger) throws {
        let index: Int32
        let socket: HCIDeviceSocket
        do {
            index = try HCIDeviceSocket.resolve(adapter: adapter)
            socket = try HCIDeviceSocket.open(index: index)
        } catch {
            throw Self.captureError(for: error, adapter: adapter, index: nil, executablePath: currentExecutablePath())
        }
        self.init(
            device: socket,
            adapterIndex: index,
            executablePath: currentExecutablePath(),
            logger: logger
        )
    }

    /// Creates a scanner over any device (tests pass a fake).
    init(device: any HCIScanDevice, adapterIndex: Int32, executablePath: String, logger: Logger) {
        self.device = device
        self.adapterIndex = adapterIndex
        self.adapterName = "hci\(adapterIndex)"
        self.executablePath = executablePath
        self.logger = logger
    }

    deinit { close() }

    /// Scans for `seconds`, or until ``StopHandle/stop()``.
    ///
    /// - Parameters:
    ///   - seconds: How long to scan.
    ///   - onReport: Called with each report as it arrives, on the calling thread.
    /// - Returns: The devices seen, merged per address, and counts. A failure to stop the scan at the end does
    ///   not throw: the devices are returned and ``ScanResult/stopError`` says what to do.
    /// - Throws: ``CaptureError`` with the remedy: `permissionDenied` (the message holds the `setcap` command),
    ///   `adapterBusy` (another scan, usually bluetoothd's), `adapterDown`, `scanFailed`.
    public func scan(seconds: Double, onReport: (AdvertisingReport) -> Void = { _ in }) throws -> ScanResult {
        guard let device else {
            throw CaptureError(
                code: .scanFailed,
                message: "The scanner on '\(adapterName)' is closed. Create a new HCIScanner to scan again."
            )
        }
        return try run(on: device, seconds: seconds, onReport: onReport)
    }

    /// Ends this scanner's scans early from any thread, e.g. a SIGINT handler's queue.
    public var stopHandle: StopHandle { StopHandle(signal: stopSignal) }

    /// Closes the HCI socket. Safe to call more than once.
    public func close() {
        device?.close()
        device = nil
    }

    private func run(
        on device: any HCIScanDevice,
        seconds: Double,
        onReport: (AdvertisingReport) -> Void
    ) throws(CaptureError) -> ScanResult {
        do {
            try device.saveFilter()
        } catch {
            throw captureError(for: error)
        }
        defer {
            do {
                try device.restoreFilter()
            } catch {
                logger.debug("HCI filter not restored", metadata: ["hci.error": "\(error.call): \(error.reason)"])
            }
        }

        // A controller that is not scanning refuses to stop with Command Disallowed; that is the expected answer.
        do {
            try device.send(.setScanEnable(false, filterDuplicates: false))
        } catch  where error.status == Self.commandDisallowed || error.errno == EIO {
            logger.debug("Scan was not running", metadata: ["hci.adapter": "\(adapterName)"])
        } catch {
            throw captureError(for: error)
        }
        do {
            try device.send(.setScanParameters(active: true, interval: Self.interval, window: Self.window))
            try device.send(.setScanEnable(true, filterDuplicates: false))
        } catch {
            throw captureError(for: error)
        }
        logger.debug("Scan started", metadata: ["hci.adapter": "\(adapterName)", "scan.seconds": "\(seconds)"])

        var result = ScanResult(adapterName: adapterName)
        var readFailure: CaptureError?
        do {
            try device.setAdvertisingEventFilter()
            try readEvents(from: device, seconds: seconds, into: &result, onReport: onReport)
        } catch {
            readFailure = captureError(for: error)
        }
        result.stopError = disableScan(on: device)
        if let readFailure { throw readFailure }
        return result
    }

    private func readEvents(
        from device: any HCIScanDevice,
        seconds: Double,
        into result: inout ScanResult,
        onReport: (AdvertisingReport) -> Void
    ) throws(HCIFailure) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(max(0, seconds)))
        while true {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { break }
            let timeout = Double(remaining.components.seconds) + Double(remaining.components.attoseconds) / 1e18
            switch try device.readEvent(timeout: timeout, stop: stopSignal) {
            case .stopped:
                result.wasStopped = true
                return
            case .timedOut:
                continue
            case .event(let packet):
                result.eventCount += 1
                do {
                    let reports = try AdvertisingReport.reports(inPacket: packet)
                    for report in reports {
                        result.devices.add(report)
                        onReport(report)
                    }
                } catch {
                    result.malformedEventCount += 1
                    logger.debug(
                        "Malformed HCI event skipped",
                        metadata: ["hci.error": "\(error)", "hci.length": "\(packet.count)"]
                    )
                }
            }
        }
    }

    /// Stops scanning. `hci_send_req` gives up after ten unrelated events, which a busy air can produce while the
    /// Command Complete is on its way, so a timeout is retried.
    private func disableScan(on device: any HCIScanDevice) -> CaptureError? {
        var lastError: HCIFailure?
        for _ in 0..<3 {
            do {
                try device.send(.setScanEnable(false, filterDuplicates: false))
                return nil
            } catch {
                lastError = error
                if error.errno != ETIMEDOUT { break }
            }
        }
        return lastError.map { captureError(for: $0) }
    }

    private func captureError(for failure: HCIFailure) -> CaptureError {
        Self.captureError(for: failure, adapter: adapterName, index: adapterIndex, executablePath: executablePath)
    }
}

@available(*, unavailable)
extension HCIScanner: Sendable {}

extension HCIScanner {
    /// Ends a running scan early: the scan still disables scanning and returns what it saw; a scan started later
    /// ends at once. Sendable, so a signal handler on another queue can hold it.
    public struct StopHandle: Sendable {
        let signal: StopSignal

        /// Asks the scan to stop; safe from any thread, more than once.
        public func stop() { signal.fire() }
    }
}
