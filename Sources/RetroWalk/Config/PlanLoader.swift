import Foundation
public import WalkCoach
import Yams

/// Loads session plans from YAML: a name looks in the user's `plans/` folder, then the shipped `config/plans/`;
/// a path (containing `/` or ending in `.yaml`) is read as it is.
///
/// The format is in the README ("Plans") and in the comments of `config/plans/beginner.yaml`. Every problem is
/// one line naming the file, the key path (`steps[1].steps[0].backward.duration_s`), the value and what is
/// allowed; unknown keys are problems too, naming the keys that are known there.
public struct PlanLoader: Sendable {
    /// Where to look.
    public var locator: ResourceLocator

    /// Creates a loader.
    public init(locator: ResourceLocator) { self.locator = locator }

    /// The names of the shipped and user plans.
    public func availablePlans() -> [String] {
        let folders = [locator.userConfigDirectory + "/plans"] + (locator.configDirectory.map { [$0 + "/plans"] } ?? [])
        let names = folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".yaml") }
                .map { String($0.dropLast(5)) }
        }
        return Array(Set(names)).sorted()
    }

    /// Loads and validates a plan.
    ///
    /// - Parameter nameOrPath: A plan's name (`beginner`) or the path of a plan file.
    /// - Returns: The valid plan.
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem, each naming the file, the key path, the value
    ///   and the allowed range.
    public func load(_ nameOrPath: String) throws -> Plan {
        try Self.load(file: path(of: nameOrPath))
    }

    /// The file of a plan: a path as it is, or a name looked up in the user's then the shipped `plans/`.
    ///
    /// - Throws: ``AppError`` (`badConfig`) listing the known plans when the name is not found.
    func path(of nameOrPath: String) throws -> String {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") { return nameOrPath }
        let candidates =
            [locator.userConfigDirectory + "/plans/\(nameOrPath).yaml"]
            + (locator.configDirectory.map { [$0 + "/plans/\(nameOrPath).yaml"] } ?? [])
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            let known = availablePlans()
            throw AppError(
                code: .badConfig,
                message: "Plan '\(nameOrPath)' was not found. Known plans: "
                    + (known.isEmpty ? "none (is config/ installed?)" : known.joined(separator: ", "))
                    + "; or pass a plan file path."
            )
        }
        return found
    }

    /// Reads, parses and validates one plan file.
    ///
    /// - Parameter path: The file.
    /// - Returns: The valid plan.
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem.
    public static func load(file path: String) throws -> Plan {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AppError(code: .badConfig, message: "Plan file '\(path)' could not be read. Check the path.")
        }
        let (plan, problems) = parse(yaml: text, file: path)
        guard let plan, problems.isEmpty else {
            throw AppError(code: .badConfig, message: problems.joined(separator: "\n"))
        }
        return plan
    }

    /// Parses and validates a plan's YAML; does not throw.
    ///
    /// - Parameters:
    ///   - text: The YAML.
    ///   - file: The file's path, for the messages.
    /// - Returns: The plan when it is valid, and one line per problem (`Plan file 'FILE': KEY PATH: …`): first the
    ///   structure (unknown keys, wrong types, missing keys), then the ranges and the order of the steps
    ///   (``Plan/validate()``), which are checked only when every step could be read (a step left out would make
    ///   the order look wrong).
    public static func parse(yaml text: String, file: String) -> (plan: Plan?, problems: [String]) {
        var reader = Reader()
        let plan = reader.read(text)
        var problems = reader.problems
        if let plan, reader.stepsIntact {
            let reported = Set(problems.map(\.keyPath))
            problems += plan.validate().filter { !reported.contains($0.keyPath) }
        }
        return (problems.isEmpty ? plan : nil, problems.map { "Plan file '\(file)': \($0)" })
    }
}

/// Turns the YAML node tree into a ``Plan``, collecting structural problems.
private struct Reader {
    var problems: [Plan.Problem] = []
    /// Whether `steps` was there and every item of it could be read.
    var stepsIntact = false

    static let topLevelKeys = [
        "name", "summary", "setting", "speed", "incline", "steps", "bouts_per_day", "look_behind",
        "heart_rate_every_s", "check_in", "gate", "progression",
    ]
    /// The keys of the format before steps: a hint instead of a bare "unknown key".
    static let flatKeys: Set = ["warmup_s", "bouts", "backward_s", "recovery_s", "cooldown_s"]
    static let kinds = Plan.StepKind.allCases.map(\.rawValue)

    mutating func report(_ keyPath: String, _ message: String) { problems.append(Plan.Problem(keyPath, message)) }

    mutating func read(_ yaml: String) -> Plan? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            report("file", Self.describe(yamlError: error))
            return nil
        }
        guard let root, let mapping = root.mapping else {
            report("file", "is \(root.map(show) ?? "empty"); expected a plan: the keys \(list(Self.topLevelKeys))")
            return nil
        }
        var plan = Plan(name: "", summary: "", items: [])
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "\(keyNode)"
            seen.insert(key)
            switch key {
            case "name": plan.name = text(value, at: key) ?? ""
            case "summary": plan.summary = text(value, at: key) ?? ""
            case "setting":
                guard let raw = text(value, at: key) else { continue }
                if let setting = Plan.Setting(rawValue: raw) {
                    plan.setting = setting
                } else {
                    report(key, "'\(raw)' is not a setting; allowed \(list(Plan.Setting.allCases.map(\.rawValue)))")
                }
            case "speed":
                for (kind, node, path) in perKind(value, at: key) {
                    if let speed = speed(node, at: path) { plan.speeds[kind] = speed }
                }
            case "incline":
                for (kind, node, path) in perKind(value, at: key) {
                    if let incline = number(node, at: path, unit: "percent") { plan.inclines[kind] = incline }
                }
            case "steps":
                let before = problems.count
                plan.items = items(value, at: key)
                stepsIntact = problems.count == before
            case "bouts_per_day": plan.boutsPerDay = whole(value, at: key, unit: "bouts")
            case "look_behind":
                for (name, node) in entries(value, at: key, known: ["steps", "cadence_spm"]) {
                    let path = "\(key).\(name)"
                    switch name {
                    case "steps": plan.lookBehind.steps = whole(node, at: path, unit: "steps") ?? plan.lookBehind.steps
                    default: plan.lookBehind.cadenceStepsPerMinute = optionalNumber(node, at: path, unit: "steps/min")
                    }
                }
            case "heart_rate_every_s":
                plan.heartRateEverySeconds = whole(value, at: key, unit: "seconds") ?? plan.heartRateEverySeconds
            case "check_in":
                for (_, node) in entries(value, at: key, known: ["timeout_s"]) {
                    plan.checkIn.timeoutSeconds =
                        whole(node, at: "\(key).timeout_s", unit: "seconds") ?? plan.checkIn.timeoutSeconds
                }
            case "gate":
                let known = ["max_hrr_fraction", "within_bpm_of_pre_bout", "max_extension_s", "extension_step_s"]
                for (name, node) in entries(value, at: key, known: known) {
                    let path = "\(key).\(name)"
                    switch name {
                    case "max_hrr_fraction":
                        plan.gate.maxHRRFraction = optionalNumber(node, at: path, unit: "a fraction such as 0.5")
                    case "within_bpm_of_pre_bout":
                        plan.gate.withinBPMOfPreBout = optionalNumber(node, at: path, unit: "bpm")
                    case "max_extension_s":
                        plan.gate.maxExtensionSeconds =
                            whole(node, at: path, unit: "seconds") ?? plan.gate.maxExtensionSeconds
                    default:
                        plan.gate.extensionStepSeconds =
                            whole(node, at: path, unit: "seconds") ?? plan.gate.extensionStepSeconds
                    }
                }
            case "progression":
                let known = ProgressionSettings.limits.map(\.key)
                for (name, node) in entries(value, at: key, known: known) {
                    let path = "\(key).\(name)"
                    switch name {
                    case "max_backward_s":
                        plan.progression.maxBackwardSeconds =
                            node.null == nil ? whole(node, at: path, unit: "seconds") : nil
                    case "step_s":
                        plan.progression.stepSeconds =
                            whole(node, at: path, unit: "seconds") ?? plan.progression.stepSeconds
                    case "max_increase_per_week_s":
                        plan.progression.maxIncreasePerWeekSeconds =
                            whole(node, at: path, unit: "seconds") ?? plan.progression.maxIncreasePerWeekSeconds
                    default:
                        plan.progression.cleanSessionsPerStep =
                            whole(node, at: path, unit: "sessions") ?? plan.progression.cleanSessionsPerStep
                    }
                }
            default:
                let hint =
                    Self.flatKeys.contains(key)
                    ? "; plans now list their steps under 'steps:' (see config/plans/beginner.yaml)" : ""
                report(key, "unknown key (value \(show(value))); the keys are \(list(Self.topLevelKeys))\(hint)")
            }
        }
        for required in ["name", "summary", "steps"] where !seen.contains(required) {
            report(required, "missing; every plan needs name, summary and steps")
        }
        return plan
    }

    // MARK: - Steps

    mutating func items(_ node: Node, at path: String) -> [Plan.Item] {
        guard let sequence = node.sequence else {
            report(path, "is \(show(node)); expected a list of steps, each starting with '- '")
            return []
        }
        var items: [Plan.Item] = []
        for (index, element) in sequence.enumerated() {
            if let item = item(element, at: "\(path)[\(index)]") { items.append(item) }
        }
        return items
    }

    mutating func item(_ node: Node, at path: String) -> Plan.Item? {
        let expected = "one of \(list(Self.kinds)) with its duration_s, or repeat"
        guard let mapping = node.mapping, !mapping.isEmpty else {
            report(path, "is \(show(node)); expected \(expected), e.g. '- backward: {duration_s: 60}'")
            return nil
        }
        let keys = mapping.map { $0.key.string ?? "\($0.key)" }
        if keys.contains("repeat") { return repeatBlock(mapping, at: path) }
        guard keys.count == 1, let (keyNode, value) = mapping.first else {
            report(
                path,
                "has the keys \(list(keys)); one step per list item (start each with '- '), or a repeat block with "
                    + "repeat, steps and between")
            return nil
        }
        let key = keyNode.string ?? "\(keyNode)"
        guard let kind = Plan.StepKind(rawValue: key) else {
            report("\(path).\(key)", "unknown step; expected \(expected)")
            return nil
        }
        let stepPath = "\(path).\(key)"
        var duration: Int?
        var step = Plan.StepSpec(kind, seconds: 0)
        for (name, field) in entries(value, at: stepPath, known: ["duration_s", "speed", "incline"]) {
            let fieldPath = "\(stepPath).\(name)"
            switch name {
            case "duration_s": duration = whole(field, at: fieldPath, unit: "seconds", range: kind.durationRange)
            case "speed": step.speed = speed(field, at: fieldPath)
            default: step.inclinePercent = number(field, at: fieldPath, unit: "percent")
            }
        }
        guard let duration else {
            let hasDuration = value.mapping?.contains { $0.key.string == "duration_s" } ?? false
            if !hasDuration, value.null != nil || value.mapping != nil {
                report(
                    "\(stepPath).duration_s",
                    "missing; every step needs its length in seconds, allowed \(range(kind.durationRange))")
            }
            return nil
        }
        step.durationSeconds = duration
        return .step(step)
    }

    mutating func repeatBlock(_ mapping: Node.Mapping, at path: String) -> Plan.Item? {
        var count: Int?
        var inner: [Plan.Item]?
        var between: [Plan.Item] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "\(keyNode)"
            let keyPath = "\(path).\(key)"
            switch key {
            case "repeat": count = whole(value, at: keyPath, unit: "times", range: Plan.Limits.repeatCount)
            case "steps": inner = items(value, at: keyPath)
            case "between": between = items(value, at: keyPath)
            default:
                report(
                    keyPath, "unknown key in a repeat block (value \(show(value))); the keys are repeat, steps, between"
                )
            }
        }
        if inner == nil { report("\(path).steps", "missing; a repeat block needs the steps to repeat") }
        guard let count, let inner else { return nil }
        return .repeating(count: count, steps: inner, between: between)
    }

    // MARK: - Values

    /// The entries of a mapping of known keys; reports any other key and a value that is not a mapping.
    mutating func entries(_ node: Node, at path: String, known: [String]) -> [(String, Node)] {
        if node.null != nil { return [] }  // every key commented out
        guard let mapping = node.mapping else {
            report(path, "is \(show(node)); expected the keys \(list(known))")
            return []
        }
        var entries: [(String, Node)] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "\(keyNode)"
            if known.contains(key) {
                entries.append((key, value))
            } else {
                report("\(path).\(key)", "unknown key (value \(show(value))); the keys here are \(list(known))")
            }
        }
        return entries
    }

    /// The entries of a mapping keyed by step kind (`speed:`, `incline:`).
    mutating func perKind(_ node: Node, at path: String) -> [(Plan.StepKind, Node, String)] {
        entries(node, at: path, known: Self.kinds).compactMap { name, value in
            Plan.StepKind(rawValue: name).map { ($0, value, "\(path).\(name)") }
        }
    }

    mutating func text(_ node: Node, at path: String) -> String? {
        guard node.null == nil, let scalar = node.scalar?.string else {
            report(path, "is \(show(node)); expected text")
            return nil
        }
        return scalar.trimmingCharacters(in: .whitespaces)
    }

    mutating func whole(_ node: Node, at path: String, unit: String, range: ClosedRange<Int>? = nil) -> Int? {
        let allowed = range.map { "; allowed \(self.range($0))" } ?? ""
        guard node.null == nil, let scalar = node.scalar?.string,
            let value = Int(scalar.trimmingCharacters(in: .whitespaces))
        else {
            report(path, "\(show(node)) is not a whole number of \(unit)\(allowed)")
            return nil
        }
        return value
    }

    mutating func number(_ node: Node, at path: String, unit: String) -> Double? {
        guard node.null == nil, let scalar = node.scalar?.string,
            let value = Double(scalar.trimmingCharacters(in: .whitespaces)), value.isFinite
        else {
            report(path, "\(show(node)) is not a number (\(unit))")
            return nil
        }
        return value
    }

    /// A number, or `nil` for `off` or an empty value (the setting is off).
    mutating func optionalNumber(_ node: Node, at path: String, unit: String) -> Double? {
        if node.null != nil || node.scalar?.string == "off" { return nil }
        guard let scalar = node.scalar?.string, let value = Double(scalar.trimmingCharacters(in: .whitespaces)),
            value.isFinite
        else {
            report(path, "\(show(node)) is not a number (\(unit)) or 'off'")
            return nil
        }
        return value
    }

    mutating func speed(_ node: Node, at path: String) -> Plan.Speed? {
        guard node.null == nil, let scalar = node.scalar?.string, let speed = Plan.Speed(parsing: scalar) else {
            report(path, "\(show(node)) is not a speed; write a number and its unit: '1.5 mph' or '2.4 km/h'")
            return nil
        }
        return speed
    }

    /// A value as the user wrote it, for messages: `'60'`, `empty`, `a list`, `a mapping`.
    func show(_ node: Node) -> String {
        if node.null != nil { return "empty" }
        if let scalar = node.scalar { return "'\(scalar.string)'" }
        return node.sequence != nil ? "a list" : "a mapping"
    }

    func list(_ keys: [String]) -> String { keys.joined(separator: ", ") }

    func range(_ range: ClosedRange<Int>) -> String { "\(range.lowerBound)...\(range.upperBound)" }

    static func describe(yamlError error: any Error) -> String {
        switch error as? YamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "not valid YAML: \(problem) at line \(mark.line), column \(mark.column)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return "key \(keys) appears more than once (line \(context.mark.line)); keep one"
        default:
            let first = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            return "not valid YAML (\(first))"
        }
    }
}
