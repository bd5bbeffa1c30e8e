public import RetroWalkCore

/// R5, sudden drop or bradycardia, while walking: the display HR falls by ≥ `r5.drop_bpm` (20) within
/// `r5.drop_window_s` (10 s), or stays < `r5.bradycardia_bpm` (50) for ≥ `r5.bradycardia_s` (5 s): a high alarm
/// "Stop. Hold on. Sit down if dizzy.". It clears once HR has stayed ≥ 50 + `clear_margin_bpm` with no new drop
/// for `clear_s`; clearing goes on in every monitored phase, raising only while walking (the engine also suspends
/// it for `r5.suspend_after_stop_s` after a planned stop). Off with a pacemaker.
public struct SuddenDropRule: Sendable {
    /// The rule id.
    public static let id = "R5"
    /// The alert's message (phrase key `alarm_r5`).
    public static let message = RuleMessage(
        rule: id, priority: .high, phrase: "alarm_r5", text: "Stop. Hold on. Sit down if dizzy.")

    private struct Reading: Sendable {
        var time: Double
        var bpm: Double
    }

    private var readings = RingBuffer(capacity: 128, filler: Reading(time: 0, bpm: 0))
    private var bradycardia: ThresholdTracker
    private let dropBPM: Double
    private let dropSeconds: Double
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
        dropBPM = settings.r5DropBPM
        dropSeconds = settings.r5DropSeconds
        clearSeconds = settings.clearSeconds
    }

    /// Takes the display HR at `now`.
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
        var dropped = false
        if canRaise {
            while let oldest = readings.first, oldest.time < now - dropSeconds - timeTolerance {
                readings.removeFirst()
            }
            if isNewReading {
                var highest = bpm
                for offset in 0..<readings.count { highest = max(highest, readings[offset].bpm) }
                dropped = highest - bpm >= dropBPM
                readings.append(Reading(time: now, bpm: bpm))
            }
        } else {
            readings.removeAll()
        }
        _ = bradycardia.update(bpm: bpm, at: now, canRaise: canRaise)
        if !isRaised {
            guard canRaise, dropped || bradycardia.isRaised else { return nil }
            isRaised = true
            safeSince = nil
            return Self.message.alert(.raised)
        }
        guard !dropped, bradycardia.isSafe(bpm) else {
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

    /// Forgets the drop window and partial persistence (no good signal, or a pause in walking).
    public mutating func suspend() {
        readings.removeAll()
        bradycardia.suspend()
        safeSince = nil
    }
}
