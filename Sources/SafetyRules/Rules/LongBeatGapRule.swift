public import RetroWalkCore

/// R6b, long beat gap: an RR of at least `r6b.gap_ms` (2000) that is not an R6 pause (so 2.0–3.0 s, or a longer
/// missed-beat artefact), or ≥ `r6b.missed_beats` (3) missed-beat classes within `r6b.window_s` (30 s): a medium
/// "Irregular heartbeat. Please stop and rest.". It clears after `clear_s` with neither, once the signal is good;
/// not raised again within `medium_repeat_s` of its last raise.
public struct LongBeatGapRule: Sendable {
    /// The rule id.
    public static let id = "R6b"
    /// The alert's message (phrase key `alarm_r6b`).
    public static let message = RuleMessage(
        rule: id, priority: .medium, phrase: "alarm_r6b", text: "Irregular heartbeat. Please stop and rest.")

    private let gapMilliseconds: Double
    private let missedBeats: Int
    private let window: Double
    private var missedTimes: RingBuffer<Double>
    private var tracker: EventTracker
    private var pending = false

    /// Creates the rule.
    public init(settings: RuleSettings = .defaults) {
        gapMilliseconds = settings.r6bGapMs
        missedBeats = max(1, Int(settings.r6bMissedBeats))
        window = settings.r6bWindowSeconds
        missedTimes = RingBuffer(capacity: max(1, Int(settings.r6bMissedBeats)), filler: 0)
        tracker = EventTracker(
            clearSeconds: settings.clearSeconds, gate: RaiseGate(priority: .medium, settings: settings))
    }

    /// Whether the alert is raised.
    public var isRaised: Bool { tracker.isRaised }

    /// Takes one interval (while the signal is good).
    ///
    /// - Parameters:
    ///   - rr: The interval, ms.
    ///   - isPause: Whether R6 took it as a pause (then it is not a gap).
    public mutating func receive(rrMilliseconds rr: Double, isPause: Bool) {
        if rr >= gapMilliseconds, !isPause { pending = true }
    }

    /// Notes a beat the ectopic detector classified as missed, with the time it ended.
    public mutating func noteMissedBeat(at time: Double) { missedTimes.append(time) }

    /// Evaluates at `now`.
    public mutating func evaluate(at now: Double, signalIsGood: Bool) -> Alert? {
        defer { pending = false }
        while let oldest = missedTimes.first, oldest < now - window - timeTolerance { missedTimes.removeFirst() }
        let active = pending || missedTimes.count >= missedBeats
        return tracker.update(active: active, at: now, canClear: signalIsGood).map(Self.message.alert)
    }
}
