public import RetroWalkCore

/// R6, pause: a single RR > `r6.pause_ms` (3000) while the signal is good raises a high alarm "Stop. Sit down
/// now.", unless the interval is a missed-beat artefact: within `r6.missed_beat_tolerance` (20 %) of twice the
/// median of the recent RR. It clears after `clear_s` without a new pause, once the signal is good.
public struct PauseRule: Sendable {
    /// The rule id.
    public static let id = "R6"
    /// The alert's message (phrase key `alarm_r6`).
    public static let message = RuleMessage(rule: id, priority: .high, phrase: "alarm_r6", text: "Stop. Sit down now.")

    private let pauseMilliseconds: Double
    private let tolerance: Double
    private var tracker: EventTracker
    private var pending = false

    /// Creates the rule.
    public init(settings: RuleSettings = .defaults) {
        pauseMilliseconds = settings.r6PauseMs
        tolerance = settings.r6MissedBeatTolerance
        tracker = EventTracker(clearSeconds: settings.clearSeconds, gate: RaiseGate(interval: 0))
    }

    /// Whether the alarm is raised.
    public var isRaised: Bool { tracker.isRaised }

    /// Whether an interval is a pause: longer than the pause threshold and not about twice the median RR.
    ///
    /// - Parameters:
    ///   - rr: The interval, ms.
    ///   - medianRR: The median of the recent plausible intervals, ms (`nil` when there are none).
    public func isPause(rrMilliseconds rr: Double, medianRR: Double?) -> Bool {
        guard rr > pauseMilliseconds else { return false }
        guard let medianRR, medianRR > 0 else { return true }
        return abs(rr - 2 * medianRR) > tolerance * 2 * medianRR
    }

    /// Takes one interval (while the signal is good); returns whether it was a pause.
    @discardableResult
    public mutating func receive(rrMilliseconds rr: Double, medianRR: Double?) -> Bool {
        let pause = isPause(rrMilliseconds: rr, medianRR: medianRR)
        if pause { pending = true }
        return pause
    }

    /// Raises for a pause received since the last evaluation; clears after `clear_s` without one.
    public mutating func evaluate(at now: Double, signalIsGood: Bool) -> Alert? {
        defer { pending = false }
        return tracker.update(active: pending, at: now, canClear: signalIsGood).map(Self.message.alert)
    }
}
