/// Where a heart rate sits relative to the walker's zone and ceilings.
///
/// The raw values are the keys of the session summary's `time_in_zones_s`.
public enum ZoneBand: String, Sendable, Hashable, CaseIterable {
    /// Below the training zone.
    case below
    /// In the training zone.
    case zone
    /// Above the zone, below the ceiling (R1 territory).
    case above
    /// At or above the ceiling, below the hard ceiling (R2).
    case ceiling
    /// At or above the hard ceiling (R3).
    case hardCeiling = "hard_ceiling"
    /// No good signal: the heart rate is not known.
    case unknown
}
