import Foundation
import RetroWalk
import Testing
import WalkCoach

@Suite("Plan files")
struct PlanLoaderTests {
    static let plans = RetroWalkBinary.packageRoot.appendingPathComponent("config/plans").path

    @Test(
        "the shipped plans load and are the plans in the code",
        arguments: [("beginner", Plan.beginner), ("split", Plan.split), ("intervals", Plan.intervals)])
    func shipped(name: String, plan: Plan) throws {
        let loaded = try PlanLoader.load(file: "\(Self.plans)/\(name).yaml")
        #expect(loaded == plan)
    }

    @Test("a plan is found by name in config/plans, the user's folder first")
    func byName() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(
            atPath: folder.path("xdg/retrowalk/plans"), withIntermediateDirectories: true)
        try Self.valid.replacingOccurrences(of: "name: mine", with: "name: beginner-mine")
            .write(toFile: folder.path("xdg/retrowalk/plans/beginner.yaml"), atomically: true, encoding: .utf8)
        let loader = PlanLoader(
            locator: ResourceLocator(
                environment: [
                    "XDG_CONFIG_HOME": folder.path("xdg"),
                    "RETROWALK_CONFIG_DIR": RetroWalkBinary.packageRoot.appendingPathComponent("config").path,
                ],
                executablePath: "/nonexistent/retrowalk"))
        #expect(try loader.load("beginner").name == "beginner-mine")
        #expect(try loader.load("split") == Plan.split)
        #expect(loader.availablePlans() == ["beginner", "intervals", "split"])
        #expect(throws: AppError.self) { try loader.load("marathon") }
    }

    /// A small valid plan the bad ones are made from.
    static let valid = """
        name: mine
        summary: one bout
        steps:
          - warmup: {duration_s: 60}
          - backward: {duration_s: 30}
          - cooldown: {duration_s: 60}

        """

    @Test("a valid plan with every setting written out")
    func everySetting() throws {
        let yaml = """
            name: full
            summary: everything
            setting: outdoors
            speed: {backward: 1.2 mph, forward: 3.2 km/h}
            incline: {backward: 2}
            bouts_per_day: 4
            steps:
              - warmup: {duration_s: 60, speed: 1 mph}
              - repeat: 2
                steps:
                  - backward: {duration_s: 45}
                between:
                  - forward: {duration_s: 30, incline: 1}
              - cooldown: {duration_s: 60}
            look_behind: {steps: 8, cadence_spm: 75}
            heart_rate_every_s: 45
            check_in: {timeout_s: 15}
            gate: {max_hrr_fraction: off, within_bpm_of_pre_bout: 12, max_extension_s: 90, extension_step_s: 45}

            """
        let (plan, problems) = PlanLoader.parse(yaml: yaml, file: "full.yaml")
        #expect(problems == [])
        let parsed = try #require(plan)
        #expect(parsed.setting == .outdoors)
        #expect(
            parsed.speeds == [.backward: Plan.Speed(1.2, .milesPerHour), .forward: Plan.Speed(3.2, .kilometresPerHour)])
        #expect(parsed.inclines == [.backward: 2])
        #expect(parsed.steps.map(\.kind) == [.warmup, .backward, .forward, .backward, .cooldown])
        #expect(parsed.steps.first?.speed == Plan.Speed(1, .milesPerHour))
        #expect(parsed.steps.map(\.inclinePercent) == [nil, 2, 1, 2, nil])
        #expect(parsed.totalBouts == 4)
        #expect(parsed.lookBehind == Plan.LookBehind(steps: 8, cadenceStepsPerMinute: 75))
        #expect(parsed.lookBehindInterval == 6.4)
        #expect(parsed.heartRateEverySeconds == 45)
        #expect(parsed.checkIn.timeoutSeconds == 15)
        #expect(
            parsed.gate
                == Plan.Gate(
                    maxHRRFraction: nil, withinBPMOfPreBout: 12, maxExtensionSeconds: 90, extensionStepSeconds: 45))
    }

    /// A bad plan: its YAML, and the problem lines expected (without the `Plan file 'bad.yaml': ` prefix).
    struct BadPlan: Sendable, CustomTestStringConvertible {
        var what: String
        var yaml: String
        var problems: [String]
        var testDescription: String { what }
    }

    static let badPlans: [BadPlan] = [
        BadPlan(
            what: "the old flat format",
            yaml: "name: old\nsummary: x\nwarmup_s: 60\nbouts: 5\nbackward_s: 60\nrecovery_s: 60\ncooldown_s: 60\n",
            problems: [
                "warmup_s: unknown key (value '60'); the keys are name, summary, setting, speed, incline, steps, "
                    + "bouts_per_day, look_behind, heart_rate_every_s, check_in, gate, progression; plans now list their steps "
                    + "under 'steps:' (see config/plans/beginner.yaml)",
                "bouts: unknown key (value '5'); the keys are name, summary, setting, speed, incline, steps, "
                    + "bouts_per_day, look_behind, heart_rate_every_s, check_in, gate, progression; plans now list their steps "
                    + "under 'steps:' (see config/plans/beginner.yaml)",
                "backward_s: unknown key (value '60'); the keys are name, summary, setting, speed, incline, steps, "
                    + "bouts_per_day, look_behind, heart_rate_every_s, check_in, gate, progression; plans now list their steps "
                    + "under 'steps:' (see config/plans/beginner.yaml)",
                "recovery_s: unknown key (value '60'); the keys are name, summary, setting, speed, incline, steps, "
                    + "bouts_per_day, look_behind, heart_rate_every_s, check_in, gate, progression; plans now list their steps "
                    + "under 'steps:' (see config/plans/beginner.yaml)",
                "cooldown_s: unknown key (value '60'); the keys are name, summary, setting, speed, incline, steps, "
                    + "bouts_per_day, look_behind, heart_rate_every_s, check_in, gate, progression; plans now list their steps "
                    + "under 'steps:' (see config/plans/beginner.yaml)",
                "steps: missing; every plan needs name, summary and steps",
            ]),
        BadPlan(
            what: "a typo in a top-level key",
            yaml: valid + "heart_rate_every: 60\n",
            problems: [
                "heart_rate_every: unknown key (value '60'); the keys are name, summary, setting, speed, incline, "
                    + "steps, bouts_per_day, look_behind, heart_rate_every_s, check_in, gate, progression"
            ]),
        BadPlan(
            what: "missing name and summary",
            yaml:
                "steps:\n  - warmup: {duration_s: 60}\n  - backward: {duration_s: 30}\n  - cooldown: {duration_s: 60}\n",
            problems: [
                "name: missing; every plan needs name, summary and steps",
                "summary: missing; every plan needs name, summary and steps",
            ]),
        BadPlan(
            what: "steps not a list",
            yaml: "name: x\nsummary: x\nsteps: 60\n",
            problems: ["steps: is '60'; expected a list of steps, each starting with '- '"]),
        BadPlan(
            what: "an unknown kind of step",
            yaml: valid.replacingOccurrences(of: "- backward:", with: "- walk:"),
            problems: [
                "steps[1].walk: unknown step; expected one of warmup, backward, recovery, forward, cooldown with its "
                    + "duration_s, or repeat"
            ]),
        BadPlan(
            what: "two steps in one list item",
            yaml: valid.replacingOccurrences(
                of: "  - backward: {duration_s: 30}",
                with: "  - backward: {duration_s: 30}\n    recovery: {duration_s: 30}"),
            problems: [
                "steps[1]: has the keys backward, recovery; one step per list item (start each with '- '), or a repeat "
                    + "block with repeat, steps and between"
            ]),
        BadPlan(
            what: "a duration that is not whole seconds",
            yaml: valid.replacingOccurrences(of: "{duration_s: 30}", with: "{duration_s: 1.5}"),
            problems: ["steps[1].backward.duration_s: '1.5' is not a whole number of seconds; allowed 10...600"]),
        BadPlan(
            what: "a step without its duration",
            yaml: valid.replacingOccurrences(of: "- warmup: {duration_s: 60}", with: "- warmup:"),
            problems: ["steps[0].warmup.duration_s: missing; every step needs its length in seconds, allowed 15...1800"]
        ),
        BadPlan(
            what: "a misspelt key in a step",
            yaml: valid.replacingOccurrences(of: "{duration_s: 30}", with: "{duration_s: 30, sped: 1 mph}"),
            problems: [
                "steps[1].backward.sped: unknown key (value '1 mph'); the keys here are duration_s, speed, incline"
            ]),
        BadPlan(
            what: "a speed without its unit",
            yaml: valid + "speed:\n  backward: 1.5\n",
            problems: ["speed.backward: '1.5' is not a speed; write a number and its unit: '1.5 mph' or '2.4 km/h'"]),
        BadPlan(
            what: "a backward speed above 3 mph",
            yaml: valid.replacingOccurrences(of: "{duration_s: 30}", with: "{duration_s: 30, speed: 4 mph}"),
            problems: ["steps[1].backward.speed: '4 mph' is out of range for backward steps; allowed 0.5...3 mph"]),
        BadPlan(
            what: "a bout too short and a repeat too many",
            yaml: """
                name: x
                summary: x
                steps:
                  - warmup: {duration_s: 60}
                  - repeat: 50
                    steps:
                      - backward: {duration_s: 2}
                    between:
                      - recovery: {duration_s: 60}
                  - cooldown: {duration_s: 60}

                """,
            problems: [
                "steps[1].repeat: 50 is out of range; allowed 1...20",
                "steps[1].steps[0].backward.duration_s: 2 is out of range; allowed 10...600",
                "steps: makes 50 backward bouts in one run; allowed 1...20 (lower a repeat)",
            ]),
        BadPlan(
            what: "a repeat block without its steps, and an unknown key in it",
            yaml: valid.replacingOccurrences(
                of: "  - backward: {duration_s: 30}\n", with: "  - repeat: 3\n    between: []\n    every: 2\n"),
            problems: [
                "steps[1].every: unknown key in a repeat block (value '2'); the keys are repeat, steps, between",
                "steps[1].steps: missing; a repeat block needs the steps to repeat",
            ]),
        BadPlan(
            what: "bouts back to back in a repeat block without 'between'",
            yaml: valid.replacingOccurrences(
                of: "  - backward: {duration_s: 30}\n",
                with: "  - repeat: 2\n    steps:\n      - backward: {duration_s: 30}\n"
            ),
            problems: [
                "steps[1].steps[0]: two backward bouts in a row; put a forward step between them (in a repeat block: "
                    + "'between: [{recovery: {duration_s: 60}}]')"
            ]),
        BadPlan(
            what: "no cool-down at the end",
            yaml: valid.replacingOccurrences(of: "  - cooldown: {duration_s: 60}\n", with: ""),
            problems: ["steps[1]: the plan must end with a cool-down, e.g. '- cooldown: {duration_s: 120}'"]),
        BadPlan(
            what: "an unknown setting",
            yaml: valid + "setting: gym\n",
            problems: ["setting: 'gym' is not a setting; allowed treadmill, outdoors"]),
        BadPlan(
            what: "gate settings misspelt or not numbers",
            yaml: valid + "gate: {max_hr: 150, within_bpm_of_pre_bout: many}\n",
            problems: [
                "gate.max_hr: unknown key (value '150'); the keys here are max_hrr_fraction, within_bpm_of_pre_bout, "
                    + "max_extension_s, extension_step_s",
                "gate.within_bpm_of_pre_bout: 'many' is not a number (bpm) or 'off'",
            ]),
        BadPlan(
            what: "coach settings out of range",
            yaml: valid + """
                look_behind: {steps: 50}
                check_in: {timeout_s: 100}
                gate: {max_hrr_fraction: 1.5}
                heart_rate_every_s: 5

                """,
            problems: [
                "look_behind.steps: 50 is out of range; allowed 4...30",
                "heart_rate_every_s: 5 is out of range; allowed 0 (off) or 30...600",
                "check_in.timeout_s: 100 is out of range; allowed 5...60",
                "gate.max_hrr_fraction: 1.5 is out of range; allowed 0.3...0.8",
            ]),
        BadPlan(
            what: "an incline above 10 %",
            yaml: valid + "incline: {backward: 12}\n",
            problems: ["incline.backward: 12 is out of range; allowed 0...10"]),
        BadPlan(
            what: "fewer bouts a day than a run walks",
            yaml: valid + "bouts_per_day: 0\n",
            problems: ["bouts_per_day: 0 is out of range; allowed 1...20"]),
        BadPlan(
            what: "not YAML",
            yaml: "name: [unclosed\n",
            problems: []),
        BadPlan(
            what: "an empty file",
            yaml: "",
            problems: [
                "file: is empty; expected a plan: the keys name, summary, setting, speed, incline, steps, "
                    + "bouts_per_day, look_behind, heart_rate_every_s, check_in, gate, progression"
            ]),
    ]

    @Test("a bad plan is one line per problem: file, key path, value, allowed range", arguments: badPlans)
    func bad(plan: BadPlan) {
        let (parsed, problems) = PlanLoader.parse(yaml: plan.yaml, file: "bad.yaml")
        #expect(parsed == nil)
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.hasPrefix("Plan file 'bad.yaml': ") })
        if plan.problems.isEmpty {  // YAML syntax: the parser's words, with where
            #expect(problems.count == 1)
            #expect(problems.first?.contains("file: not valid YAML") == true)
            #expect(problems.first?.contains("line") == true)
        } else {
            #expect(problems == plan.problems.map { "Plan file 'bad.yaml': \($0)" })
        }
    }

    @Test("load(file:) throws badConfig with every line")
    func loadThrows() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("bad.yaml")
        try (Self.valid + "setting: gym\nincline: {backward: 12}\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try PlanLoader.load(file: path)
            Issue.record("loaded")
        } catch let error as AppError {
            #expect(error.code == .badConfig)
            #expect(
                error.message.split(separator: "\n").map(String.init) == [
                    "Plan file '\(path)': setting: 'gym' is not a setting; allowed treadmill, outdoors",
                    "Plan file '\(path)': incline.backward: 12 is out of range; allowed 0...10",
                ])
        }
        #expect(throws: AppError.self) { try PlanLoader.load(file: folder.path("none.yaml")) }
    }
}
