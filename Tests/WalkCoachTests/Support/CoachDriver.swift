import RetroWalkCore
import Testing
import WalkCoach

/// Runs a coach on a virtual clock, 0.1 s a tick, with a scripted status and, unless told otherwise, a walker who
/// answers every check-in "fine" 2 s after it opens.
struct CoachDriver {
    var coach: Coach
    /// Heart rate, zone and alarm state at a time.
    var status: (Double) -> CoachStatus
    /// Seconds after a check-in opens that the walker answers "fine"; `nil` never answers.
    var checkInAnswerDelay: Double? = 2
    private(set) var events: [SessionEvent] = []
    private var tick = 0
    private var checkInOpenedAt: Double?

    init(
        _ plan: Plan, firstBout: Int = 1, limits: CoachLimits = CoachDriver.limits,
        status: @escaping (Double) -> CoachStatus = { _ in CoachDriver.steady }
    ) {
        coach = Coach(plan: plan, limits: limits, firstBout: firstBout)
        self.status = status
    }

    /// HRmax 160, rest 70: 50 % of heart-rate reserve is 115 bpm.
    static let limits = CoachLimits(maxBPM: 160, restingBPM: 70)
    /// A steady session: 100 bpm, in zone, no alarm.
    static let steady = CoachStatus(heartRateBPM: 100, zone: .zone, alarmActive: false)

    /// The time of the last tick run.
    var now: Double { Double(max(0, tick - 1)) / 10 }

    /// Advances tick by tick up to and including `end`.
    mutating func run(until end: Double) {
        let last = Int((end * 10).rounded())
        while tick <= last {
            let time = Double(tick) / 10
            events += coach.advance(to: time, status: status(time))
            if coach.isAwaitingCheckIn, let delay = checkInAnswerDelay {
                let opened = checkInOpenedAt ?? time
                checkInOpenedAt = opened
                if time - opened >= delay - 1e-9 {
                    events += coach.answer(.fine, at: time)
                    checkInOpenedAt = nil
                }
            } else if !coach.isAwaitingCheckIn {
                checkInOpenedAt = nil
            }
            tick += 1
        }
    }

    /// Runs to `time`, then presses a key.
    mutating func press(_ input: CoachInput, at time: Double) {
        run(until: time)
        events += coach.answer(input, at: time)
    }

    /// Runs to `time`, then a high-priority alarm asks for a safe stop.
    mutating func safeStop(at time: Double, rule: String) {
        run(until: time)
        events += coach.safeStop(at: time, reason: .alarm(rule: rule))
    }

    /// The cues said, with their times.
    var cues: [(time: Double, cue: Cue)] {
        events.compactMap { event in
            guard case .cue(let cue) = event.kind else { return nil }
            return (event.time, cue)
        }
    }

    /// The times of the cues with an id.
    func times(of id: String) -> [Double] { cues.filter { $0.cue.id == id }.map(\.time) }

    /// Every event but the look-behind cues, as `(time, "kind detail")`.
    var timeline: [(Double, String)] {
        events.compactMap { event in
            switch event.kind {
            case .phase(let phase, let bout, let of): (event.time, "phase \(phase.rawValue) \(bout)/\(of)")
            case .cue(let cue) where cue.id == "look_behind": nil
            case .cue(let cue): (event.time, "cue \(cue.id) \(cue.text)")
            case .checkIn(let answer, let bout): (event.time, "checkin \(answer.rawValue) \(bout)")
            case .symptom(let symptom, let source): (event.time, "symptom \(symptom.rawValue) \(source)")
            case .user(let action): (event.time, "user \(action.rawValue)")
            case .rpe(let value, let scale): (event.time, "rpe \(value) \(scale)")
            default: nil
            }
        }
    }
}

/// Checks a timeline against the expected one: the same entries in the same order, each within `tolerance` s.
func expectTimeline(
    _ actual: [(Double, String)], _ expected: [(Double, String)], tolerance: Double = 1,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        actual.map(\.1) == expected.map(\.1), "entries differ: \(actual.map { "\($0.0) \($0.1)" })",
        sourceLocation: sourceLocation)
    for (got, want) in zip(actual, expected) where abs(got.0 - want.0) > tolerance {
        Issue.record("'\(want.1)' at \(got.0), expected \(want.0) ± \(tolerance)", sourceLocation: sourceLocation)
    }
}

/// Whether the events are stamped in non-decreasing time.
func isInTimeOrder(_ events: [SessionEvent]) -> Bool {
    zip(events, events.dropFirst()).allSatisfy { $0.time <= $1.time }
}
