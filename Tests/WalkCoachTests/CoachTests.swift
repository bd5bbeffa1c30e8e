import RetroWalkCore
import Testing
import WalkCoach

@Suite("Walk coach")
struct CoachTests {
    /// Runs a coach on a 0.1 s tick and returns every event.
    func timeline(_ coach: inout Coach, until end: Double) -> [SessionEvent] {
        var events: [SessionEvent] = []
        for step in 0...Int(end * 10) { events += coach.advance(to: Double(step) / 10) }
        return events
    }

    @Test("the beginner plan: 2 min warm-up, 5 × 60 s backward with 60 s between, 2 min cool-down")
    func beginnerSteps() {
        let steps = Plan.beginner.steps
        #expect(
            steps.map(\.phase) == [.warmup] + Array(repeating: [Phase.backward, .recovery], count: 4).flatMap { $0 } + [
                .backward, .cooldown,
            ])
        #expect(steps.map(\.start) == [0, 120, 180, 240, 300, 360, 420, 480, 540, 600, 660])
        #expect(Plan.beginner.duration == 780)
        #expect(Plan.beginner.validate().isEmpty)
    }

    @Test("cues come in plan order at the planned times")
    func cueTimeline() {
        var coach = Coach(plan: .beginner)
        let events = timeline(&coach, until: 800)
        let phases = events.compactMap { event -> String? in
            guard case .phase(let phase, let bout, _) = event.kind else { return nil }
            return "\(Int(event.time)) \(phase.rawValue) \(bout)"
        }
        #expect(
            phases == [
                "0 warmup 0", "120 backward 1", "180 recovery 1", "240 backward 2", "300 recovery 2", "360 backward 3",
                "420 recovery 3", "480 backward 4", "540 recovery 4", "600 backward 5", "660 cooldown 0", "780 done 0",
            ]
        )
        let cues = events.compactMap { event -> String? in
            guard case .cue(let cue) = event.kind else { return nil }
            return "\(Int(event.time)) \(cue.text)"
        }
        #expect(cues.first == "0 Warm up. Walk forward at an easy pace.")
        #expect(cues[1] == "120 Turn around. Backward walking for one minute. Bout one of five.")
        #expect(cues[2] == "150 Halfway.")
        #expect(cues[3] == "180 Forward now.")
        #expect(cues.contains("660 Forward now. Cool down. Walk forward slowly."))
        #expect(cues.last == "780 Session complete. Well done.")
        #expect(cues.count == 1 + 5 * 2 + 4 + 1 + 1)
        #expect(coach.boutsCompleted == 5)
        #expect(!coach.stoppedEarly)
        // Every event is stamped with the time it was due, in order.
        #expect(events.map(\.time) == events.map(\.time).sorted())
    }

    @Test("a safe stop mid-bout goes to cool-down and drops the bout's pending cues")
    func safeStop() {
        var coach = Coach(plan: .beginner)
        _ = timeline(&coach, until: 380)  // in bout 3, before halfway (390)
        let stop = coach.stop(at: 380)
        #expect(stop.first.map { if case .phase(.cooldown, _, _) = $0.kind { true } else { false } } == true)
        var later: [SessionEvent] = []
        for step in 3801...6000 { later += coach.advance(to: Double(step) / 10) }
        #expect(!later.contains { if case .cue(let cue) = $0.kind { cue.text == "Halfway." } else { false } })
        #expect(later.contains { if case .phase(.done, _, _) = $0.kind { $0.time == 500 } else { false } })
        #expect(coach.boutsCompleted == 2)
        #expect(coach.stoppedEarly)
    }

    @Test("durations and numbers are spoken in words")
    func wording() {
        #expect(CueWording.words(128) == "one hundred twenty-eight")
        #expect(CueWording.words(40) == "forty")
        let cue = CueWording.turnAround(seconds: 90, bout: 2, of: 3)
        #expect(cue.text == "Turn around. Backward walking for ninety seconds. Bout two of three.")
        #expect(cue.phrases == ["turn_around", "backward_for", "num_90", "seconds", "bout", "num_2", "of", "num_3"])
    }

    @Test("invalid plans are reported one line per problem with the allowed range")
    func validation() {
        var plan = Plan.beginner
        plan.bouts = 0
        plan.backwardSeconds = 5
        #expect(
            plan.validate() == [
                "bouts: 0 is out of range; allowed 1...20", "backward_s: 5 is out of range; allowed 10...600",
            ])
    }
}
