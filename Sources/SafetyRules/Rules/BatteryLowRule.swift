public import RetroWalkCore

/// S3, battery low: a strap (or phone) battery below `s3.battery_percent` (15 %) raises a low "Battery low."
/// once per session; it clears if a later reading is back at or above the level, and is not raised again.
public struct BatteryLowRule: Sendable {
    /// The rule id.
    public static let id = "S3"
    /// The alert's message (phrase key `alarm_s3`).
    public static let message = RuleMessage(rule: id, priority: .low, phrase: "alarm_s3", text: "Battery low.")

    private let threshold: Double
    private var hasRaised = false
    /// Whether the alert is raised.
    public private(set) var isRaised = false

    /// Creates the rule.
    public init(settings: RuleSettings = .defaults) { threshold = settings.s3BatteryPercent }

    /// Takes a battery reading, percent.
    public mutating func receive(batteryPercent percent: Int) -> Alert? {
        if Double(percent) < threshold {
            guard !hasRaised else { return nil }
            hasRaised = true
            isRaised = true
            return Self.message.alert(.raised)
        }
        guard isRaised else { return nil }
        isRaised = false
        return Self.message.alert(.cleared)
    }
}
