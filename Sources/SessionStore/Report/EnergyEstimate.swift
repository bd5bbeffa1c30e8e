import RetroWalkCore

/// The energy a session cost, as a range from two named methods (SAFETY.md sections 4 and E).
///
/// - **MET estimate** (needs no heart rate): each step's METs × its minutes. Walking METs come from the ACSM
///   walking equation, VO2 = 0.1·S + 1.8·S·G + 3.5 ml/kg/min (S in m/min, G the incline as a fraction; 1 MET =
///   3.5 ml/kg/min), at the plan's speed; backward walking costs **1.2–1.4 ×** forward at the same speed (Hooper
///   et al. 2004: +17–20 %; Compendium 17320 vs 17200: +40 %), which makes the range. Without a speed: backward
///   2.5–3.0 METs (SAFETY.md E, our assumption for slow backward walking), forward 2.0–2.8 METs (Compendium 2011
///   17151 "< 2.0 mph" and 17152 "2.0 mph"). A safe-stop pause counts as standing, 1.3 METs. kcal = MET × 3.5 ×
///   kg / 200 per minute, so kcal needs the body mass; without it only MET-minutes are given.
/// - **Keytel et al. 2005** (J Sports Sci 23:289), the equation without VO2max, from the HR of each notification,
///   in kJ/min (÷ 4.184 for kcal): men −55.0969 + 0.6309·HR + 0.1988·W + 0.2017·A, women −20.4022 + 0.4472·HR −
///   0.1263·W + 0.0740·A. Used only where it is valid, HR ≥ 60 % of HRmax (SAFETY.md E, Hexoskin's practice);
///   the rest of the session is counted at the middle of the MET estimate. It was fitted on ages 18–45 and its age
///   term is positive, so it overestimates for older walkers (SAFETY.md 4.1): a note says so above 45.
///
/// Pure: computed from the report's steps and samples.
public struct EnergyEstimate: Sendable, Hashable {
    /// Body mass used, kg; `nil` when the profile had none (then no kcal).
    public var massKg: Double?
    /// MET-minutes of the session, low and high.
    public var metMinutes: ClosedRange<Double>
    /// kcal by the MET estimate, low and high (`nil` without a mass).
    public var metKilocalories: ClosedRange<Double>?
    /// Seconds of the session when HR was at or above 60 % of HRmax (where Keytel is valid).
    public var keytelSeconds: Double
    /// kcal by Keytel over those seconds (`nil` without a mass, or with none).
    public var keytelKilocalories: Double?
    /// kcal of the whole session: Keytel where valid, the middle of the MET estimate elsewhere.
    public var keytelSessionKilocalories: Double?
    /// The range over both methods, kcal (`nil` without a mass).
    public var range: ClosedRange<Double>?
    /// What a reader must know about these numbers.
    public var notes: [String]

    /// The Keytel validity threshold, a fraction of HRmax.
    public static let keytelMinimumFractionOfMax = 0.6
    /// Backward walking's cost relative to forward at the same speed.
    public static let backwardFactor = 1.2...1.4
    /// METs for backward walking at an unknown, slow speed.
    public static let backwardUnknownSpeedMET = 2.5...3.0
    /// METs for forward walking at an unknown, slow speed.
    public static let forwardUnknownSpeedMET = 2.0...2.8
    /// METs for standing still (a safe-stop pause).
    public static let standingMET = 1.3

    init(steps: [SessionReport.Step], samples: [HeartRateSample], usable: [Bool], setup: SessionSetup) {
        var low = 0.0
        var high = 0.0
        var mid: [Double] = []  // the middle MET of each step, for Keytel's invalid stretches
        for step in steps {
            let met = Self.met(phase: step.phase, setup: setup)
            low += met.lowerBound * step.duration / 60
            high += met.upperBound * step.duration / 60
            mid.append((met.lowerBound + met.upperBound) / 2)
        }
        metMinutes = low...high
        massKg = setup.massKg
        var notes: [String] = []
        if setup.backwardSpeedKmh == nil {
            notes.append("no backward speed in the plan: backward walking counted at 2.5-3.0 METs")
        }
        if let speed = setup.backwardSpeedKmh, speed * 1000 / 60 < 50 {
            notes.append(
                "the ACSM walking equation is validated from 50 m/min; the backward speed is "
                    + "\(Int((speed * 1000 / 60).rounded())) m/min")
        }

        // Keytel over the samples at or above 60 % of HRmax.
        let threshold = Self.keytelMinimumFractionOfMax * setup.maxBPM
        var keytelSeconds = 0.0
        var keytelKJ = 0.0
        var otherMETMinutes = 0.0
        var stepIndex = 0
        let end = steps.last?.end ?? (samples.last?.time ?? 0)
        var covered = 0.0
        for index in samples.indices {
            let next = index + 1 < samples.count ? samples[index + 1].time : end
            let span = max(
                0, min(next, end, samples[index].time + SessionReport.signalGapSeconds) - samples[index].time)
            while stepIndex + 1 < steps.count, samples[index].time >= steps[stepIndex].end { stepIndex += 1 }
            let stepMET = mid.isEmpty ? 1.0 : mid[min(stepIndex, mid.count - 1)]
            let bpm = Double(samples[index].beatsPerMinute)
            if usable[index], bpm >= threshold, let mass = setup.massKg {
                keytelSeconds += span
                keytelKJ +=
                    Self.keytelKilojoulesPerMinute(bpm: bpm, massKg: mass, age: setup.age, sex: setup.sex)
                    * span / 60
            } else {
                otherMETMinutes += stepMET * span / 60
            }
            covered += span
        }
        // Time without samples counts at the middle of the MET estimate.
        let meanMid = mid.isEmpty ? 1.0 : mid.reduce(0, +) / Double(mid.count)
        otherMETMinutes += max(0, end - covered) / 60 * meanMid
        if setup.massKg == nil {
            // Keytel needs the mass too; count the valid time anyway, to say how much of the session it covers.
            keytelSeconds = samples.indices.filter { usable[$0] && Double(samples[$0].beatsPerMinute) >= threshold }
                .map { index in
                    let next = index + 1 < samples.count ? samples[index + 1].time : end
                    return max(
                        0,
                        min(next, end, samples[index].time + SessionReport.signalGapSeconds)
                            - samples[index].time)
                }
                .reduce(0, +)
        }
        self.keytelSeconds = keytelSeconds

        if let mass = setup.massKg {
            let kcalPerMETMinute = 3.5 * mass / 200
            metKilocalories = (low * kcalPerMETMinute)...(high * kcalPerMETMinute)
            if keytelSeconds > 0 {
                let keytel = keytelKJ / 4.184
                keytelKilocalories = keytel
                keytelSessionKilocalories = keytel + otherMETMinutes * kcalPerMETMinute
            } else {
                notes.append(
                    "heart rate never reached 60 % of HRmax (\(Int(threshold.rounded())) bpm): no Keytel estimate")
            }
            let values =
                [low * kcalPerMETMinute, high * kcalPerMETMinute] + (keytelSessionKilocalories.map { [$0] } ?? [])
            range = values.min()!...values.max()!
            if setup.age > 45, keytelSeconds > 0 {
                notes.append("Keytel was fitted on ages 18-45 and overestimates at \(setup.age) (SAFETY.md 4.1)")
            }
        } else {
            notes.append("no body mass in the profile (mass_kg): energy in MET-minutes only, no kcal")
        }
        self.notes = notes
    }

    /// Keytel et al. 2005, without VO2max, kJ/min.
    public static func keytelKilojoulesPerMinute(bpm: Double, massKg: Double, age: Int, sex: String) -> Double {
        let a = Double(age)
        if sex == "female" { return -20.4022 + 0.4472 * bpm - 0.1263 * massKg + 0.0740 * a }
        return -55.0969 + 0.6309 * bpm + 0.1988 * massKg + 0.2017 * a
    }

    /// The ACSM walking equation's METs at a speed (km/h) and incline (percent).
    public static func acsmWalkingMET(speedKmh: Double, inclinePercent: Double = 0) -> Double {
        let metresPerMinute = speedKmh * 1000 / 60
        let vo2 = 0.1 * metresPerMinute + 1.8 * metresPerMinute * inclinePercent / 100 + 3.5
        return vo2 / 3.5
    }

    /// The MET range of a step.
    static func met(phase: String, setup: SessionSetup) -> ClosedRange<Double> {
        switch phase {
        case "backward":
            guard let speed = setup.backwardSpeedKmh else { return backwardUnknownSpeedMET }
            let forward = acsmWalkingMET(speedKmh: speed, inclinePercent: setup.backwardInclinePercent ?? 0)
            return (forward * backwardFactor.lowerBound)...(forward * backwardFactor.upperBound)
        case "paused", "done":
            return standingMET...standingMET
        default:
            guard let speed = setup.forwardSpeedKmh else { return forwardUnknownSpeedMET }
            let met = acsmWalkingMET(speedKmh: speed)
            return met...met
        }
    }
}
