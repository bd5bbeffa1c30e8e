public import RetroWalkCore

/// R7, frequent ectopy: more than `r7.per_minute` (10) premature beats within 60 s, or at least `r7.run` (3) in a
/// row: a medium "Irregular heartbeat. Please stop and rest.". It clears after `clear_s` with neither, once the
/// signal is good; not raised again within `medium_repeat_s`. Off with known AF.
///
/// A premature beat is a beat of class ``BeatClass/premature`` (``RhythmClassifier``: a coupling interval of at
/// most 85 % of the local sinus RR, confirmed by its compensatory pause or the detector's ectopic call), so
/// bigeminy and trigeminy count in full however long they last; a run is consecutive premature beats (a couplet
/// is 2). The detector's ectopic calls that the pattern test does not confirm are not counted.
public struct FrequentEctopyRule: Sendable {
    /// The rule id.
    public static let id = "R7"
    /// The alert's message (phrase key `alarm_r7`).
    public static let message = RuleMessage(
        rule: id, priority: .medium, phrase: "alarm_r7", text: "Irregular heartbeat. Please stop and rest.")

    private let perMinute: Double
    private let run: Int
    private var times: RingBuffer<Double>
    private var runLength = 0
    private var pendingRun = false
    private var tracker: EventTracker

    /// Creates the rule.
    public init(settings: RuleSettings = .defaults) {
        perMinute = settings.r7PerMinute
        run = max(1, Int(settings.r7Run))
        times = RingBuffer(capacity: Int(settings.r7PerMinute) + 2, filler: 0)
        tracker = EventTracker(
            clearSeconds: settings.clearSeconds, gate: RaiseGate(priority: .medium, settings: settings))
    }

    /// Whether the alert is raised.
    public var isRaised: Bool { tracker.isRaised }

    /// Premature beats counted in the last 60 s (as of the last evaluation).
    public var countInLastMinute: Int { times.count }

    /// Takes one classified beat (while the signal is good).
    public mutating func receive(_ beat: ClassifiedBeat) {
        if beat.classification == .premature {
            times.append(beat.time)
            runLength += 1
        } else {
            runLength = 0
        }
        if runLength >= run { pendingRun = true }
    }

    /// Forgets the run in progress (a gap in the data).
    public mutating func interrupt() {
        runLength = 0
    }

    /// Evaluates at `now`.
    public mutating func evaluate(at now: Double, signalIsGood: Bool) -> Alert? {
        defer { pendingRun = false }
        while let oldest = times.first, oldest <= now - 60 { times.removeFirst() }
        let active = pendingRun || Double(times.count) > perMinute
        return tracker.update(active: active, at: now, canClear: signalIsGood).map(Self.message.alert)
    }
}
