/// What a session was measured against, stored with it at its start: the limits in force and the walker's values
/// that the energy estimates need.
///
/// A profile can change after a session (a new resting HR, a clinician's limit); the report of an old session
/// shows it against the limits it ran with. Sessions recorded before migration v3 have none stored: their report
/// takes the profile in force instead, and says so.
public struct SessionSetup: Sendable, Hashable {
    /// The training zone, bpm.
    public var zoneBPM: ClosedRange<Double>
    /// The ceiling of rule R2, bpm.
    public var ceilingBPM: Double
    /// The hard ceiling of rule R3, bpm.
    public var hardCeilingBPM: Double
    /// HRmax in force, bpm.
    public var maxBPM: Double
    /// Where HRmax came from (`clinician`, `tanaka`, `gulati`, `brawner`), when known.
    public var maxSource: String?
    /// Resting heart rate, bpm.
    public var restingBPM: Int
    /// The walker's age, years.
    public var age: Int
    /// The walker's sex, `male` or `female`.
    public var sex: String
    /// Body mass, kg, when known.
    public var massKg: Double?
    /// Whether the walker takes a β-blocker.
    public var betaBlocker: Bool
    /// The plan's backward speed, km/h, when the plan gives one.
    public var backwardSpeedKmh: Double?
    /// The plan's forward (recovery) speed, km/h, when the plan gives one.
    public var forwardSpeedKmh: Double?
    /// The plan's backward incline, percent, when the plan gives one.
    public var backwardInclinePercent: Double?

    /// Creates a setup.
    public init(
        zoneBPM: ClosedRange<Double>,
        ceilingBPM: Double,
        hardCeilingBPM: Double,
        maxBPM: Double,
        maxSource: String? = nil,
        restingBPM: Int,
        age: Int,
        sex: String,
        massKg: Double? = nil,
        betaBlocker: Bool = false,
        backwardSpeedKmh: Double? = nil,
        forwardSpeedKmh: Double? = nil,
        backwardInclinePercent: Double? = nil
    ) {
        self.zoneBPM = zoneBPM
        self.ceilingBPM = ceilingBPM
        self.hardCeilingBPM = hardCeilingBPM
        self.maxBPM = maxBPM
        self.maxSource = maxSource
        self.restingBPM = restingBPM
        self.age = age
        self.sex = sex
        self.massKg = massKg
        self.betaBlocker = betaBlocker
        self.backwardSpeedKmh = backwardSpeedKmh
        self.forwardSpeedKmh = forwardSpeedKmh
        self.backwardInclinePercent = backwardInclinePercent
    }
}

extension SessionRecord {
    /// The setup stored with the session, or `nil` for a session recorded before migration v3.
    public var setup: SessionSetup? {
        guard let zoneLowerBPM, let zoneUpperBPM, zoneLowerBPM <= zoneUpperBPM, let ceilingBPM, let hardCeilingBPM,
            let maxHeartRateBPM, let restingBPM, let age, let sex
        else { return nil }
        return SessionSetup(
            zoneBPM: zoneLowerBPM...zoneUpperBPM,
            ceilingBPM: ceilingBPM,
            hardCeilingBPM: hardCeilingBPM,
            maxBPM: maxHeartRateBPM,
            maxSource: maxHeartRateSource,
            restingBPM: restingBPM,
            age: age,
            sex: sex,
            massKg: massKg,
            betaBlocker: betaBlocker ?? false,
            backwardSpeedKmh: backwardSpeedKmh,
            forwardSpeedKmh: forwardSpeedKmh,
            backwardInclinePercent: backwardInclinePercent
        )
    }

    mutating func store(_ setup: SessionSetup) {
        zoneLowerBPM = setup.zoneBPM.lowerBound
        zoneUpperBPM = setup.zoneBPM.upperBound
        ceilingBPM = setup.ceilingBPM
        hardCeilingBPM = setup.hardCeilingBPM
        maxHeartRateBPM = setup.maxBPM
        maxHeartRateSource = setup.maxSource
        restingBPM = setup.restingBPM
        age = setup.age
        sex = setup.sex
        massKg = setup.massKg
        betaBlocker = setup.betaBlocker
        backwardSpeedKmh = setup.backwardSpeedKmh
        forwardSpeedKmh = setup.forwardSpeedKmh
        backwardInclinePercent = setup.backwardInclinePercent
    }
}
