public import RetroWalkCore

/// C1, cool-down guard: when a bout ends in a stop (the walker enters cool-down or pauses after a backward bout),
/// an info prompt "Keep walking slowly for two minutes." (the muscle pump against post-exercise syncope), and for
/// `c1.watch_s` (600 s) a watch: HR < resting − `c1.below_rest_bpm` (15) or < `c1.absolute_bpm` (45) — that is,
/// below the higher of the two — for ≥ `c1.persistence_s` (5 s) raises a high "Sit down now.". It clears once HR
/// has stayed ≥ `clear_margin_bpm` above that level for `clear_s`. The engine skips the spoken prompt while a high
/// alarm is raised (it would contradict "stand still").
public struct CooldownGuardRule: Sendable {
    /// The rule id.
    public static let id = "C1"
    /// The info prompt at the start (phrase key `c1_slow_walk`).
    public static let prompt = RuleMessage(
        rule: id, priority: .info, phrase: "c1_slow_walk", text: "Keep walking slowly for two minutes.")
    /// The alarm (phrase key `alarm_c1`).
    public static let message = RuleMessage(rule: id, priority: .high, phrase: "alarm_c1", text: "Sit down now.")

    private var tracker: ThresholdTracker
    private let watchSeconds: Double
    private var watchUntil: Double?

    /// Creates the rule for a resting HR.
    public init(restingBPM: Double, settings: RuleSettings = .defaults) {
        tracker = ThresholdTracker(
            threshold: max(restingBPM - settings.c1BelowRestBPM, settings.c1AbsoluteBPM), side: .below,
            inclusive: false, persistence: settings.c1Seconds, clearMargin: settings.clearMarginBPM,
            clearSeconds: settings.clearSeconds, repeatInterval: 0)
        watchSeconds = settings.c1WatchSeconds
    }

    /// Whether the alarm is raised.
    public var isRaised: Bool { tracker.isRaised }
    /// The HR below which the alarm counts, bpm.
    public var thresholdBPM: Double { tracker.threshold }
    /// Whether the watch runs at `now`.
    public func isWatching(at now: Double) -> Bool { watchUntil.map { now <= $0 + timeTolerance } ?? false }

    /// Starts (or restarts) the watch at a stop after a bout.
    ///
    /// - Parameters:
    ///   - now: The time of the stop.
    ///   - speak: Whether to return the spoken prompt.
    /// - Returns: The info prompt, when `speak` is true.
    public mutating func start(at now: Double, speak: Bool) -> Alert? {
        watchUntil = now + watchSeconds
        return speak ? Self.prompt.alert(.raised) : nil
    }

    /// Takes the display HR at `now`.
    public mutating func receive(heartRate bpm: Double, at now: Double) -> Alert? {
        tracker.update(bpm: bpm, at: now, canRaise: isWatching(at: now)).map(Self.message.alert)
    }

    /// Forgets partial persistence (no good signal).
    public mutating func suspend() { tracker.suspend() }
}
