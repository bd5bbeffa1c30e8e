/// The walker's set-up values (SAFETY.md, "Proposed default rule set", section A).
///
/// The shipped defaults live in `config/profile.yaml`; the user's copy overrides them field by field.
public struct Profile: Sendable, Hashable {
    /// Sex, for the HRmax equation.
    public enum Sex: String, Sendable, Hashable, CaseIterable {
        case male
        case female
    }

    /// Cardiac-rehabilitation stage, which changes the ceilings (SAFETY.md, C, "Our notes on the rules").
    public enum Rehab: String, Sendable, Hashable, CaseIterable {
        /// Not in a rehabilitation programme.
        case none
        /// Inpatient or early rehab (phase I): ceiling = min(130 bpm, resting + 30 bpm).
        case phaseI = "phase_1"
        /// Outpatient rehab (phase II and later): the training zone's upper limit is capped at 50 % HRR for the
        /// first two sessions.
        case outpatient
    }

    /// Age in years.
    public var age: Int
    /// Sex.
    public var sex: Sex
    /// Body mass in kilograms, when known (energy estimates).
    public var massKilograms: Double?
    /// Resting heart rate in bpm, measured or configured.
    public var restingBPM: Int
    /// HRmax set by a clinician, which overrides every estimate.
    public var clinicianMaxBPM: Int?
    /// A stop level set by a clinician (caps the ceiling of rule R2).
    public var clinicianCeilingBPM: Int?
    /// An absolute maximum set by a clinician (caps the hard ceiling of rule R3).
    public var clinicianAbsoluteMaxBPM: Int?
    /// Whether the walker takes a β-blocker or another rate-limiting medicine.
    public var betaBlocker: Bool
    /// Whether the walker has known atrial fibrillation (R7/R8 off, R2/R3 on a 10-beat median).
    public var knownAF: Bool
    /// Whether the walker has a pacemaker (R4/R5 off unless a clinician turns them on).
    public var pacemaker: Bool
    /// Cardiac-rehabilitation stage.
    public var rehab: Rehab
    /// The training zone (default 40–59 % of heart-rate reserve, ACSM moderate).
    public var trainingZone: ZoneSpec

    /// Creates a profile. The defaults describe a 65-year-old man with a resting HR of 68 bpm and no
    /// rate-limiting medicine: the typical user of the literature the project started from.
    public init(
        age: Int = 65,
        sex: Sex = .male,
        massKilograms: Double? = nil,
        restingBPM: Int = 68,
        clinicianMaxBPM: Int? = nil,
        clinicianCeilingBPM: Int? = nil,
        clinicianAbsoluteMaxBPM: Int? = nil,
        betaBlocker: Bool = false,
        knownAF: Bool = false,
        pacemaker: Bool = false,
        rehab: Rehab = .none,
        trainingZone: ZoneSpec = .moderate
    ) {
        self.age = age
        self.sex = sex
        self.massKilograms = massKilograms
        self.restingBPM = restingBPM
        self.clinicianMaxBPM = clinicianMaxBPM
        self.clinicianCeilingBPM = clinicianCeilingBPM
        self.clinicianAbsoluteMaxBPM = clinicianAbsoluteMaxBPM
        self.betaBlocker = betaBlocker
        self.knownAF = knownAF
        self.pacemaker = pacemaker
        self.rehab = rehab
        self.trainingZone = trainingZone
    }
}

/// How a heart-rate zone is given: as fractions of HRmax, of heart-rate reserve (Karvonen), or in bpm.
public struct ZoneSpec: Sendable, Hashable {
    /// The unit of `lower` and `upper`.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        /// Fractions of heart-rate reserve: rest + f × (HRmax − rest) (Karvonen 1957).
        case heartRateReserve = "hrr"
        /// Fractions of HRmax.
        case percentMax = "hrmax"
        /// Beats per minute.
        case beatsPerMinute = "bpm"
    }

    /// The unit of the bounds.
    public var method: Method
    /// Lower bound (a fraction for `hrr`/`hrmax`, bpm for `bpm`).
    public var lower: Double
    /// Upper bound (a fraction for `hrr`/`hrmax`, bpm for `bpm`).
    public var upper: Double

    /// Creates a zone.
    public init(method: Method, lower: Double, upper: Double) {
        self.method = method
        self.lower = lower
        self.upper = upper
    }

    /// ACSM moderate intensity: 40–59 % HRR (SAFETY.md 1.3, 2.2).
    public static let moderate = ZoneSpec(method: .heartRateReserve, lower: 0.40, upper: 0.59)

    /// The zone in bpm for an HRmax and a resting HR (bounds in order even for a zone that validation refuses,
    /// such as a resting HR above HRmax).
    public func beatsPerMinute(maxBPM: Double, restingBPM: Double) -> ClosedRange<Double> {
        let bounds: (Double, Double)
        switch method {
        case .heartRateReserve:
            let reserve = maxBPM - restingBPM
            bounds = (restingBPM + lower * reserve, restingBPM + upper * reserve)
        case .percentMax:
            bounds = (lower * maxBPM, upper * maxBPM)
        case .beatsPerMinute:
            bounds = (lower, upper)
        }
        return min(bounds.0, bounds.1)...max(bounds.0, bounds.1)
    }
}
