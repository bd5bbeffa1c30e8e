public import RetroWalkCore

/// R9, abrupt jump, while walking: the beat rate (60 000 / median of the last 3 RR, which ignores a single
/// premature beat) rises by ≥ `r9.jump_bpm` (30) above the lowest of the previous `r9.within_beats` (10) beats, and
/// every beat rate stays at or above that level for `r9.hold_s` (15 s), without a pace change (any phase change
/// cancels a jump in progress and restarts the history from the beats that begin after it): a medium "Heart rate jumped. Stop and rest.". It clears
/// once the display HR has stayed ≥ `clear_margin_bpm` below the jump level (baseline + 30) for `clear_s`; not
/// raised again within `medium_repeat_s`. The engine suspends it for `r5.suspend_after_stop_s` after a planned
/// stop.
public struct AbruptJumpRule: Sendable {
    /// The rule id.
    public static let id = "R9"
    /// The alert's message (phrase key `alarm_r9`).
    public static let message = RuleMessage(
        rule: id, priority: .medium, phrase: "alarm_r9", text: "Heart rate jumped. Stop and rest.")

    private let jumpBPM: Double
    private let holdSeconds: Double
    private let clearMargin: Double
    private let clearSeconds: Double
    private var lastThree = RingBuffer(capacity: 3, filler: 0.0)
    private var rates: RingBuffer<Double>
    private var candidate: (start: Double, baseline: Double)?
    private var heldBaseline: Double?
    private var raisedBaseline: Double?
    private var gate: RaiseGate
    private var safeSince: Double?
    private var interruptedAt = -Double.infinity

    /// Creates the rule.
    public init(settings: RuleSettings = .defaults) {
        jumpBPM = settings.r9JumpBPM
        holdSeconds = settings.r9HoldSeconds
        clearMargin = settings.clearMarginBPM
        clearSeconds = settings.clearSeconds
        rates = RingBuffer(capacity: max(1, Int(settings.r9WithinBeats)), filler: 0)
        gate = RaiseGate(priority: .medium, settings: settings)
    }

    /// Whether the alert is raised.
    public var isRaised: Bool { raisedBaseline != nil }

    /// Takes one plausible interval that ended at `time` (while walking, with a good signal).
    public mutating func receive(rrMilliseconds rr: Double, at time: Double) {
        guard time - rr / 1000 >= interruptedAt - timeTolerance else { return }
        lastThree.append(rr)
        let a = lastThree[0]
        let b = lastThree.count > 1 ? lastThree[1] : a
        let c = lastThree.count > 2 ? lastThree[2] : b
        let rate = 60_000 / max(min(a, b), min(max(a, b), c))
        if let jump = candidate {
            if rate < jump.baseline + jumpBPM {
                candidate = nil
                heldBaseline = nil
            } else if time - jump.start + timeTolerance >= holdSeconds {
                heldBaseline = jump.baseline
            }
        } else if rates.isFull {
            var lowest = rates[0]
            for offset in 1..<rates.count { lowest = min(lowest, rates[offset]) }
            if rate - lowest >= jumpBPM { candidate = (time, lowest) }
        }
        rates.append(rate)
    }

    /// Cancels a jump in progress and forgets the history (a phase change, a stop, a gap in the data); beats that
    /// began before `now` are ignored, and a jump needs `r9.within_beats` new beats as its baseline.
    public mutating func interrupt(at now: Double) {
        interruptedAt = now
        lastThree.removeAll()
        rates.removeAll()
        candidate = nil
        heldBaseline = nil
    }

    /// Evaluates at `now` with the display HR (`nil` without a good signal).
    public mutating func evaluate(heartRate bpm: Double?, at now: Double) -> Alert? {
        if raisedBaseline == nil {
            guard let baseline = heldBaseline, gate.allows(now) else { return nil }
            raisedBaseline = baseline
            heldBaseline = nil
            candidate = nil
            safeSince = nil
            gate.noteRaise(at: now)
            return Self.message.alert(.raised)
        }
        guard let bpm, let baseline = raisedBaseline else { return nil }
        guard bpm <= baseline + jumpBPM - clearMargin else {
            safeSince = nil
            return nil
        }
        let since = safeSince ?? now
        safeSince = since
        guard now - since + timeTolerance >= clearSeconds else { return nil }
        raisedBaseline = nil
        return Self.message.alert(.cleared)
    }
}
