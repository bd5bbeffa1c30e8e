extension Plan {
    /// One thing wrong with a plan: where (the key path in the plan file) and what, with the allowed range.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The key path in the plan file: `gate.max_extension_s`, `steps[1].steps[0].backward.duration_s`.
        public var keyPath: String
        /// The offending value and what is allowed: `5 is out of range; allowed 10...600`.
        public var message: String

        /// Creates a problem.
        public init(_ keyPath: String, _ message: String) {
            self.keyPath = keyPath
            self.message = message
        }

        /// `KEY PATH: MESSAGE`.
        public var description: String { "\(keyPath): \(message)" }
    }

    /// The allowed ranges of the plan's settings.
    public enum Limits {
        /// `repeat:` count.
        public static let repeatCount = 1...20
        /// Backward bouts in one run, and `bouts_per_day`.
        public static let bouts = 1...20
        /// `incline:` and a step's `incline`, percent.
        public static let inclinePercent = 0.0...10.0
        /// `look_behind.steps`.
        public static let lookBehindSteps = 4...30
        /// `look_behind.cadence_spm`.
        public static let cadence = 40.0...140.0
        /// `heart_rate_every_s` when not 0.
        public static let heartRateEvery = 30...600
        /// `check_in.timeout_s`.
        public static let checkInTimeout = 5...60
        /// `gate.max_hrr_fraction`.
        public static let hrrFraction = 0.3...0.8
        /// `gate.within_bpm_of_pre_bout`.
        public static let withinBPM = 3.0...30.0
        /// `gate.max_extension_s`.
        public static let maxExtension = 0...600
        /// `gate.extension_step_s`.
        public static let extensionStep = 10...120
    }

    /// Problems with the plan, one per offending key (empty when valid).
    ///
    /// Besides the ranges: there is at least one backward bout; a warm-up can only come first and the plan ends
    /// with its one cool-down; every backward bout follows a forward step (warm-up, recovery or forward), so that
    /// the walker turns around from walking forward and the recovery gate has a stretch to extend.
    public func validate() -> [Problem] {
        var problems: [Problem] = []
        func check<T: Comparable>(_ path: String, _ value: T, _ range: ClosedRange<T>) {
            if let problem = Self.rangeProblem(path, value, range) { problems.append(problem) }
        }

        if name.allSatisfy({ $0 == " " || $0 == "\t" }) { problems.append(Problem("name", "must not be empty")) }
        checkItems(items, path: "steps", into: &problems)
        if items.isEmpty {
            problems.append(
                Problem("steps", "is empty; a plan needs a warm-up, at least one backward bout, a cool-down"))
        }

        for kind in StepKind.allCases {
            if let speed = speeds[kind] { checkSpeed(speed, kind: kind, path: "speed.\(kind.rawValue)", &problems) }
            if let incline = inclines[kind] { check("incline.\(kind.rawValue)", incline, Limits.inclinePercent) }
        }

        // The order of the unrolled steps.
        let steps = self.steps
        let bouts = steps.filter { $0.kind == .backward }.count
        if !items.isEmpty, bouts == 0 {
            problems.append(Problem("steps", "has no backward step; add one, e.g. '- backward: {duration_s: 60}'"))
        }
        if bouts > Limits.bouts.upperBound {
            problems.append(
                Problem("steps", "makes \(bouts) backward bouts in one run; allowed \(Limits.bouts) (lower a repeat)"))
        }
        var reported: Set<String> = []
        func once(_ problem: Problem) {
            if reported.insert(problem.keyPath).inserted { problems.append(problem) }
        }
        for (index, step) in steps.enumerated() {
            let previous = index > 0 ? steps[index - 1] : nil
            switch step.kind {
            case .warmup where index > 0:
                once(Problem(step.keyPath, "a warm-up can only be the first step; use 'forward' or 'recovery' here"))
            case .cooldown where index < steps.count - 1:
                once(Problem(step.keyPath, "the cool-down must be the last step, and there is only one"))
            case .backward where previous == nil || previous?.kind == .cooldown:
                once(
                    Problem(
                        step.keyPath,
                        "a backward bout must follow a forward step (warmup, recovery or forward) of at least 15 s, "
                            + "so that the turn-around and the 3-2-1 count fit; add '- warmup: {duration_s: 120}' "
                            + "before it"))
            case .backward where previous?.kind == .backward:
                once(
                    Problem(
                        step.keyPath,
                        "two backward bouts in a row; put a forward step between them (in a repeat block: "
                            + "'between: [{recovery: {duration_s: 60}}]')"))
            default:
                break
            }
        }
        if let last = steps.last, last.kind != .cooldown {
            once(Problem(last.keyPath, "the plan must end with a cool-down, e.g. '- cooldown: {duration_s: 120}'"))
        }

        if let perDay = boutsPerDay {
            if !Limits.bouts.contains(perDay) {
                check("bouts_per_day", perDay, Limits.bouts)
            } else if perDay < bouts {
                problems.append(
                    Problem(
                        "bouts_per_day",
                        "\(perDay) is less than the \(bouts) bouts one run walks; allowed \(bouts)..."
                            + "\(Limits.bouts.upperBound)"))
            }
        }
        check("look_behind.steps", lookBehind.steps, Limits.lookBehindSteps)
        if let cadence = lookBehind.cadenceStepsPerMinute { check("look_behind.cadence_spm", cadence, Limits.cadence) }
        if heartRateEverySeconds != 0, !Limits.heartRateEvery.contains(heartRateEverySeconds) {
            problems.append(
                Problem(
                    "heart_rate_every_s",
                    "\(heartRateEverySeconds) is out of range; allowed 0 (off) or \(Limits.heartRateEvery)"))
        }
        check("check_in.timeout_s", checkIn.timeoutSeconds, Limits.checkInTimeout)
        if let fraction = gate.maxHRRFraction { check("gate.max_hrr_fraction", fraction, Limits.hrrFraction) }
        if let within = gate.withinBPMOfPreBout { check("gate.within_bpm_of_pre_bout", within, Limits.withinBPM) }
        check("gate.max_extension_s", gate.maxExtensionSeconds, Limits.maxExtension)
        check("gate.extension_step_s", gate.extensionStepSeconds, Limits.extensionStep)
        return problems + progression.validate(baseSeconds: backwardSeconds)
    }

    /// Problems with running this plan as bout `firstBout` of the day (`split`): the run's bouts must fit in
    /// ``totalBouts``.
    public func validate(firstBout: Int) -> [Problem] {
        let last = totalBouts - bouts + 1
        guard firstBout < 1 || firstBout > last else { return [] }
        return [
            Problem(
                "bout",
                "\(firstBout) is out of range; plan '\(name)' walks \(bouts) of \(totalBouts) bouts a run, so the "
                    + "first bout of a run is allowed 1...\(max(1, last))")
        ]
    }

    /// `VALUE is out of range; allowed LOW...HIGH` at `path`, or `nil` when the value is allowed.
    static func rangeProblem<T: Comparable>(_ path: String, _ value: T, _ range: ClosedRange<T>) -> Problem? {
        range.contains(value)
            ? nil
            : Problem(
                path, "\(show(value)) is out of range; allowed \(show(range.lowerBound))...\(show(range.upperBound))")
    }

    private func checkItems(_ items: [Item], path: String, into problems: inout [Problem]) {
        func check<T: Comparable>(_ path: String, _ value: T, _ range: ClosedRange<T>) {
            if let problem = Self.rangeProblem(path, value, range) { problems.append(problem) }
        }
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            switch item {
            case .step(let spec):
                let stepPath = "\(itemPath).\(spec.kind.rawValue)"
                check("\(stepPath).duration_s", spec.durationSeconds, spec.kind.durationRange)
                if let speed = spec.speed { checkSpeed(speed, kind: spec.kind, path: "\(stepPath).speed", &problems) }
                if let incline = spec.inclinePercent { check("\(stepPath).incline", incline, Limits.inclinePercent) }
            case .repeating(let count, let inner, let between):
                check("\(itemPath).repeat", count, Limits.repeatCount)
                if inner.isEmpty {
                    problems.append(Problem("\(itemPath).steps", "is empty; a repeat block needs steps to repeat"))
                }
                checkItems(inner, path: "\(itemPath).steps", into: &problems)
                checkItems(between, path: "\(itemPath).between", into: &problems)
            }
        }
    }

    private func checkSpeed(_ speed: Speed, kind: StepKind, path: String, _ problems: inout [Problem]) {
        let range = kind.speedRange
        guard !range.contains((speed.milesPerHour * 1000).rounded() / 1000) else { return }
        let allowed =
            speed.unit == .milesPerHour
            ? "\(show(range.lowerBound))...\(show(range.upperBound)) mph"
            : "\(show(range.lowerBound * 1.609344, decimals: 1))...\(show(range.upperBound * 1.609344, decimals: 1)) km/h"
        problems.append(Problem(path, "'\(speed)' is out of range for \(kind.rawValue) steps; allowed \(allowed)"))
    }
}

/// A number as people write it: `60`, `1.5`, `0.35`.
func show<T>(_ value: T, decimals: Int? = nil) -> String {
    guard let double = value as? Double else { return "\(value)" }
    if let decimals {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (double * scale).rounded() / scale
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
    return double == double.rounded() && abs(double) < 1e15 ? String(Int(double)) : String(double)
}
