import Foundation
import Yams

/// The keys of one YAML config file, how each value is checked, and how the layers merge: the one YAML walker
/// behind `audio.yaml`, `profile.yaml` and `rules.yaml`.
///
/// A file is a mapping whose leaves are the schema's keys (`r3.persistence_s` is `persistence_s` under `r3`).
/// Every problem becomes one line, `<label> '<file>': <problem>`, and every problem of every file is collected
/// before the load fails: unknown keys (with the nearest known key), values of the wrong type or out of range,
/// sections that are not mappings, YAML syntax errors and duplicate keys (with line and column), unreadable files,
/// and, after the merge, the checks that involve several keys.
struct ConfigSchema<Target>: Sendable {
    /// Applies one key's value.
    typealias Setter = (inout Target) -> Void

    /// One leaf key: its dotted path and how its value is read.
    struct Key: Sendable {
        /// The dotted key path, e.g. `training_zone.lower`.
        var path: String
        /// Checks the value and returns how to apply it, or throws what is wrong with it.
        var read: @Sendable (ConfigValue) throws(ConfigProblem) -> Setter
    }

    /// A problem found on the merged value that involves several keys, which may come from different files.
    struct CrossProblem: Sendable, Hashable {
        /// The keys involved, the first being the one to change.
        var keys: [String]
        /// What must hold, with the values.
        var message: String
    }

    /// The merged value and where it came from.
    struct Loaded {
        /// The built-in defaults with every file's keys applied in order.
        var value: Target
        /// The files read, lowest precedence first.
        var files: [String]
        /// For each key a file set, the last file that set it.
        var origins: [String: String]
    }

    /// What the file is called in messages: `Profile`, `Rule settings`, `Audio settings`.
    var label: String
    /// The leaf keys, in file order.
    var keys: [Key]
    /// The checks that involve several keys, on the merged value.
    var crossCheck: @Sendable (Target) -> [CrossProblem]

    private let keysByPath: [String: Key]
    private let sections: Set<String>

    init(label: String, keys: [Key], crossCheck: @escaping @Sendable (Target) -> [CrossProblem] = { _ in [] }) {
        self.label = label
        self.keys = keys
        self.crossCheck = crossCheck
        keysByPath = Dictionary(keys.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var sections = Set<String>()
        for key in keys {
            var parts = key.path.split(separator: ".").map(String.init)
            parts.removeLast()
            for end in parts.indices { sections.insert(parts[...end].joined(separator: ".")) }
        }
        self.sections = sections
    }

    /// Reads the layers in order over `defaults`; a later file overrides only the keys it sets.
    ///
    /// Missing files are skipped unless they were named on the command line. A layer that carries its text is not
    /// looked up on the file system.
    ///
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem of every file, then of the merged value.
    func load(_ sources: [ConfigSource], over defaults: Target) throws -> Loaded {
        var loaded = Loaded(value: defaults, files: [], origins: [:])
        var problems: [String] = []
        for source in sources {
            let text: String
            switch read(source) {
            case .text(let read): text = read
            case .missing: continue
            case .problem(let problem):
                problems.append(problem)
                continue
            }
            let path = source.path
            loaded.files.append(path)
            let (assignments, found) = parse(yaml: text, file: path)
            problems += found
            for assignment in assignments {
                assignment.set(&loaded.value)
                loaded.origins[assignment.key] = path
            }
        }
        problems += crossCheck(loaded.value).map { describe($0, loaded: loaded) }
        guard problems.isEmpty else { throw AppError(code: .badConfig, message: problems.joined(separator: "\n")) }
        return loaded
    }

    /// What reading one layer gave.
    private enum Read {
        /// The file's text.
        case text(String)
        /// The file does not exist and need not.
        case missing
        /// Why the file could not be read, as one message line.
        case problem(String)
    }

    /// The layer's text: carried by the layer, or read from its file.
    private func read(_ source: ConfigSource) -> Read {
        if let text = source.text { return .text(text) }
        let path = source.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            guard let option = source.option else { return .missing }
            return .problem("\(label) '\(path)' does not exist; check the path given with \(option)")
        }
        guard !isFolder.boolValue else {
            return .problem("\(label) '\(path)' could not be read: it is a folder; expected a YAML file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .problem("\(label) '\(path)' could not be read; check that it is readable (permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .problem("\(label) '\(path)' could not be read: it is not UTF-8 text; expected a YAML file")
        }
        return .text(text)
    }

    /// Reads one file: what it sets, and one line per problem. A key with a problem sets nothing.
    ///
    /// Does not throw: every problem is collected.
    func parse(yaml text: String, file: String) -> (assignments: [(key: String, set: Setter)], problems: [String]) {
        var assignments: [(key: String, set: Setter)] = []
        var problems: [String] = []
        func report(_ problem: String) { problems.append("\(label) '\(file)': \(problem)") }

        func walk(_ mapping: Node.Mapping, under prefix: String) {
            for (keyNode, node) in mapping {
                let name = keyNode.string ?? "\(keyNode)"
                let path = prefix.isEmpty ? name : prefix + "." + name
                let value = ConfigValue(node: node, key: path, file: file)
                if name.contains(".") {
                    report(unknownKey(path, value: value, under: prefix))  // `r3.persistence_s:` instead of nesting
                } else if let key = keysByPath[path] {
                    do throws(ConfigProblem) {
                        assignments.append((path, try key.read(value)))
                    } catch {
                        report(error.message)
                    }
                } else if sections.contains(path) {
                    if value.isNull { continue }  // a section with every key commented out sets nothing
                    guard let inner = node.mapping else {
                        report("'\(path)' is \(value.shown); expected a mapping with the keys \(children(of: path))")
                        continue
                    }
                    walk(inner, under: path)
                } else {
                    report(unknownKey(path, value: value, under: prefix))
                }
            }
        }

        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            report(Self.describe(yamlError: error))
            return (assignments, problems)
        }
        guard let root, root.null == nil else { return (assignments, problems) }  // an empty file sets nothing
        guard let mapping = root.mapping else {
            report("the file is \(ConfigValue.show(root)); expected a mapping with the keys \(children(of: ""))")
            return (assignments, problems)
        }
        walk(mapping, under: "")
        return (assignments, problems)
    }

    // MARK: - Messages

    /// The names directly under `prefix` (`""` for the top level), in file order.
    private func names(under prefix: String) -> [String] {
        var seen = Set<String>()
        var names: [String] = []
        for key in keys {
            guard prefix.isEmpty || key.path.hasPrefix(prefix + ".") else { continue }
            let rest = prefix.isEmpty ? key.path : String(key.path.dropFirst(prefix.count + 1))
            let name = String(rest.split(separator: ".")[0])
            if seen.insert(name).inserted { names.append(name) }
        }
        return names
    }

    private func children(of prefix: String) -> String {
        names(under: prefix).joined(separator: ", ")
    }

    private func unknownKey(_ path: String, value: ConfigValue, under prefix: String) -> String {
        let start = "unknown key '\(path)' (value \(value.shown))"
        if keysByPath[path] != nil || sections.contains(path) {
            let parts = path.split(separator: ".")
            return start + "; write it nested: '\(parts.dropLast().joined(separator: ".")):' on one line and "
                + "'\(parts.last ?? ""): …' indented on the next"
        }
        let name = prefix.isEmpty ? path : String(path.dropFirst(prefix.count + 1))
        let siblings = names(under: prefix)
        let nearest = siblings.min { editDistance(name, $0) < editDistance(name, $1) }
        let full = nearest.map { prefix.isEmpty ? $0 : prefix + "." + $0 }
        return start + (full.map { "; nearest known key '\($0)'" } ?? "") + "; the keys "
            + (prefix.isEmpty ? "" : "under \(prefix) ") + "are \(siblings.joined(separator: ", "))"
    }

    private func describe(_ problem: CrossProblem, loaded: Loaded) -> String {
        var keys: [String] = []
        for key in problem.keys where !keys.contains(key) { keys.append(key) }
        let latest = loaded.files.last { file in keys.contains { loaded.origins[$0] == file } }
        let head = latest.map { "\(label) '\($0)'" } ?? "\(label) (built-in defaults)"
        let elsewhere = keys.filter { loaded.origins[$0] != latest }.map { key in
            loaded.origins[key].map { "\(key) is set in '\($0)'" } ?? "\(key) is the built-in default"
        }
        return head + ": " + problem.message + (elsewhere.isEmpty ? "" : " (" + elsewhere.joined(separator: "; ") + ")")
    }

    /// A YAML error as one line with its line and column.
    static func describe(yamlError error: any Error) -> String {
        switch error as? YamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "not valid YAML: \(problem) at line \(mark.line), column \(mark.column)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return "key \(keys) appears more than once (line \(context.mark.line), column \(context.mark.column)); "
                + "keep one"
        default:
            let first = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            return "not valid YAML (\(first))"
        }
    }
}

/// What is wrong with a value: the text after `<label> '<file>': `.
struct ConfigProblem: Error {
    /// The problem, naming the key path, the value and what is allowed.
    var message: String

    init(_ message: String) { self.message = message }
}

/// One value as the loader met it: its node, its key path and its file.
struct ConfigValue {
    /// The YAML node.
    var node: Node
    /// The dotted key path.
    var key: String
    /// The file it is in.
    var file: String

    /// Whether the value is empty (`~`, `null`, or nothing after the colon).
    var isNull: Bool { node.null != nil }

    /// The value as the user wrote it: `'-12'`, `empty`, `a list`, `a mapping`.
    var shown: String { Self.show(node) }

    /// The problem "`'key' is <value>; <expectation>`".
    func problem(_ expectation: String) -> ConfigProblem {
        ConfigProblem("'\(key)' is \(shown); \(expectation)")
    }

    /// The scalar's text, trimmed, or `nil` for an empty value, a list or a mapping.
    var scalarText: String? {
        guard !isNull, let text = node.scalar?.string else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The value as a finite number, if it is one (whatever its range).
    var finiteNumber: Double? {
        guard let text = scalarText, let number = Double(text), number.isFinite else { return nil }
        return number
    }

    /// A number within `range`.
    func number(in range: ClosedRange<Double>, unit: String? = nil) throws(ConfigProblem) -> Double {
        let allowed = Self.allowed(range, unit: unit)
        guard let number = finiteNumber else {
            throw problem("expected a number" + (unit.map { " of \($0)" } ?? "") + ", " + allowed)
        }
        guard range.contains(number) else { throw problem(allowed) }
        return number
    }

    /// A whole number within `range` (`65` or `65.0`, not `65.5`).
    func wholeNumber(in range: ClosedRange<Int>, unit: String? = nil) throws(ConfigProblem) -> Int {
        let allowed = Self.allowed(Double(range.lowerBound)...Double(range.upperBound), unit: unit)
        guard let number = finiteNumber, number == number.rounded(), abs(number) < 1e9 else {
            throw problem("expected a whole number" + (unit.map { " of \($0)" } ?? "") + ", " + allowed)
        }
        guard range.contains(Int(number)) else { throw problem(allowed) }
        return Int(number)
    }

    /// `true` or `false` (YAML's `yes`/`no`/`on`/`off` too).
    func flag() throws(ConfigProblem) -> Bool {
        guard !isNull, let flag = node.bool else { throw problem("expected true or false") }
        return flag
    }

    /// One of an enumeration's raw values.
    func choice<Choice: RawRepresentable & CaseIterable>(_: Choice.Type) throws(ConfigProblem) -> Choice
    where Choice.RawValue == String {
        guard let text = scalarText, let choice = Choice(rawValue: text) else {
            throw problem("expected one of " + Choice.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return choice
    }

    /// "allowed 1 to 30 dB".
    static func allowed(_ range: ClosedRange<Double>, unit: String?) -> String {
        "allowed \(format(range.lowerBound)) to \(format(range.upperBound))" + (unit.map { " \($0)" } ?? "")
    }

    /// A number as people write it: `30`, `0.59`, `-10`.
    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    /// A node as the user wrote it, for messages.
    static func show(_ node: Node) -> String {
        if node.null != nil { return "empty" }
        if let scalar = node.scalar { return "'\(scalar.string)'" }
        if node.sequence != nil { return "a list" }
        return "a mapping"
    }
}

extension ConfigSchema.Key {
    /// A number within `range`, stored at `target`.
    static func number(
        _ path: String, _ target: any WritableKeyPath<Target, Double> & Sendable, _ range: ClosedRange<Double>,
        unit: String? = nil
    ) -> Self {
        Self(path: path) { value throws(ConfigProblem) in
            let number = try value.number(in: range, unit: unit)
            return { $0[keyPath: target] = number }
        }
    }

    /// A number within `range`, or empty for none.
    static func optionalNumber(
        _ path: String, _ target: any WritableKeyPath<Target, Double?> & Sendable, _ range: ClosedRange<Double>,
        unit: String? = nil
    ) -> Self {
        Self(path: path) { value throws(ConfigProblem) in
            let number = value.isNull ? nil : try value.number(in: range, unit: unit)
            return { $0[keyPath: target] = number }
        }
    }

    /// A whole number within `range`.
    static func wholeNumber(
        _ path: String, _ target: any WritableKeyPath<Target, Int> & Sendable, _ range: ClosedRange<Int>,
        unit: String? = nil
    ) -> Self {
        Self(path: path) { value throws(ConfigProblem) in
            let number = try value.wholeNumber(in: range, unit: unit)
            return { $0[keyPath: target] = number }
        }
    }

    /// A whole number within `range`, or empty for none.
    static func optionalWholeNumber(
        _ path: String, _ target: any WritableKeyPath<Target, Int?> & Sendable, _ range: ClosedRange<Int>,
        unit: String? = nil
    ) -> Self {
        Self(path: path) { value throws(ConfigProblem) in
            let number = value.isNull ? nil : try value.wholeNumber(in: range, unit: unit)
            return { $0[keyPath: target] = number }
        }
    }

    /// `true` or `false`.
    static func flag(_ path: String, _ target: any WritableKeyPath<Target, Bool> & Sendable) -> Self {
        Self(path: path) { value throws(ConfigProblem) in
            let flag = try value.flag()
            return { $0[keyPath: target] = flag }
        }
    }

    /// One of an enumeration's raw values.
    static func choice<Choice: RawRepresentable & CaseIterable & Sendable>(
        _ path: String, _ target: any WritableKeyPath<Target, Choice> & Sendable
    ) -> Self where Choice.RawValue == String {
        Self(path: path) { value throws(ConfigProblem) in
            let choice = try value.choice(Choice.self)
            return { $0[keyPath: target] = choice }
        }
    }
}

/// The number of single-character edits between two words (Levenshtein), for "nearest known key".
func editDistance(_ first: String, _ second: String) -> Int {
    let a = Array(first)
    let b = Array(second)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
