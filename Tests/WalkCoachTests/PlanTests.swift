import RetroWalkCore
import Testing
import WalkCoach

@Suite("Plans: model and validation")
struct PlanTests {
    @Test(
        "speeds are read with their unit",
        arguments: [
            ("1.5 mph", 1.5, Plan.Speed.Unit.milesPerHour), ("1.5mph", 1.5, .milesPerHour),
            ("2.4 km/h", 2.4, .kilometresPerHour), (" 3 kmh ", 3, .kilometresPerHour),
        ])
    func speeds(text: String, value: Double, unit: Plan.Speed.Unit) throws {
        let speed = try #require(Plan.Speed(parsing: text))
        #expect(speed == Plan.Speed(value, unit))
    }

    @Test("a speed without a unit, or with another, is not a speed", arguments: ["1.5", "1.5 m/s", "fast", "", "mph"])
    func notSpeeds(text: String) {
        #expect(Plan.Speed(parsing: text) == nil)
    }

    @Test("km/h converts to mph; speeds print as written")
    func speedConversion() {
        #expect(abs(Plan.Speed(2.4, .kilometresPerHour).milesPerHour - 1.4913) < 0.0001)
        #expect(Plan.Speed(2, .milesPerHour).description == "2 mph")
        #expect(Plan.Speed(2.4, .kilometresPerHour).description == "2.4 km/h")
    }

    @Test("a repeat block puts its 'between' steps after every repetition but the last")
    func betweenSemantics() {
        let plan = Plan(
            name: "t", summary: "t",
            items: [
                .step(Plan.StepSpec(.warmup, seconds: 60)),
                .repeating(
                    count: 3, steps: [.step(Plan.StepSpec(.backward, seconds: 30))],
                    between: [.step(Plan.StepSpec(.recovery, seconds: 45))]),
                .step(Plan.StepSpec(.cooldown, seconds: 60)),
            ])
        let kinds: [Plan.StepKind] = [.warmup, .backward, .recovery, .backward, .recovery, .backward, .cooldown]
        #expect(plan.steps.map(\.kind) == kinds)
        #expect(plan.steps.map(\.bout) == [0, 1, 1, 2, 2, 3, 3])
        #expect(plan.duration == 300)  // 60 + 3 × 30 + 2 × 45 + 60
        #expect(plan.validate().isEmpty)
    }

    @Test("a step's speed: its own, else the plan's for its kind, else 1.5 mph backward on a treadmill")
    func stepSpeeds() {
        var plan = Plan.beginner
        #expect(plan.steps.first { $0.kind == .backward }?.speed == Plan.Speed(1.5, .milesPerHour))
        #expect(plan.steps.first?.speed == nil)
        plan.speeds = [:]
        #expect(plan.steps.first { $0.kind == .backward }?.speed == .backwardDefault)
        plan.setting = .outdoors
        #expect(plan.steps.first { $0.kind == .backward }?.speed == nil)
        #expect(Plan.intervals.steps.first { $0.kind == .forward }?.speed == Plan.Speed(2, .milesPerHour))
    }

    /// The problem lines of a plan changed by `change`.
    func problems(_ change: (inout Plan) -> Void) -> [String] {
        var plan = Plan.beginner
        change(&plan)
        return plan.validate().map(\.description)
    }

    @Test("out-of-range values are reported one per key with the allowed range")
    func ranges() {
        #expect(
            problems {
                $0.items[1] = .repeating(
                    count: 0, steps: [.step(Plan.StepSpec(.backward, seconds: 5))],
                    between: [.step(Plan.StepSpec(.recovery, seconds: 60))])
            } == [
                "steps[1].repeat: 0 is out of range; allowed 1...20",
                "steps[1].steps[0].backward.duration_s: 5 is out of range; allowed 10...600",
                "steps: has no backward step; add one, e.g. '- backward: {duration_s: 60}'",
            ])
        #expect(
            problems {
                $0.gate = Plan.Gate(
                    maxHRRFraction: 0.9, withinBPMOfPreBout: 1, maxExtensionSeconds: 900, extensionStepSeconds: 5)
                $0.checkIn.timeoutSeconds = 2
                $0.heartRateEverySeconds = 10
                $0.lookBehind = Plan.LookBehind(steps: 2, cadenceStepsPerMinute: 200)
            } == [
                "look_behind.steps: 2 is out of range; allowed 4...30",
                "look_behind.cadence_spm: 200 is out of range; allowed 40...140",
                "heart_rate_every_s: 10 is out of range; allowed 0 (off) or 30...600",
                "check_in.timeout_s: 2 is out of range; allowed 5...60",
                "gate.max_hrr_fraction: 0.9 is out of range; allowed 0.3...0.8",
                "gate.within_bpm_of_pre_bout: 1 is out of range; allowed 3...30",
                "gate.max_extension_s: 900 is out of range; allowed 0...600",
                "gate.extension_step_s: 5 is out of range; allowed 10...120",
            ])
        #expect(
            problems { $0.speeds[.backward] = Plan.Speed(6, .kilometresPerHour) } == [
                "speed.backward: '6 km/h' is out of range for backward steps; allowed 0.8...4.8 km/h"
            ])
    }

    @Test("the order of the steps: a warm-up first, a forward step before every bout, a cool-down last")
    func order() {
        #expect(
            problems { $0.items.removeFirst() } == [
                "steps[0].steps[0]: a backward bout must follow a forward step (warmup, recovery or forward) of at "
                    + "least 15 s, so that the turn-around and the 3-2-1 count fit; add '- warmup: {duration_s: 120}' "
                    + "before it"
            ])
        #expect(
            problems {
                $0.items[1] = .repeating(count: 2, steps: [.step(Plan.StepSpec(.backward, seconds: 60))], between: [])
            } == [
                "steps[1].steps[0]: two backward bouts in a row; put a forward step between them (in a repeat block: "
                    + "'between: [{recovery: {duration_s: 60}}]')"
            ])
        #expect(
            problems { $0.items.removeLast() } == [
                "steps[1].steps[0]: the plan must end with a cool-down, e.g. '- cooldown: {duration_s: 120}'"
            ])
        #expect(
            problems { $0.items.insert(.step(Plan.StepSpec(.warmup, seconds: 60)), at: 2) } == [
                "steps[2]: a warm-up can only be the first step; use 'forward' or 'recovery' here"
            ])
        #expect(problems { $0.name = " " } == ["name: must not be empty"])
        #expect(
            problems { $0.boutsPerDay = 3 } == [
                "bouts_per_day: 3 is less than the 5 bouts one run walks; allowed 5...20"
            ])
    }

    @Test("durations and numbers are spoken in words; the countdown uses the number clips")
    func wording() {
        #expect(CueWording.words(128) == "one hundred twenty-eight")
        #expect(CueWording.words(40) == "forty")
        let cue = CueWording.turnAround(seconds: 90, bout: 2, of: 3)
        #expect(cue.text == "Turn around. Backward walking for ninety seconds. Bout two of three.")
        #expect(cue.phrases == ["turn_around", "backward_for", "num_90", "seconds", "bout", "num_2", "of", "num_3"])
        #expect(cue.id == "turn_around")
        #expect(CueWording.countdown(3) == Cue(phrases: ["num_3"], text: "Three.", id: "countdown"))
        #expect(CueWording.turnAround(seconds: 120, bout: 1, of: 5).text.contains("for two minutes."))
    }

    @Test("every phrase key the coach speaks is listed once; new keys are within 8 words")
    func phraseKeys() {
        let keys = CueWording.phraseKeys
        #expect(Set(keys).count == keys.count)
        for key in [
            "check_in_question", "check_in_keys", "gate_hold_hr", "gate_hold_no_hr", "gate_hold_checkin", "gate_limit",
            "safe_stop_rails", "safe_stop_turn", "safe_stop_forward", "pause_options", "resume_walk", "rpe_how_hard",
            "rpe_scale", "in_zone", "below_zone", "above_zone", "above_limit", "heart_rate_unknown", "check_behind",
            "num_250",
        ] {
            #expect(keys.contains(key), "\(key)")
        }
        // Each cue's text splits into its clips' texts, none longer than 8 words (SAFETY.md D)
        let cues = [
            CueWording.checkIn, CueWording.gateHoldCheckIn, CueWording.safeStopTreadmill, CueWording.rpeQuestion,
            CueWording.pauseOptions, CueWording.resume, CueWording.gateLimit, CueWording.gateHoldHeartRate,
        ]
        for cue in cues {
            let words = cue.text.split(separator: " ").count
            #expect(words <= 8 * cue.phrases.count, "\(cue.text)")
        }
    }
}
