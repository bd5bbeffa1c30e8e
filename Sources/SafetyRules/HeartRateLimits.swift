public import RetroWalkCore

/// HRmax estimate and the stop levels derived from it (SAFETY.md, section A).
public struct HeartRateLimits: Sendable, Hashable {
    /// Where the HRmax figure came from.
    public enum Source: String, Sendable, Hashable {
        case clinician
        /// 208 − 0.7 × age (Tanaka 2001), men.
        case tanaka
        /// 206 − 0.88 × age (Gulati 2010), women.
        case gulati
        /// 164 − 0.7 × age (Brawner 2004), on β-blockers.
        case brawner
    }

    /// Estimated (or clinician-set) maximum heart rate, bpm.
    public var maxBPM: Double
    /// Where `maxBPM` came from.
    public var source: Source
    /// The estimate's standard deviation in bpm (0 for a clinician value); shown to the user.
    public var uncertaintyBPM: Double
    /// Stop level: min(clinician limit, 85 % HRmax).
    public var ceilingBPM: Double
    /// Hard stop level: min(clinician absolute maximum, 95 % HRmax).
    public var hardCeilingBPM: Double

    /// Derives the limits from a profile.
    public init(profile: Profile) {
        let age = Double(profile.age)
        if let clinician = profile.clinicianMaxBPM {
            (maxBPM, source, uncertaintyBPM) = (Double(clinician), .clinician, 0)
        } else if profile.betaBlocker {
            (maxBPM, source, uncertaintyBPM) = (164 - 0.7 * age, .brawner, 18)
        } else if profile.sex == .female {
            (maxBPM, source, uncertaintyBPM) = (206 - 0.88 * age, .gulati, 10)
        } else {
            (maxBPM, source, uncertaintyBPM) = (208 - 0.7 * age, .tanaka, 10)
        }
        ceilingBPM = 0.85 * maxBPM
        hardCeilingBPM = 0.95 * maxBPM
        if let absolute = profile.clinicianAbsoluteMaxBPM {
            hardCeilingBPM = min(hardCeilingBPM, Double(absolute))
            ceilingBPM = min(ceilingBPM, hardCeilingBPM)
        }
    }
}
