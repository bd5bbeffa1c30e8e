public import RetroWalkCore
public import SafetyRules
public import SessionStore
public import WalkCoach

extension SessionSetup {
    /// What a session is measured against: the limits the rules run with, the walker's values for the energy
    /// estimates, and the plan's speeds (backward on a treadmill is 1.5 mph when the plan gives none).
    ///
    /// - Parameters:
    ///   - limits: the limits of the session's rules engine.
    ///   - profile: the walker.
    ///   - plan: the plan as the session runs it; `nil` for a report of a session that stored no setup.
    public init(limits: HeartRateLimits, profile: Profile, plan: Plan?) {
        let kmh = { (speed: Plan.Speed) in speed.milesPerHour * 1.609344 }
        var backward = plan?.speeds[.backward]
        if backward == nil, plan?.setting == .treadmill { backward = Plan.Speed.backwardDefault }
        let forward = plan.flatMap { plan in
            [Plan.StepKind.recovery, .forward, .warmup, .cooldown].lazy.compactMap { plan.speeds[$0] }.first
        }
        self.init(
            zoneBPM: limits.zoneBPM,
            ceilingBPM: limits.ceilingBPM,
            hardCeilingBPM: limits.hardCeilingBPM,
            maxBPM: limits.maxBPM,
            maxSource: limits.source.rawValue,
            restingBPM: Int(limits.restingBPM.rounded()),
            age: profile.age,
            sex: profile.sex.rawValue,
            massKg: profile.massKilograms,
            betaBlocker: profile.betaBlocker,
            backwardSpeedKmh: backward.map(kmh),
            forwardSpeedKmh: forward.map(kmh),
            backwardInclinePercent: plan?.inclines[.backward]
        )
    }
}
