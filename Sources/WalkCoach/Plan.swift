public import RetroWalkCore

/// A session plan: forward warm-up, backward bouts with forward walking between them, forward cool-down.
///
/// The shipped plans live in `config/plans/*.yaml` (read by `PlanLoader` in the app library); the same plans
/// are here as ``beginner``, ``split`` and ``intervals``. A plan is a list of ``items``: steps (`warmup`,
/// `backward`, `recovery`, `forward`, `cooldown`, each with a duration and an optional treadmill speed and
/// incline) and repeat blocks. A repeat block runs its `steps` `count` times with its `between` steps after every
/// repetition **but the last**: that is how "5 × 60 s backward with 60 s forward between" ends on the fifth bout
/// and goes straight to the cool-down.
///
/// Call ``validate()`` before use: the coach assumes a valid plan.
public struct Plan: Sendable, Hashable {
    /// Where the walker walks; decides the safe-stop script.
    public enum Setting: String, Sendable, Hashable, CaseIterable {
        /// On a treadmill: a stop during a backward bout is "Hold the rails. Slow the belt. Turn to face forward.
        /// Stand still."
        case treadmill
        /// On a clear flat path: every stop is "Stop. Stand still."
        case outdoors
    }

    /// What a step asks the walker to do.
    public enum StepKind: String, Sendable, Hashable, CaseIterable {
        /// Forward walking at an easy pace before the first bout.
        case warmup
        /// A backward bout.
        case backward
        /// Easy forward walking after a bout (the recovery gate runs at its end when a bout follows).
        case recovery
        /// Forward walking at a working pace (the brisk stretches of `intervals`); otherwise like `recovery`.
        case forward
        /// Slow forward walking at the end.
        case cooldown

        /// The phase the step shows as in the event stream (`forward` and `recovery` are both `recovery`).
        public var phase: Phase {
            switch self {
            case .warmup: .warmup
            case .backward: .backward
            case .recovery, .forward: .recovery
            case .cooldown: .cooldown
            }
        }

        /// Whether the walker faces forward.
        public var isForward: Bool { self != .backward }

        /// The allowed duration, seconds. Steps before a bout are at least 15 s so that the turn-around and the
        /// 3-2-1 count fit; a cool-down is at least 60 s (SAFETY.md 1.2: stopping abruptly lets blood pool).
        public var durationRange: ClosedRange<Int> {
            switch self {
            case .warmup, .recovery, .forward: 15...1800
            case .backward: 10...600
            case .cooldown: 60...1800
            }
        }

        /// The allowed treadmill speed: backward 0.5–3 mph (the literature's 1–2 mph with margin), forward
        /// 0.5–4 mph.
        public var speedRange: ClosedRange<Double> { self == .backward ? 0.5...3.0 : 0.5...4.0 }
    }

    /// A treadmill speed as the plan gives it: a number and its unit (`1.5 mph`, `2.4 km/h`).
    public struct Speed: Sendable, Hashable, CustomStringConvertible {
        /// The unit a speed is written in.
        public enum Unit: String, Sendable, Hashable, CaseIterable {
            /// Miles per hour (`mph`).
            case milesPerHour = "mph"
            /// Kilometres per hour (`km/h`).
            case kilometresPerHour = "km/h"
        }

        /// The number as written.
        public var value: Double
        /// The unit as written.
        public var unit: Unit

        /// Creates a speed.
        public init(_ value: Double, _ unit: Unit) {
            self.value = value
            self.unit = unit
        }

        /// Reads `1.5 mph`, `1.5mph`, `2.4 km/h` or `2.4 kmh`; `nil` for anything else (a bare number has no unit).
        public init?(parsing text: String) {
            var rest = Substring(text).drop { $0 == " " }
            while rest.last == " " { rest = rest.dropLast() }
            let number = rest.prefix { $0.isNumber || $0 == "." }
            let unitText = rest.dropFirst(number.count).drop { $0 == " " }.lowercased()
            guard !number.isEmpty, let value = Double(number), value.isFinite else { return nil }
            switch unitText {
            case "mph": self.init(value, .milesPerHour)
            case "km/h", "kmh", "kph": self.init(value, .kilometresPerHour)
            default: return nil
            }
        }

        /// The speed in miles per hour (1 mile = 1.609344 km).
        public var milesPerHour: Double { unit == .milesPerHour ? value : value / 1.609344 }

        /// As written in a plan: `1.5 mph`.
        public var description: String {
            let number = value == value.rounded() ? String(Int(value)) : String(value)
            return "\(number) \(unit.rawValue)"
        }

        /// The default backward speed on a treadmill: 1.5 mph, the middle of the literature's 1–2 mph.
        public static let backwardDefault = Speed(1.5, .milesPerHour)
    }

    /// One step as the plan writes it.
    public struct StepSpec: Sendable, Hashable {
        /// What the walker does.
        public var kind: StepKind
        /// How long, seconds.
        public var durationSeconds: Int
        /// The treadmill speed for this step; `nil` takes the plan's speed for the kind.
        public var speed: Speed?
        /// The treadmill incline for this step, percent; `nil` takes the plan's incline for the kind.
        public var inclinePercent: Double?

        /// Creates a step.
        public init(_ kind: StepKind, seconds: Int, speed: Speed? = nil, inclinePercent: Double? = nil) {
            self.kind = kind
            self.durationSeconds = seconds
            self.speed = speed
            self.inclinePercent = inclinePercent
        }
    }

    /// One entry of ``items``: a step or a repeat block.
    public indirect enum Item: Sendable, Hashable {
        /// One step.
        case step(StepSpec)
        /// `steps` run `count` times, with `between` after every repetition but the last.
        case repeating(count: Int, steps: [Item], between: [Item])
    }

    /// The look-behind cue ("Check behind you.") during backward bouts.
    public struct LookBehind: Sendable, Hashable {
        /// Steps between two cues (`look_behind.steps`, 4–30; default 10, the literature's "about every 10 steps").
        public var steps: Int
        /// Backward cadence in steps per minute (`look_behind.cadence_spm`, 40–140); `nil` derives it from the
        /// backward speed with ``Plan/backwardCadence(milesPerHour:)``.
        public var cadenceStepsPerMinute: Double?

        /// Creates the setting.
        public init(steps: Int = 10, cadenceStepsPerMinute: Double? = nil) {
            self.steps = steps
            self.cadenceStepsPerMinute = cadenceStepsPerMinute
        }
    }

    /// The check-in at the end of each bout ("Any dizziness or knee pain?").
    public struct CheckIn: Sendable, Hashable {
        /// Seconds to answer before the question is asked once more, and again before it counts as missed
        /// (`check_in.timeout_s`, 5–60; default 10).
        public var timeoutSeconds: Int

        /// Creates the setting.
        public init(timeoutSeconds: Int = 10) { self.timeoutSeconds = timeoutSeconds }
    }

    /// The recovery gate before each backward bout but the first of a run.
    ///
    /// Heart rate counts as recovered when it is at or below `maxHRRFraction` of heart-rate reserve **or** within
    /// `withinBPMOfPreBout` of the heart rate at the start of the bout just finished; a `nil` criterion is off.
    /// Defaults and why:
    /// - 0.5 HRR: the middle of the moderate band (40–59 % HRR, SAFETY.md 1.3/2.2) and the cap SAFETY.md A puts
    ///   on the first sessions of rehab users; below it the walker is back to comfortable moderate effort.
    /// - 10 bpm: backward walking runs HR 10–15 % (about 10–15 bpm) above forward at the same speed
    ///   (ARCHITECTURE.md), and 10 bpm is the margin SAFETY.md's R4 uses; within it the bout's surplus is gone.
    /// The next bout also waits for a "fine" check-in. A held bout extends the forward stretch by
    /// `extensionStepSeconds` with a spoken reason, up to `maxExtensionSeconds`; then the session cools down.
    public struct Gate: Sendable, Hashable {
        /// `gate.max_hrr_fraction` (0.3–0.8; default 0.5), or `nil` for off.
        public var maxHRRFraction: Double?
        /// `gate.within_bpm_of_pre_bout` (3–30; default 10), or `nil` for off.
        public var withinBPMOfPreBout: Double?
        /// `gate.max_extension_s` (0–600; default 120): the most a forward stretch is extended.
        public var maxExtensionSeconds: Int
        /// `gate.extension_step_s` (10–120; default 30): each extension.
        public var extensionStepSeconds: Int

        /// Creates the gate.
        public init(
            maxHRRFraction: Double? = 0.5,
            withinBPMOfPreBout: Double? = 10,
            maxExtensionSeconds: Int = 120,
            extensionStepSeconds: Int = 30
        ) {
            self.maxHRRFraction = maxHRRFraction
            self.withinBPMOfPreBout = withinBPMOfPreBout
            self.maxExtensionSeconds = maxExtensionSeconds
            self.extensionStepSeconds = extensionStepSeconds
        }
    }

    /// The plan's name (`beginner`).
    public var name: String
    /// One line for people.
    public var summary: String
    /// Treadmill or outdoors.
    public var setting: Setting
    /// Speed per kind of step (`speed:`); a step's own `speed` wins.
    public var speeds: [StepKind: Speed]
    /// Incline per kind of step, percent (`incline:`, 0–10); a step's own `incline` wins.
    public var inclines: [StepKind: Double]
    /// The steps, in order.
    public var items: [Item]
    /// Bouts in the whole day when a run walks only some of them (`bouts_per_day`, for `split`); `nil` when a run
    /// walks them all.
    public var boutsPerDay: Int?
    /// The look-behind cue.
    public var lookBehind: LookBehind
    /// Heart rate and zone spoken every this many seconds (`heart_rate_every_s`, 0 = off or 30–600).
    public var heartRateEverySeconds: Int
    /// The check-in after each bout.
    public var checkIn: CheckIn
    /// The recovery gate.
    public var gate: Gate
    /// How the backward bouts grow from session to session (`progression:`; `retrowalk plan next`).
    public var progression = ProgressionSettings()

    /// Creates a plan; call ``validate()`` before use.
    public init(
        name: String,
        summary: String,
        setting: Setting = .treadmill,
        speeds: [StepKind: Speed] = [:],
        inclines: [StepKind: Double] = [:],
        items: [Item],
        boutsPerDay: Int? = nil,
        lookBehind: LookBehind = LookBehind(),
        heartRateEverySeconds: Int = 0,
        checkIn: CheckIn = CheckIn(),
        gate: Gate = Gate()
    ) {
        self.name = name
        self.summary = summary
        self.setting = setting
        self.speeds = speeds
        self.inclines = inclines
        self.items = items
        self.boutsPerDay = boutsPerDay
        self.lookBehind = lookBehind
        self.heartRateEverySeconds = heartRateEverySeconds
        self.checkIn = checkIn
        self.gate = gate
    }

    /// The default plan, the protocol of the literature the project started from: 2 min warm-up, 5 × 60 s
    /// backward with 60 s forward between, 2 min cool-down; on a treadmill at 1.5 mph backward.
    /// Its bouts may grow to 120 s (twice the protocol's minute).
    public static let beginner: Plan = {
        var plan = Plan(
            name: "beginner",
            summary: "2 min warm-up, 5 x 60 s backward with 60 s forward between, 2 min cool-down",
            speeds: [.backward: .backwardDefault],
            items: [
                .step(StepSpec(.warmup, seconds: 120)),
                .repeating(
                    count: 5, steps: [.step(StepSpec(.backward, seconds: 60))],
                    between: [.step(StepSpec(.recovery, seconds: 60))]),
                .step(StepSpec(.cooldown, seconds: 120)),
            ]
        )
        plan.progression.maxBackwardSeconds = 120
        return plan
    }()

    /// Five separate 1-minute bouts spread through the day, one per run, on a clear flat path: each run is 1 min
    /// warm-up, the bout, 1 min cool-down; the coach is told which bout of the day the run is.
    public static let split = Plan(
        name: "split",
        summary:
            "5 separate 1-minute bouts through the day, one per run: 1 min warm-up, 60 s backward, 1 min cool-down",
        setting: .outdoors,
        items: [
            .step(StepSpec(.warmup, seconds: 60)),
            .step(StepSpec(.backward, seconds: 60)),
            .step(StepSpec(.cooldown, seconds: 60)),
        ],
        boutsPerDay: 5
    )

    /// Longer bouts alternating with brisk forward walking: 3 min warm-up, 6 × 90 s backward at 1.5 mph with
    /// 90 s forward at 2 mph between, 3 min cool-down; heart rate spoken every minute.
    public static let intervals = Plan(
        name: "intervals",
        summary: "3 min warm-up, 6 x 90 s backward alternating with 90 s brisk forward, 3 min cool-down",
        speeds: [
            .warmup: Speed(1.5, .milesPerHour), .backward: .backwardDefault, .forward: Speed(2, .milesPerHour),
            .cooldown: Speed(1.5, .milesPerHour),
        ],
        items: [
            .step(StepSpec(.warmup, seconds: 180)),
            .repeating(
                count: 6, steps: [.step(StepSpec(.backward, seconds: 90))],
                between: [.step(StepSpec(.forward, seconds: 90))]),
            .step(StepSpec(.cooldown, seconds: 180)),
        ],
        heartRateEverySeconds: 60
    )

    /// One step of the plan's timeline as planned (a held gate or a safe stop moves the coach's later steps).
    public struct Step: Sendable, Hashable {
        /// What the step asks for.
        public var kind: StepKind
        /// Start time, seconds since the session started.
        public var start: Double
        /// Length, seconds.
        public var duration: Double
        /// The run's bout this step belongs to: a backward step's own number from 1, a forward step carries the bout
        /// it follows, 0 before the first bout.
        public var bout: Int
        /// The treadmill speed (the step's own, else the plan's for the kind, else 1.5 mph backward on a
        /// treadmill), if any.
        public var speed: Speed?
        /// The treadmill incline, percent, if any.
        public var inclinePercent: Double?
        /// Where in the plan file the step comes from (`steps[1].steps[0]`), for messages.
        public var keyPath: String

        /// The phase the step shows as.
        public var phase: Phase { kind.phase }
        /// End time, seconds since the session started.
        public var end: Double { start + duration }
    }

    /// The plan's steps in order, repeat blocks unrolled, with their planned start times.
    public var steps: [Step] {
        var steps: [Step] = []
        var time = 0.0
        var bout = 0
        func unroll(_ items: [Item], path: String) {
            for (index, item) in items.enumerated() {
                let itemPath = "\(path)[\(index)]"
                switch item {
                case .step(let spec):
                    if spec.kind == .backward { bout += 1 }
                    steps.append(
                        Step(
                            kind: spec.kind, start: time, duration: Double(spec.durationSeconds), bout: bout,
                            speed: speed(for: spec), inclinePercent: spec.inclinePercent ?? inclines[spec.kind],
                            keyPath: itemPath))
                    time += Double(spec.durationSeconds)
                case .repeating(let count, let inner, let between):
                    for repetition in 0..<max(0, count) {
                        unroll(inner, path: itemPath + ".steps")
                        if repetition < count - 1 { unroll(between, path: itemPath + ".between") }
                    }
                }
            }
        }
        unroll(items, path: "steps")
        return steps
    }

    /// The speed a step runs at: its own, else the plan's for its kind, else 1.5 mph backward on a treadmill.
    public func speed(for spec: StepSpec) -> Speed? {
        spec.speed ?? speeds[spec.kind] ?? (spec.kind == .backward && setting == .treadmill ? .backwardDefault : nil)
    }

    /// The number of backward bouts one run walks.
    public var bouts: Int { steps.filter { $0.kind == .backward }.count }

    /// The number of bouts the cues count to ("Bout three of five"): ``boutsPerDay``, else ``bouts``.
    public var totalBouts: Int { boutsPerDay ?? bouts }

    /// The planned length of one run, seconds.
    public var duration: Double { steps.last?.end ?? 0 }

    /// The backward cadence the look-behind cue is timed by, steps per minute: `look_behind.cadence_spm` when
    /// given, else ``backwardCadence(milesPerHour:)`` of the first bout's speed (1.5 mph when there is none,
    /// outdoors).
    public var lookBehindCadence: Double {
        if let cadence = lookBehind.cadenceStepsPerMinute { return cadence }
        let first = steps.first { $0.kind == .backward }
        return Self.backwardCadence(milesPerHour: first?.speed?.milesPerHour ?? Speed.backwardDefault.milesPerHour)
    }

    /// Seconds between two look-behind cues: `look_behind.steps` at ``lookBehindCadence``.
    public var lookBehindInterval: Double { Double(lookBehind.steps) * 60 / lookBehindCadence }

    /// Typical backward-walking cadence of older adults at a treadmill speed, steps per minute.
    ///
    /// | speed | 1.0 mph | 1.5 mph | 2.0 mph |
    /// |---|---|---|---|
    /// | cadence | 80 | 85 | 90 |
    ///
    /// Linear between the points and beyond them, bounded to 70–100. No table of measured backward cadence
    /// against treadmill speed was found; the figures are the project's working values of 80–90 steps/min at
    /// 1–2 mph, consistent with what was found: older adults walk backward at about the cadence they walk
    /// forward, with shorter strides, and raise backward speed only by stepping faster (Laufer 2005, J Gerontol A
    /// 60:627, n = 40, age 78); older adults below moderate intensity (3 METs) step under about 100 per minute on a
    /// treadmill (CADENCE-Adults, Tudor-Locke 2021, IJBNPA 18:129). At 85 steps/min, 10 steps take 7.1 s. Give the
    /// walker's own cadence with `look_behind.cadence_spm` when it is known.
    public static func backwardCadence(milesPerHour: Double) -> Double {
        min(100, max(70, 80 + (milesPerHour - 1) * 10))
    }
}
