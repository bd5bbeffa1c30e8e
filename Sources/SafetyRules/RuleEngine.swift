public import RetroWalkCore

/// The rules that run during a session, fed with samples, link events and time.
///
/// Pure: every input carries its time. So far it holds R3 (hard ceiling) and S2 (monitoring lost); the full
/// rule set of SAFETY.md grows here. Rules evaluate only while the walker is on the move (warm-up, bouts,
/// recovery, cool-down); after `done` nothing is raised.
public struct RuleEngine: Sendable {
    /// The limits the rules use.
    public let limits: HeartRateLimits
    private var displayRate = DisplayHeartRate()
    private var hardCeiling: HardCeilingRule
    private var monitoringLost = MonitoringLostRule()
    private var phase: Phase = .warmup

    /// Creates the engine for a profile.
    public init(profile: Profile) {
        limits = HeartRateLimits(profile: profile)
        hardCeiling = HardCeilingRule(thresholdBPM: limits.hardCeilingBPM.rounded())
    }

    /// The current display heart rate, bpm.
    public var displayBPM: Double? { displayRate.beatsPerMinute }

    /// Ids of the alerts currently raised.
    public var raisedRules: [String] {
        (hardCeiling.isRaised ? [HardCeilingRule.id] : []) + (monitoringLost.isRaised ? [MonitoringLostRule.id] : [])
    }

    /// Tells the engine the plan's phase.
    public mutating func enter(_ phase: Phase) { self.phase = phase }

    /// Takes one notification; returns alerts raised or cleared.
    public mutating func receive(_ sample: HeartRateSample) -> [Alert] {
        displayRate.receive(sample)
        var alerts: [Alert] = []
        guard phase.isWalking else { return alerts }
        if let alert = monitoringLost.receive(sample) { alerts.append(alert) }
        if sample.contact == .notDetected {
            hardCeiling.suspend()
        } else if let bpm = displayRate.beatsPerMinute,
            let alert = hardCeiling.receive(heartRate: bpm, at: sample.time)
        {
            alerts.append(alert)
        }
        return alerts
    }

    /// Takes a link event.
    public mutating func receive(signal state: SignalState, at now: Double) -> [Alert] {
        if state == .lost {
            displayRate.reset()
            hardCeiling.suspend()
        }
        guard phase.isWalking else { return [] }
        return monitoringLost.receive(signal: state, at: now).map { [$0] } ?? []
    }

    /// Lets time-based conditions fire without new samples.
    public mutating func tick(at now: Double) -> [Alert] {
        guard phase.isWalking else { return [] }
        return monitoringLost.evaluate(at: now).map { [$0] } ?? []
    }
}
