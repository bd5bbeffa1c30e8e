import RetroWalkCore
import SafetyRules
import SessionEngine
import SoundEngine
import Testing
import WalkCoach

/// Drives a session the way the driver does: ticks on the 0.1 s grid, inputs at their times.
struct Harness {
    var session: Session
    var effects: [(time: Double, effect: SessionEffect)] = []
    private var nextTick = 0.0

    init(_ session: Session) { self.session = session }

    /// Ticks up to `time`, then steps `input` at `time`.
    mutating func at(_ time: Double, _ input: SessionInput) {
        run(to: time)
        record(session.step(input, at: .seconds(time)), at: time)
    }

    /// Ticks every 0.1 s up to and including `time`.
    mutating func run(to time: Double) {
        while nextTick <= time + 1e-9, !session.isFinished {
            record(session.step(.tick, at: .seconds(nextTick)), at: nextTick)
            nextTick = ((nextTick + 0.1) * 10).rounded() / 10
        }
    }

    /// One notification a second at `bpm` with a matching RR, from `start` to `end`.
    mutating func samples(from start: Double, to end: Double, bpm: UInt16 = 90, contact: Contact = .detected) {
        var time = start
        while time <= end + 1e-9 {
            let rr = RRInterval.raw(fromMilliseconds: 60_000 / Double(bpm))
            at(time, .sample(HeartRateSample(time: time, beatsPerMinute: bpm, contact: contact, rrIntervals: [rr])))
            time += 1
        }
    }

    private mutating func record(_ new: [SessionEffect], at time: Double) {
        effects += new.map { (time, $0) }
    }

    var events: [SessionEvent] {
        effects.compactMap { if case .event(let event) = $0.effect { event } else { nil } }
    }

    var signals: [(Double, SignalState, String?)] {
        events.compactMap { if case .signal(let state, let reason) = $0.kind { ($0.time, state, reason) } else { nil } }
    }

    var sounds: [SoundRequest] {
        effects.compactMap { if case .sound(let request) = $0.effect { request } else { nil } }
    }
}

@Suite("Session")
struct SessionTests {
    func rules() -> RuleEngine { RuleEngine(profile: Profile()) }

    func planSession(walkerCanRate: Bool = false, script: KeyScript? = nil) -> Session {
        let coach = Coach(plan: .beginner, limits: CoachLimits(maxBPM: 162.5, restingBPM: 68))
        return Session(
            activity: .plan(coach), rules: rules(), script: script, simulatedWalker: script == nil,
            walkerCanRate: walkerCanRate)
    }

    @Test("connecting, connected with the first notification, lost after a 3 s stall (with a reconnect), restored")
    func linkHealth() {
        // Given a strap that streams for 10 s, then goes silent, then comes back at 20 s
        var harness = Harness(Session(activity: .listening, rules: rules()))
        harness.at(0, .linkConnecting)
        harness.samples(from: 1, to: 10)
        harness.run(to: 19.9)
        harness.samples(from: 20, to: 22)
        // Then the walker is told exactly this, with the lost link 3 s after the last notification
        let signals = harness.signals
        #expect(signals.map(\.1) == [.connecting, .connected, .lost, .restored])
        #expect(signals[2].0 == 13)
        #expect(signals[2].2 == "no notification for 3 s")
        #expect(signals[3].2 == "after 7.0 s")
        // And the stall asked the capture layer to reconnect, once
        let restarts = harness.effects.filter { if case .restartLink = $0.effect { true } else { false } }
        #expect(restarts.map(\.time) == [13])
    }

    @Test("a transport failure is a lost link at once, reported once per outage; later failures are not news")
    func linkFailure() {
        var harness = Harness(Session(activity: .listening, rules: rules()))
        harness.at(0, .linkConnecting)
        harness.samples(from: 1, to: 5)
        harness.at(5.5, .linkFailed(reason: "end of file"))
        harness.at(6, .linkFailed(reason: "connect refused"))
        harness.samples(from: 8, to: 9)
        #expect(harness.signals.map(\.1) == [.connecting, .connected, .lost, .restored])
        #expect(harness.signals[2].2 == "end of file")
        #expect(harness.signals[3].2 == "after 2.5 s")
        // No stall was reported on top of the failure
        #expect(!harness.effects.contains { if case .restartLink = $0.effect { true } else { false } })
    }

    @Test("contact changes become signal events; 'unsupported' is not a loss of contact")
    func contact() {
        var harness = Harness(Session(activity: .listening, rules: rules()))
        harness.samples(from: 1, to: 1, contact: .detected)
        harness.samples(from: 2, to: 2, contact: .notDetected)
        harness.samples(from: 3, to: 3, contact: .detected)
        harness.samples(from: 4, to: 4, contact: .unsupported)
        #expect(
            harness.signals.map(\.1) == [.connected, .contactLost, .contactRestored])
    }

    @Test("cues are spoken, raised alarms sounded, cleared and acknowledged ones stopped")
    func sounds() {
        // Given a plan session whose heart rate crosses the hard ceiling in the warm-up
        var harness = Harness(planSession())
        harness.at(0, .linkConnecting)
        harness.samples(from: 1, to: 20, bpm: 90)
        harness.samples(from: 21, to: 40, bpm: 170)
        harness.at(40.5, .key(.acknowledge))
        // Then the warm-up cue was spoken, R3 sounded, and the acknowledgement stopped its repeats
        let sounds = harness.sounds
        guard case .cue(let first, _) = sounds.first else {
            Issue.record("no cue first")
            return
        }
        #expect(first.id == "warmup")
        #expect(sounds.contains { if case .alarm(let alert) = $0 { alert.rule == "R3" } else { false } })
        #expect(sounds.contains(.clear(rule: "R3")))
        // And the status shows the alarm as acknowledged
        let status = harness.effects.compactMap { if case .status(let status) = $0.effect { status } else { nil } }
        let r3 = status.last?.alarms.first { $0.alert.rule == "R3" }
        #expect(r3?.acknowledged == true)
    }

    @Test("a stop request ends the session at once as ended by signal, with the summary last")
    func stop() {
        var harness = Harness(planSession())
        harness.samples(from: 1, to: 30)
        harness.at(30.2, .stop(reason: "SIGTERM"))
        let events = harness.events
        #expect(events.suffix(2).map(\.name) == ["stop", "summary"])
        guard case .summary(let summary) = events.last?.kind else {
            Issue.record("no summary")
            return
        }
        #expect(summary.endState == .endedBySignal)
        #expect(summary.endedEarly)
        #expect(summary.duration == 30.2)
        #expect(summary.samples == 30)
        #expect(harness.session.isFinished)
        // Inputs after the end change nothing
        #expect(harness.session.step(.tick, at: .seconds(31)).isEmpty)
    }

    @Test("after the plan: 4 s of closing words, or up to 60 s for the rating when a walker can give one")
    func closing() {
        for (canRate, wait) in [(false, 4.0), (true, 60.0)] {
            var harness = Harness(planSession(walkerCanRate: canRate))
            harness.samples(from: 0, to: 900, bpm: 95)
            let done = harness.events.first {
                if case .phase(.done, _, _) = $0.kind { true } else { false }
            }?.time
            let summary = harness.events.last
            #expect(summary?.name == "summary")
            #expect(done.map { summary!.time - $0 } == wait)
        }
    }

    @Test("a rating typed after 'How hard was that?' ends the wait and is in the summary")
    func rating() {
        var harness = Harness(planSession(walkerCanRate: true))
        harness.samples(from: 0, to: 790, bpm: 95)
        harness.at(790.5, .key(.rating(12)))
        harness.samples(from: 791, to: 900, bpm: 95)
        guard case .summary(let summary) = harness.events.last?.kind else {
            Issue.record("no summary")
            return
        }
        #expect(summary.rpe == 12)
        #expect(summary.endState == .finished)
    }

    @Test(
        "a recording without a plan is one walking phase that ends with its last reading; silence after it is not a loss"
    )
    func recording() {
        var harness = Harness(Session(activity: .walking, rules: rules(), source: .recording))
        harness.samples(from: 0, to: 60)
        harness.at(60, .sourceEnded)
        #expect(harness.events.first?.kind == .phase(.walking, bout: 0, of: 0))
        #expect(harness.events.last?.name == "summary")
        #expect(harness.events.last?.time == 60)
        #expect(!harness.signals.contains { $0.1 == .lost })
    }

    @Test("a time limit ends the session early")
    func timeLimit() {
        let coach = Coach(plan: .beginner, limits: CoachLimits(maxBPM: 162.5, restingBPM: 68))
        var harness = Harness(Session(activity: .plan(coach), rules: rules(), timeLimit: .seconds(30)))
        harness.samples(from: 0, to: 40)
        guard case .summary(let summary) = harness.events.last?.kind else {
            Issue.record("no summary")
            return
        }
        #expect(summary.duration == 30)
        #expect(summary.endState == .endedEarly)
    }

    @Test("what other threads report becomes an event every output sees")
    func reports() {
        var harness = Harness(Session(activity: .listening, rules: rules()))
        harness.at(1, .outputStalled(sink: "stdout", dropped: 12))
        harness.at(2, .store(.failed(reason: "disk full")))
        harness.at(3, .store(.recovered(written: 40)))
        harness.at(4, .audioFault("device gone"))
        harness.at(5, .battery(80))
        harness.at(6, .battery(80))
        #expect(
            harness.events.map(\.jsonLine) == [
                #"{"t": 1.0, "event": "output", "state": "stalled", "sink": "stdout", "dropped": 12}"#,
                #"{"t": 2.0, "event": "store", "state": "failed", "reason": "disk full"}"#,
                #"{"t": 3.0, "event": "store", "state": "recovered", "written": 40}"#,
                #"{"t": 4.0, "event": "audio", "state": "fault", "reason": "device gone"}"#,
                #"{"t": 5.0, "event": "battery", "percent": 80}"#,
            ])
    }

    @Test("a status comes once a second and after every change a screen shows")
    func status() {
        var harness = Harness(Session(activity: .listening, rules: rules()))
        harness.run(to: 3)
        harness.at(3.5, .battery(50))
        let times = harness.effects.compactMap { if case .status(let status) = $0.effect { status.time } else { nil } }
        #expect(times == [0, 1, 2, 3, 3.5])
    }

    @Test("without status reports (a replay) the steps return the same events and no status")
    func noStatus() {
        var reporting = Harness(Session(activity: .listening, rules: rules()))
        var quiet = Harness(Session(activity: .listening, rules: rules(), reportsStatus: false))
        reporting.run(to: 3)
        reporting.at(3.5, .battery(50))
        quiet.run(to: 3)
        quiet.at(3.5, .battery(50))
        #expect(quiet.events.map(\.jsonLine) == reporting.events.map(\.jsonLine))
        #expect(!quiet.effects.contains { if case .status = $0.effect { true } else { false } })
        #expect(reporting.effects.contains { if case .status = $0.effect { true } else { false } })
    }
}
