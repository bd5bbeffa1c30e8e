public import RetroWalkCore

/// What the session knows at a moment that the coach's cues depend on; the runner builds it every tick.
public struct CoachStatus: Sendable, Hashable {
    /// The display heart rate, bpm, when there is a reading.
    public var heartRateBPM: Double?
    /// Where that heart rate is against the training zone, when known.
    public var zone: ZoneBand?
    /// Whether an alarm is sounding: the look-behind and the periodic heart-rate cues keep quiet.
    public var alarmActive: Bool

    /// Creates a status.
    public init(heartRateBPM: Double? = nil, zone: ZoneBand? = nil, alarmActive: Bool = false) {
        self.heartRateBPM = heartRateBPM
        self.zone = zone
        self.alarmActive = alarmActive
    }
}

extension ZoneBand {
    /// The clip and the text that say it.
    var spoken: (phrase: String, text: String) {
        switch self {
        case .below: ("below_zone", "Below zone.")
        case .zone: ("in_zone", "In zone.")
        case .above: ("above_zone", "Above zone.")
        case .ceiling, .hardCeiling: ("above_limit", "Above your limit.")
        case .unknown: ("heart_rate_unknown", "Heart rate unknown.")
        }
    }
}
