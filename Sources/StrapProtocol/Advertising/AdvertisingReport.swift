/// One advertising report from the controller: who advertised, how, how loud, and what.
///
/// Reports come in HCI LE Meta events (see ``reports(inPacket:)``): the legacy LE Advertising Report (subevent
/// 0x02) or the LE Extended Advertising Report (subevent 0x0D). A device in active scanning usually produces two
/// kinds: its advertisement (``AdvertisingEventType/advInd``) and, on request, a scan response
/// (``AdvertisingEventType/scanResponse``) that often carries the name; ``AdvertisementMerger`` joins them.
public struct AdvertisingReport: Sendable, Hashable {
    /// The advertiser.
    public var address: LEAddress
    /// What kind of advertising PDU this was.
    public var eventType: AdvertisingEventType
    /// Received signal strength in dBm, or `nil` when the controller had none (127).
    public var rssi: Int8?
    /// The raw advertising data (AD structures), as sent.
    public var data: [UInt8]
    /// The TX power the advertiser reported in an extended report, in dBm (`nil` when absent or legacy).
    public var txPower: Int8?
    /// `false` when an extended report's data is a fragment (more follows, or the controller truncated it).
    public var isDataComplete: Bool

    /// Creates a report.
    ///
    /// - Parameters:
    ///   - address: The advertiser.
    ///   - eventType: The kind of advertising PDU.
    ///   - rssi: Signal strength in dBm, or `nil` when unknown.
    ///   - data: The advertising data.
    ///   - txPower: The advertiser's TX power in dBm, from extended reports.
    ///   - isDataComplete: Whether `data` is the whole payload.
    public init(
        address: LEAddress,
        eventType: AdvertisingEventType,
        rssi: Int8?,
        data: [UInt8],
        txPower: Int8? = nil,
        isDataComplete: Bool = true
    ) {
        self.address = address
        self.eventType = eventType
        self.rssi = rssi
        self.data = data
        self.txPower = txPower
        self.isDataComplete = isDataComplete
    }

    /// The payload decoded as far as it is well formed (see ``AdvertisingData/decodingValidPrefix(_:)``).
    public var advertisingData: AdvertisingData { AdvertisingData.decodingValidPrefix(data).data }
}

/// The kind of advertising PDU a report describes, as the properties of the extended event type.
///
/// Legacy reports (0x00–0x04) map onto the same properties: ADV_IND is connectable and scannable,
/// ADV_DIRECT_IND connectable and directed, ADV_SCAN_IND scannable, ADV_NONCONN_IND none of them, SCAN_RSP a
/// scan response.
public struct AdvertisingEventType: Sendable, Hashable, CustomStringConvertible {
    /// The advertiser accepts connections.
    public var isConnectable: Bool
    /// The advertiser answers scan requests.
    public var isScannable: Bool
    /// The advertisement is directed at one scanner.
    public var isDirected: Bool
    /// This is a scan response, not an advertisement.
    public var isScanResponse: Bool
    /// A legacy (Bluetooth 4.x) advertising PDU.
    public var isLegacy: Bool

    /// Creates an event type from its properties.
    public init(
        isConnectable: Bool,
        isScannable: Bool,
        isDirected: Bool = false,
        isScanResponse: Bool = false,
        isLegacy: Bool = true
    ) {
        self.isConnectable = isConnectable
        self.isScannable = isScannable
        self.isDirected = isDirected
        self.isScanResponse = isScanResponse
        self.isLegacy = isLegacy
    }

    /// ADV_IND (0x00): connectable, scannable, undirected; what a strap waiting for a phone sends.
    public static let advInd = AdvertisingEventType(isConnectable: true, isScannable: true)
    /// ADV_DIRECT_IND (0x01): connectable, directed.
    public static let advDirectInd = AdvertisingEventType(isConnectable: true, isScannable: false, isDirected: true)
    /// ADV_SCAN_IND (0x02): scannable, not connectable.
    public static let advScanInd = AdvertisingEventType(isConnectable: false, isScannable: true)
    /// ADV_NONCONN_IND (0x03): neither connectable nor scannable (beacons).
    public static let advNonconnInd = AdvertisingEventType(isConnectable: false, isScannable: false)
    /// SCAN_RSP (0x04): the answer to our scan request.
    public static let scanResponse = AdvertisingEventType(isConnectable: false, isScannable: true, isScanResponse: true)

    /// The type for a legacy report's `Event_Type`, or `nil` when it is not 0x00–0x04.
    ///
    /// - Parameter legacyValue: The `Event_Type` byte of an LE Advertising Report.
    public init?(legacyValue: UInt8) {
        switch legacyValue {
        case 0x00: self = .advInd
        case 0x01: self = .advDirectInd
        case 0x02: self = .advScanInd
        case 0x03: self = .advNonconnInd
        case 0x04: self = .scanResponse
        default: return nil
        }
    }

    /// The type for an extended report's `Event_Type` bits: 0 connectable, 1 scannable, 2 directed,
    /// 3 scan response, 4 legacy (bits 5–6, the data status, are read separately).
    ///
    /// - Parameter extendedValue: The 16-bit `Event_Type` of an LE Extended Advertising Report.
    public init(extendedValue: UInt16) {
        self.init(
            isConnectable: extendedValue & 0x01 != 0,
            isScannable: extendedValue & 0x02 != 0,
            isDirected: extendedValue & 0x04 != 0,
            isScanResponse: extendedValue & 0x08 != 0,
            isLegacy: extendedValue & 0x10 != 0
        )
    }

    /// `ADV_IND`, `SCAN_RSP`, … for legacy PDUs; the properties for extended ones, e.g.
    /// `extended(connectable, scannable)`.
    public var description: String {
        if isLegacy {
            if isScanResponse { return "SCAN_RSP" }
            switch (isConnectable, isScannable, isDirected) {
            case (true, true, false): return "ADV_IND"
            case (true, false, true): return "ADV_DIRECT_IND"
            case (false, true, false): return "ADV_SCAN_IND"
            case (false, false, false): return "ADV_NONCONN_IND"
            default: break
            }
        }
        var parts: [String] = []
        if isConnectable { parts.append("connectable") }
        if isScannable { parts.append("scannable") }
        if isDirected { parts.append("directed") }
        if isScanResponse { parts.append("scan response") }
        return "extended(" + parts.joined(separator: ", ") + ")"
    }
}
