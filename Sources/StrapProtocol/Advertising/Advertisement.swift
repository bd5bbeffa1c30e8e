/// What a scan learned about one device: its reports (advertisements and scan responses) merged.
///
/// Build it with ``AdvertisementMerger``, which keys devices by address and type.
public struct Advertisement: Sendable, Hashable {
    /// The device.
    public var address: LEAddress
    /// The signal strength of the latest report that had one, in dBm.
    public var rssi: Int8?
    /// Everything the device advertised, merged (see ``AdvertisingData/merge(_:)``).
    public var data: AdvertisingData
    /// Whether any advertisement (not a scan response) said the device accepts connections.
    public var isConnectable: Bool
    /// Whether a scan response was received.
    public var hasScanResponse: Bool
    /// How many reports were merged.
    public var reportCount: Int
    /// The latest malformed payload's error; the well-formed structures before it were still merged.
    public var dataError: AdvertisingError?

    /// Starts a device from its first report.
    ///
    /// - Parameter report: The report.
    public init(report: AdvertisingReport) {
        address = report.address
        rssi = nil
        data = AdvertisingData()
        isConnectable = false
        hasScanResponse = false
        reportCount = 0
        dataError = nil
        merge(report)
    }

    /// Adds a later report from the same device.
    ///
    /// - Parameter report: A report with the same ``address``. Never fails: a malformed payload contributes
    ///   its well-formed structures and is noted in ``dataError``.
    public mutating func merge(_ report: AdvertisingReport) {
        let (decoded, error) = AdvertisingData.decodingValidPrefix(report.data)
        data.merge(decoded)
        if let error { dataError = error }
        if let value = report.rssi { rssi = value }
        if report.eventType.isScanResponse {
            hasScanResponse = true
        } else if report.eventType.isConnectable {
            isConnectable = true
        }
        if data.txPowerLevel == nil, let txPower = report.txPower { data.txPowerLevel = txPower }
        reportCount += 1
    }

    /// The advertised name, complete or shortened.
    public var name: String? { data.localName }

    /// Whether the Heart Rate service 0x180D was advertised.
    public var advertisesHeartRateService: Bool { data.serviceUUIDs.contains(.heartRateService) }

    /// Why this device looks like a heart-rate strap (see ``StrapClassifier``); empty when it does not.
    public var strapEvidence: [StrapEvidence] { StrapClassifier.evidence(for: data) }

    /// Whether this device looks like a heart-rate strap.
    public var isHeartRateStrap: Bool { !strapEvidence.isEmpty }
}
