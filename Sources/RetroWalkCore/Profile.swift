/// The walker's set-up values (SAFETY.md, "Proposed default rule set", section A).
public struct Profile: Sendable, Hashable {
    /// Sex, for the HRmax equation.
    public enum Sex: String, Sendable, Hashable, CaseIterable {
        case male
        case female
    }

    /// Age in years.
    public var age: Int
    /// Sex.
    public var sex: Sex
    /// Resting heart rate in bpm, measured or configured.
    public var restingBPM: Int
    /// HRmax set by a clinician, which overrides every estimate.
    public var clinicianMaxBPM: Int?
    /// An absolute maximum set by a clinician (caps the hard ceiling).
    public var clinicianAbsoluteMaxBPM: Int?
    /// Whether the walker takes a β-blocker or another rate-limiting medicine.
    public var betaBlocker: Bool

    /// Creates a profile. The defaults describe a 65-year-old man with a resting HR of 68 bpm and no
    /// rate-limiting medicine: the typical user of the literature the project started from.
    public init(
        age: Int = 65,
        sex: Sex = .male,
        restingBPM: Int = 68,
        clinicianMaxBPM: Int? = nil,
        clinicianAbsoluteMaxBPM: Int? = nil,
        betaBlocker: Bool = false
    ) {
        self.age = age
        self.sex = sex
        self.restingBPM = restingBPM
        self.clinicianMaxBPM = clinicianMaxBPM
        self.clinicianAbsoluteMaxBPM = clinicianAbsoluteMaxBPM
        self.betaBlocker = betaBlocker
    }
}
