import RetroWalkCore
import RetroWalkTesting
import SafetyRules

/// An alert with the time of the call that returned it.
struct TimedAlert: Sendable {
    var time: Double
    var alert: Alert

    var rule: String { alert.rule }
    var change: Alert.Change { alert.change }
    var priority: Priority { alert.priority }
}

/// Drives a ``RuleEngine`` on virtual time the way the session runner does: each notification, then ticks
/// every half second until the next one; records every alert and the display HR after each notification.
struct EngineDriver {
    var engine: RuleEngine
    private(set) var alerts: [TimedAlert] = []
    private(set) var displayTrace: [(time: Double, bpm: Double?)] = []
    private(set) var now = 0.0
    var tickInterval = 0.5

    init(
        profile: Profile = Profile(),
        settings: RuleSettings = .defaults,
        sessionNumber: Int = 1,
        phase: Phase = .backward
    ) {
        engine = RuleEngine(profile: profile, settings: settings, sessionNumber: sessionNumber)
        record(engine.enter(phase, at: 0), at: 0)
        record(engine.receive(signal: .connected, at: 0), at: 0)
    }

    private mutating func record(_ new: [Alert], at time: Double) {
        alerts += new.map { TimedAlert(time: time, alert: $0) }
    }

    /// Ticks from the current time up to (not including) `time`, then moves the clock there.
    mutating func advance(to time: Double) {
        var next = now + tickInterval
        while next < time - 1e-9 {
            record(engine.tick(at: next), at: next)
            next += tickInterval
        }
        now = max(now, time)
    }

    /// Feeds notifications in order, ticking between them.
    mutating func feed(_ samples: [HeartRateSample]) {
        for sample in samples {
            advance(to: sample.time)
            record(engine.receive(sample), at: sample.time)
            displayTrace.append((sample.time, engine.displayBPM))
        }
    }

    /// Ticks until `time` with no notification (the strap silent).
    mutating func idle(until time: Double) {
        advance(to: time)
        record(engine.tick(at: time), at: time)
    }

    mutating func enter(_ phase: Phase, at time: Double) {
        advance(to: time)
        record(engine.enter(phase, at: time), at: time)
    }

    mutating func signal(_ state: SignalState, at time: Double) {
        advance(to: time)
        record(engine.receive(signal: state, at: time), at: time)
    }

    mutating func report(_ symptom: Symptom, at time: Double) {
        advance(to: time)
        record(engine.report(symptom, at: time), at: time)
    }

    mutating func report(rpe: Int, at time: Double) {
        advance(to: time)
        record(engine.report(rpe: rpe, at: time), at: time)
    }

    mutating func battery(_ percent: Int, at time: Double) {
        advance(to: time)
        record(engine.receive(battery: percent, at: time), at: time)
    }

    mutating func userStop(at time: Double) {
        advance(to: time)
        record(engine.userStop(at: time), at: time)
    }

    mutating func acknowledge(at time: Double) -> [Alert] {
        advance(to: time)
        let acknowledged = engine.acknowledge(at: time)
        record(acknowledged, at: time)
        return acknowledged
    }

    // MARK: Queries

    func alerts(_ rule: String, _ change: Alert.Change? = nil) -> [TimedAlert] {
        alerts.filter { $0.rule == rule && (change == nil || $0.change == change) }
    }

    func firstRaise(_ rule: String) -> TimedAlert? { alerts(rule, .raised).first }
    func firstClear(_ rule: String) -> TimedAlert? { alerts(rule, .cleared).first }

    /// Alerts that would sound as alarms (low, medium or high raises).
    var alarms: [TimedAlert] { alerts.filter { $0.change == .raised && $0.priority > .info } }

    /// The first time at or after `start` the display HR satisfies `condition`.
    func firstDisplay(after start: Double = 0, where condition: (Double) -> Bool) -> Double? {
        displayTrace.first { $0.time >= start && ($0.bpm.map(condition) ?? false) }?.time
    }
}

/// Notifications for a sinus rhythm following `course`, from `start` to `end`.
func sinus(
    _ course: HeartRateCourse,
    from start: Double = 0,
    to end: Double,
    seed: UInt64 = 1,
    arrhythmia: Double = 0.01,
    noise: Double = 0.008,
    events: [(time: Double, event: SyntheticRR.Event)] = [],
    contact: Contact = .detected
) -> [HeartRateSample] {
    var generator = SyntheticRR(seed: seed, arrhythmiaFraction: arrhythmia, noiseFraction: noise)
    let beats = generator.beats(from: start, to: end + 2, course: course, events: events)
    return SyntheticRR.notifications(for: beats, from: start, to: end, contact: contact)
}

/// A course with instant steps: `bpm` from time 0, then each (time, bpm).
func steps(_ bpm: Double, _ later: (time: Double, bpm: Double)...) -> HeartRateCourse {
    HeartRateCourse(startBPM: bpm, timeConstant: 0, steps: later)
}
