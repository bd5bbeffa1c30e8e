public import RetroWalkCore

/// HRmax estimate, training zone and the stop levels derived from it (SAFETY.md, "Proposed default rule set",
/// section A, and the notes on variants).
///
/// - HRmax: the clinician's value if given; otherwise Brawner (164 − 0.7 × age) on a β-blocker, Gulati
///   (206 − 0.88 × age) for women, Tanaka (208 − 0.7 × age) for men. The estimate's standard deviation is shown
///   with it: 10 bpm for Tanaka and Gulati, 18 bpm (Brawner's SEE) on a β-blocker, 0 for a clinician's value.
/// - Ceiling (R2) = min(clinician ceiling, `ceiling_fraction_of_max` × HRmax); cardiac-rehab phase I adds
///   min(`phase1_ceiling_bpm`, resting + `phase1_ceiling_above_rest_bpm`).
/// - Hard ceiling (R3) = min(clinician absolute maximum, `hard_ceiling_fraction_of_max` × HRmax). The ceiling
///   never exceeds the hard ceiling.
/// - Training zone from ``Profile/trainingZone`` (HRR, %HRmax or bpm); outpatient rehab users have its upper
///   bound capped at `rehab_first_sessions_upper_hrr` of the heart-rate reserve for their first
///   `rehab_first_sessions` sessions. The zone never reaches above the ceiling.
public struct HeartRateLimits: Sendable, Hashable {
    /// Where the HRmax figure came from.
    public enum Source: String, Sendable, Hashable {
        /// Set by a clinician.
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
    /// Resting heart rate, bpm (from the profile).
    public var restingBPM: Double
    /// Stop level (R2), bpm.
    public var ceilingBPM: Double
    /// Hard stop level (R3), bpm.
    public var hardCeilingBPM: Double
    /// The training zone in bpm, after the rehab cap and the ceiling.
    public var zoneBPM: ClosedRange<Double>
    /// Whether the outpatient-rehab cap lowered the zone's upper bound this session.
    public var isZoneCappedForRehab: Bool

    /// Derives the limits from a profile with the default settings, for a first session.
    public init(profile: Profile) {
        self.init(profile: profile, settings: .defaults, sessionNumber: 1)
    }

    /// Derives the limits from a profile.
    ///
    /// - Parameters:
    ///   - profile: The walker's set-up values.
    ///   - settings: The rule settings (fractions of HRmax, rehab caps).
    ///   - sessionNumber: The walker's session count, starting at 1 (for the outpatient-rehab cap).
    public init(profile: Profile, settings: RuleSettings = .defaults, sessionNumber: Int = 1) {
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
        let resting = Double(profile.restingBPM)
        restingBPM = resting

        var hard = settings.hardCeilingFractionOfMax * maxBPM
        if let absolute = profile.clinicianAbsoluteMaxBPM { hard = min(hard, Double(absolute)) }
        var ceiling = settings.ceilingFractionOfMax * maxBPM
        if let clinicianCeiling = profile.clinicianCeilingBPM { ceiling = min(ceiling, Double(clinicianCeiling)) }
        if profile.rehab == .phaseI {
            ceiling = min(ceiling, settings.phaseICeilingBPM, resting + settings.phaseICeilingAboveRestBPM)
        }
        hardCeilingBPM = hard
        ceilingBPM = min(ceiling, hard)

        let zone = profile.trainingZone.beatsPerMinute(maxBPM: maxBPM, restingBPM: resting)
        var upper = zone.upperBound
        var capped = false
        if profile.rehab == .outpatient, Double(sessionNumber) <= settings.rehabFirstSessions {
            let cap = resting + settings.rehabFirstSessionsUpperHRR * (maxBPM - resting)
            if cap < upper {
                upper = cap
                capped = true
            }
        }
        upper = min(upper, ceilingBPM)
        zoneBPM = min(zone.lowerBound, upper)...upper
        isZoneCappedForRehab = capped
    }

    /// Where a heart rate sits: below, in or above the zone, at the ceiling or at the hard ceiling.
    ///
    /// - Parameter bpm: The display heart rate, or `nil` when there is no good signal.
    /// - Returns: ``ZoneBand/unknown`` for `nil`; otherwise the highest band the rate reaches (the ceilings are
    ///   inclusive, as R2 and R3 are; the zone's upper bound is inclusive, as R1 fires only above it).
    public func band(for bpm: Double?) -> ZoneBand {
        guard let bpm else { return .unknown }
        if bpm >= hardCeilingBPM { return .hardCeiling }
        if bpm >= ceilingBPM { return .ceiling }
        if bpm > zoneBPM.upperBound { return .above }
        if bpm >= zoneBPM.lowerBound { return .zone }
        return .below
    }
}
