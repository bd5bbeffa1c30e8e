/// Decides whether an advertiser looks like a heart-rate chest strap, and says why.
///
/// A strap counts when any one of these holds (the Heart Rate service UUID is not in every packet — a Polar H10
/// sends its name and manufacturer data without it — so the name and appearance count too):
/// - it lists the Heart Rate service 0x180D;
/// - its name starts with a known strap prefix (``namePrefixes``);
/// - its appearance is a heart-rate sensor (0x0340) or heart-rate belt (0x0341).
public enum StrapClassifier {
    /// Name prefixes of common straps: Polar (`Polar H10 9F6E5322`), Garmin (`HRM-Dual:…`, `HRM-Pro:…`),
    /// Wahoo (`TICKR 1A2B`, `Wahoo HRM…`). Case-sensitive, as the firmware writes them.
    public static let namePrefixes = ["Polar ", "HRM", "TICKR", "Wahoo"]
    /// GAP appearance values of heart-rate sensors: 0x0340 generic, 0x0341 belt (category 13).
    public static let heartRateAppearances: [UInt16] = [0x0340, 0x0341]

    /// The reasons `data` looks like a strap, in the order above; empty when it does not.
    ///
    /// - Parameter data: A device's (merged) advertising data.
    public static func evidence(for data: AdvertisingData) -> [StrapEvidence] {
        var evidence: [StrapEvidence] = []
        if data.serviceUUIDs.contains(.heartRateService) { evidence.append(.heartRateService) }
        if let name = data.localName, let prefix = namePrefixes.first(where: { name.hasPrefix($0) }) {
            evidence.append(.namePrefix(prefix))
        }
        if let appearance = data.appearance, heartRateAppearances.contains(appearance) {
            evidence.append(.appearance(appearance))
        }
        return evidence
    }

    /// Whether `data` looks like a heart-rate strap.
    ///
    /// - Parameter data: A device's (merged) advertising data.
    public static func isHeartRateStrap(_ data: AdvertisingData) -> Bool {
        !evidence(for: data).isEmpty
    }
}

/// One reason an advertiser looks like a heart-rate strap.
public enum StrapEvidence: Sendable, Hashable, CustomStringConvertible {
    /// It lists the Heart Rate service (0x180D).
    case heartRateService
    /// Its name starts with this known prefix.
    case namePrefix(String)
    /// Its appearance is this heart-rate value (0x0340 or 0x0341).
    case appearance(UInt16)

    /// `service 0x180D`, `name 'Polar '`, `appearance 0x0341`.
    public var description: String {
        switch self {
        case .heartRateService: "service 0x180D"
        case .namePrefix(let prefix): "name '\(prefix)'"
        case .appearance(let value): "appearance \(Bytes.hex16(value))"
        }
    }
}
