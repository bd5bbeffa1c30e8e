public import RetroWalkCore

/// R5, sudden drop or bradycardia: a high alarm "Stop. Hold on. Sit down if dizzy.". Off with a pacemaker.
///
/// - **Drop** (while walking, not within `r5.suspend_after_stop_s` of a planned stop): a rate falls by
///   ≥ `r5.drop_bpm` (20) within `r5.drop_window_s` (10 s) and stays that far down for `r5.drop_persistence_s`
///   (5 s). It is watched on two sources, and whichever sees it first raises: the display HR (each notification;
///   for a strap without RR, its HR field) and the beat rate (60 000 / the median of the last 3 RR, at each beat,
///   which moves within 2 beats where the 12-beat display HR takes 6–10). The fall is measured from a level held
///   for `r5.level_hold_s` (2 s), so one high reading of a noisy HR field is no level to fall from, and no higher
///   than the mean level of the last `r5.baseline_s` (30 s), so the end of a passing rise is no drop
///   (``DropTracker``); on the beats, the 5 s count from the start of the first slow interval.
/// - **Bradycardia** (in every phase where the walker walks, cool-down included, with or without a plan; not
///   suspended by a stop): HR < `r5.bradycardia_bpm` (50) for `r5.bradycardia_s` (5 s), timed from the start of
///   the first interval longer than 60 000 / 50 ms of a run where the median of every 3 intervals is that long
///   (``SlowBeatRun``: a single long interval between normal ones is a missed beat, and bigeminy's pauses alternate
///   with short intervals; neither is bradycardia), or on the display HR for a strap without RR.
///
/// It clears once neither holds, no fall is in progress and the display HR has stayed ≥ 50 + `clear_margin_bpm`
/// for `clear_s`; clearing goes on in every monitored phase.
public struct SuddenDropRule: Sendable {
    /// The rule id.
    public static let id = "R5"
    /// The alert's message (phrase key `alarm_r5`).
    public static let message = RuleMessage(
        rule: id, priority: .high, phrase: "alarm_r5", text: "Stop. Hold on. Sit down if dizzy.")

    private var displayDrop: DropTracker
    private var beatDrop: DropTracker
    private var bradycardia: ThresholdTracker
    private var slowBeats: SlowBeatRun
    private var lastThree = RingBuffer(capacity: 3, filler: 0.0)
    private var lastData = -Double.infinity
    private let clearSeconds: Double
    private var safeSince: Double?
    /// Whether the alarm is raised.
    public private(set) var isRaised = false

    /// Creates the rule.
    public init(settings: RuleSettings = .defaults) {
        bradycardia = ThresholdTracker(
            threshold: settings.r5BradycardiaBPM, side: .below, inclusive: false,
            persistence: settings.r5BradycardiaSeconds, clearMargin: settings.clearMarginBPM,
            clearSeconds: .infinity, repeatInterval: 0)
        slowBeats = SlowBeatRun(thresholdBPM: settings.r5BradycardiaBPM, persistence: settings.r5BradycardiaSeconds)
        displayDrop = DropTracker(
            drop: settings.r5DropBPM, window: settings.r5DropSeconds, persistence: settings.r5DropPersistenceSeconds,
            hold: settings.r5LevelHoldSeconds, baseline: settings.r5BaselineSeconds)
        beatDrop = displayDrop
        clearSeconds = settings.clearSeconds
    }

    /// Takes one plausible RR interval, with the time its beat ended (while the signal is good).
    public mutating func receive(rrMilliseconds rr: Double, at time: Double) {
        lastThree.append(rr)
        slowBeats.add(rrMilliseconds: rr, at: time)
        guard lastThree.isFull else { return }
        let (a, b, c) = (lastThree[0], lastThree[1], lastThree[2])
        // A median of 3 that has fallen has two slow intervals: the fall began by the start of the middle one
        beatDrop.add(60_000 / max(min(a, b), min(max(a, b), c)), at: time, since: time - (b + c) / 1000)
    }

    /// Takes the display HR at `now`, in a phase where both tests apply or neither does.
    ///
    /// - Parameters:
    ///   - bpm: The display HR.
    ///   - isNewReading: Whether this is a new notification's value (it joins the drop window) or the same value
    ///     evaluated again as time passes.
    ///   - canRaise: Whether the walker is walking and the rule is not suspended.
    ///   - now: Seconds since the session started.
    /// - Returns: The alert to raise or clear, if any.
    public mutating func receive(heartRate bpm: Double, isNewReading: Bool, canRaise: Bool, at now: Double)
        -> Alert?
    {
        receive(
            heartRate: bpm, isNewReading: isNewReading, dropApplies: canRaise, bradycardiaApplies: canRaise, at: now)
    }

    /// Takes the display HR at `now`.
    ///
    /// - Parameters:
    ///   - bpm: The display HR.
    ///   - isNewReading: Whether this is a new notification's value (data have come up to `now`).
    ///   - dropApplies: Whether the drop test may raise (walking, not suspended after a planned stop).
    ///   - bradycardiaApplies: Whether the bradycardia test may raise (the walker is on their feet).
    ///   - now: Seconds since the session started.
    /// - Returns: The alert to raise or clear, if any.
    public mutating func receive(
        heartRate bpm: Double, isNewReading: Bool, dropApplies: Bool, bradycardiaApplies: Bool, at now: Double
    ) -> Alert? {
        if isNewReading {
            lastData = now
            if dropApplies { displayDrop.add(bpm, at: now) }
        }
        if !dropApplies {
            displayDrop.reset()
            beatDrop.reset()
        }
        if !bradycardiaApplies { slowBeats.reset() }
        _ = bradycardia.update(bpm: bpm, at: now, canRaise: bradycardiaApplies)
        let dropped = displayDrop.holds(at: lastData) || beatDrop.holds(at: lastData)
        let slow = bradycardia.isRaised || slowBeats.holds(at: lastData)
        if !isRaised {
            guard dropped || slow else { return nil }
            isRaised = true
            safeSince = nil
            return Self.message.alert(.raised)
        }
        let falling = displayDrop.isFalling || beatDrop.isFalling || slowBeats.isSlow
        guard !falling, bradycardia.isSafe(bpm) else {
            safeSince = nil
            return nil
        }
        let since = safeSince ?? now
        safeSince = since
        guard now - since + timeTolerance >= clearSeconds else { return nil }
        isRaised = false
        _ = bradycardia.forceClear()
        return Self.message.alert(.cleared)
    }

    /// Forgets the drop windows, the slow run and partial persistence (no good signal, or a pause in walking).
    public mutating func suspend() {
        displayDrop.reset()
        beatDrop.reset()
        slowBeats.reset()
        lastThree.removeAll()
        bradycardia.suspend()
        safeSince = nil
    }
}
