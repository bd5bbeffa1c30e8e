public import RetroWalkCore
public import SafetyRules
public import SessionEngine
public import StrapProtocol
public import WalkCoach

/// Runs a recording through a session on a manual clock (`retrowalk replay`).
///
/// The same ``SessionEngine/Session`` and the same ``SessionDriver`` as a live session: the readings arrive at their
/// recorded times and the session ticks on the same grid as live, so a recording replays to the events the live
/// session produced. A gap of ``SessionEngine/Session/stallLimit`` (3 s) between notifications is a lost signal,
/// as live. With a plan, the replay runs until the plan ends (a safe stop nobody ends gives up an hour after the
/// plan's planned end); without one, the whole recording is one `walking` phase and the replay ends with its last
/// reading.
public struct Replay: Sendable {
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
        let activity: Session.Activity
        var timeLimit: Duration?
        if let plan {
            let limits = CoachLimits(maxBPM: engine.limits.maxBPM, restingBPM: Double(profile.restingBPM))
            activity = .plan(Coach(plan: plan, limits: limits))
            let end = max(recording.samples.last?.time ?? 0, plan.duration + 3600)
            timeLimit = .seconds(end)
        } else {
            activity = .walking
        }
        let session = Session(
            activity: activity, rules: engine, source: .recording, script: keys, simulatedWalker: plan != nil,
            timeLimit: timeLimit, reportsStatus: false)
        return withoutActuallyEscaping(emit) { emit in
            let driver = SessionDriver(
                session: session, source: RecordingSource(recording), clock: ManualClock(),
                observe: { effect in
                    if case .event(let event) = effect { emit(event) }
                })
            return driver.run()
        }
    }
}
