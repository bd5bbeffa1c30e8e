public import StrapProtocol

/// What one ``HCIScanner/scan(seconds:onReport:)`` saw.
public struct ScanResult: Sendable {
    /// The adapter that scanned, `hciN`.
    public var adapterName: String
    /// The devices, one entry per address; ``AdvertisementMerger/ranked(includingAll:)`` lists them.
    public var devices = AdvertisementMerger()
    /// HCI events read.
    public var eventCount = 0
    /// Events that could not be parsed (skipped; details at debug log level).
    public var malformedEventCount = 0
    /// Whether ``HCIScanner/StopHandle/stop()`` ended the scan before its time.
    public var wasStopped = false
    /// Set when scanning could not be disabled at the end: the adapter may still be scanning, and the message
    /// says how to reset it.
    public var stopError: CaptureError?

    /// Creates an empty result.
    ///
    /// - Parameter adapterName: The adapter, `hciN`.
    public init(adapterName: String) {
        self.adapterName = adapterName
    }
}
