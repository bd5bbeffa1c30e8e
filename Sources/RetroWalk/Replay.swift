public import RetroWalkCore
public import SafetyRules
public import StrapProtocol
public import WalkCoach

/// Runs a recording through the session's decisions on a virtual clock (`retrowalk replay`).
///
/// The samples go through the same ``SessionFlow`` as a live session, in time order; between them the clock
/// advances in steps of ``step`` so that the coach's cues and the rules' time-based conditions fall due at their
/// times. A gap between notifications of `LinkSupervisor.stallLimit` (3 s) is reported as the capture layer reports a
/// silent strap (`signal lost` 3 s after the last notification, `restored` with the next). With a plan, the
/// replay runs until the plan ends (a recording shorter than the plan ends in a lost signal); without one, the
/// whole recording is one `walking` phase and the replay ends with its last sample.
public struct Replay: Sendable {
    /// Virtual-clock step between samples, seconds.
    public static let step = 0.5

    /// The plan, or `nil` for one walking phase.
    public var plan: Plan?
    /// The walker.
    public var profile: Profile
    /// The rule thresholds.
    public var rules: RuleSettings
    /// Keys to press at given times; `nil` lets a simulated walker answer check-ins (with a plan).
    public var keys: KeyScript?

    /// Creates a replay.
    public init(plan: Plan?, profile: Profile = Profile(), rules: RuleSettings = .defaults, keys: KeyScript? = nil) {
        self.plan = plan
        self.profile = profile
        self.rules = rules
        self.keys = keys
    }

    /// Replays `recording`, handing every event to `emit` in time order; returns the closing summary (also
    /// emitted, last).
    @discardableResult
    public func run(_ recording: Recording, emit: (SessionEvent) -> Void) -> SessionSummary {
        let engine = RuleEngine(profile: profile, settings: rules)
        let coach = plan.map {
            Coach(plan: $0, limits: CoachLimits(maxBPM: engine.limits.maxBPM, restingBPM: Double(profile.restingBPM)))
        }
        var flow = SessionFlow(coach: coach, rules: engine, script: keys, simulatedWalker: plan != nil)
        var now = 0.0
        var lastSample: Double?
        var lost = false
        func advance(to time: Double) {
            while now + Self.step <= time {
                now += Self.step
                let stall = LinkSupervisor.stallLimit
                if let last = lastSample, !lost, now >= last + stall {
                    lost = true
                    let reason = "no notification for \(Int(stall)) s"
                    flow.receive(signal: .lost, reason: reason, at: last + stall).forEach(emit)
                }
                flow.advance(to: now).forEach(emit)
            }
        }
        flow.advance(to: 0).forEach(emit)
        for sample in recording.samples {
            advance(to: sample.time)
            if lost {
                lost = false
                flow.receive(signal: .restored, reason: nil, at: sample.time).forEach(emit)
            }
            flow.receive(sample).forEach(emit)
            lastSample = sample.time
        }
        var end = lastSample ?? 0
        let recordingEnd = lastSample
        lastSample = nil  // past the recording's end, silence is not a lost signal
        if let plan {
            // The plan's end, then the closing words (no effort rating is waited for in a replay).
            // A safe stop nobody ends keeps the plan paused: give up an hour after the plan's planned end.
            let limit = max(end, plan.duration + 3600)
            while now < limit, flow.phase != .done {
                advance(to: now + Self.step)
            }
            end = max(recordingEnd ?? 0, now + 4)
        }
        advance(to: end)
        now = max(now, end)
        flow.advance(to: now).forEach(emit)
        let summary = flow.summary(duration: now, interrupted: false)
        emit(SessionEvent(time: now, kind: .summary(summary)))
        return summary
    }
}
