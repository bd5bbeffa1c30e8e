/// Joins a scan's reports into one ``Advertisement`` per device.
///
/// A device is its address and address type. Its advertisement (ADV_IND) and scan response (SCAN_RSP) arrive as
/// separate reports — the name often only in the scan response — and repeat for as long as the scan runs; each
/// report is merged into the device's entry, and the latest RSSI is kept.
public struct AdvertisementMerger: Sendable {
    /// The devices in the order they were first seen.
    public private(set) var advertisements: [Advertisement] = []
    private var positions: [LEAddress: Int] = [:]

    /// Creates an empty merger.
    public init() {}

    /// Adds one report.
    ///
    /// - Parameter report: A report from the scan.
    public mutating func add(_ report: AdvertisingReport) {
        if let position = positions[report.address] {
            advertisements[position].merge(report)
        } else {
            positions[report.address] = advertisements.count
            advertisements.append(Advertisement(report: report))
        }
    }

    /// Adds reports in order.
    ///
    /// - Parameter reports: Reports from the scan.
    public mutating func add(contentsOf reports: some Sequence<AdvertisingReport>) {
        for report in reports { add(report) }
    }

    /// The device with this address, if it was seen.
    public subscript(address: LEAddress) -> Advertisement? {
        positions[address].map { advertisements[$0] }
    }

    /// The devices as a scan lists them: heart-rate straps first, then (with `includingAll`) every other device;
    /// within each group the strongest signal first (unknown RSSI last), then by address.
    ///
    /// The order is deterministic, so a list's numbers can be used to pick a device.
    ///
    /// - Parameter includingAll: Whether to list devices that do not look like straps.
    /// - Returns: The devices in listing order.
    public func ranked(includingAll: Bool = false) -> [Advertisement] {
        func ordered(_ devices: [Advertisement]) -> [Advertisement] {
            devices.sorted { left, right in
                let leftLevel = Int(left.rssi ?? -128)
                let rightLevel = Int(right.rssi ?? -128)
                if leftLevel != rightLevel { return leftLevel > rightLevel }
                return (left.address.description, left.address.type.rawValue)
                    < (right.address.description, right.address.type.rawValue)
            }
        }
        let straps = ordered(advertisements.filter(\.isHeartRateStrap))
        guard includingAll else { return straps }
        return straps + ordered(advertisements.filter { !$0.isHeartRateStrap })
    }
}
