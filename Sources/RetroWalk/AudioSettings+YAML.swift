import Foundation
import Yams

extension AudioSettings {
    /// The settings file's name, in `config/` and in the user's config folder: `audio.yaml`.
    public static let fileName = "audio.yaml"

    /// What one `audio.yaml` sets; keys it leaves out are `nil` and keep the value of the file below it.
    public struct Partial: Sendable, Hashable {
        /// `device`.
        public var device: String?
        /// `sounds`, resolved to an absolute path (relative paths are relative to the file's folder).
        public var sounds: String?
        /// `volume.high`, dB.
        public var high: Double?
        /// `volume.medium`, dB.
        public var medium: Double?
        /// `volume.low`, dB.
        public var low: Double?
        /// `volume.info`, dB.
        public var info: Double?
        /// `volume.speech`, dB.
        public var speech: Double?

        /// Creates a partial setting nothing.
        public init() {}
    }

    /// The files read, lowest precedence first: the shipped `config/audio.yaml`, then the user's
    /// `$XDG_CONFIG_HOME/retrowalk/audio.yaml`.
    ///
    /// - Parameter locator: Where the shipped and user folders are.
    /// - Returns: The two paths (the shipped one only when `config/` was found); either may not exist.
    public static func files(locator: ResourceLocator) -> [String] {
        (locator.configDirectory.map { [$0 + "/" + fileName] } ?? []) + [locator.userConfigDirectory + "/" + fileName]
    }

    /// Loads the shipped defaults and the user's overrides (``files(locator:)``).
    ///
    /// - Parameter locator: Where the shipped and user folders are.
    /// - Returns: The merged settings; the built-in defaults where neither file sets a key.
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem in either file.
    public static func load(locator: ResourceLocator) throws -> AudioSettings {
        try load(files: files(locator: locator))
    }

    /// Merges the files that exist, in order, over the built-in defaults; a later file overrides key by key.
    ///
    /// - Parameter files: Paths of `audio.yaml` files, lowest precedence first; missing files are skipped.
    /// - Returns: The merged settings.
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem: file, key path, value and allowed range.
    public static func load(files: [String]) throws -> AudioSettings {
        var settings = AudioSettings()
        var problems: [String] = []
        for file in files where FileManager.default.fileExists(atPath: file) {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                problems.append("Audio settings '\(file)' could not be read. Check that it is a readable text file.")
                continue
            }
            let (partial, found) = parse(yaml: text, file: file)
            problems += found
            settings = settings.merging(partial)
        }
        guard problems.isEmpty else { throw AppError(code: .badConfig, message: problems.joined(separator: "\n")) }
        return settings
    }

    /// These settings with every key that `partial` sets replaced.
    ///
    /// - Parameter partial: What one file sets.
    /// - Returns: The merged settings.
    public func merging(_ partial: Partial) -> AudioSettings {
        var merged = self
        merged.device = partial.device ?? device
        merged.sounds = partial.sounds ?? sounds
        merged.volume.high = partial.high ?? volume.high
        merged.volume.medium = partial.medium ?? volume.medium
        merged.volume.low = partial.low ?? volume.low
        merged.volume.info = partial.info ?? volume.info
        merged.volume.speech = partial.speech ?? volume.speech
        return merged
    }

    /// Reads one `audio.yaml` and checks every key and value.
    ///
    /// Unknown keys are problems too, so that a typo (`volum:`) is not silently ignored. Does not throw: every
    /// problem is collected.
    ///
    /// - Parameters:
    ///   - text: The file's YAML.
    ///   - file: Its path, for the messages and for resolving a relative `sounds` folder.
    /// - Returns: What the file sets, and one line per problem (`Audio settings 'FILE': …`); a key with a problem is
    ///   left unset.
    public static func parse(yaml text: String, file: String) -> (partial: Partial, problems: [String]) {
        var partial = Partial()
        var problems: [String] = []
        func report(_ problem: String) { problems.append("Audio settings '\(file)': \(problem)") }

        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            report(describe(yamlError: error))
            return (partial, problems)
        }
        guard let root, !isNull(root) else { return (partial, problems) }  // an empty file sets nothing
        guard let mapping = root.mapping else {
            report("the file is \(show(root)); expected the keys \(topLevelKeys)")
            return (partial, problems)
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "\(keyNode)"
            switch key {
            case "device":
                if let name = nonEmptyScalar(value), !name.contains(where: \.isWhitespace) {
                    partial.device = name
                } else {
                    report(
                        "'device' is \(show(value)); expected an ALSA PCM name such as 'default', 'plughw:1,0' or "
                            + "'null' (list them with 'aplay -L')")
                }
            case "sounds":
                guard let path = nonEmptyScalar(value) else {
                    report("'sounds' is \(show(value)); expected the path of a folder of voice clips with manifest.tsv")
                    continue
                }
                let folder = resolve(path, relativeTo: URL(fileURLWithPath: file).deletingLastPathComponent().path)
                if FileManager.default.fileExists(atPath: folder + "/manifest.tsv") {
                    partial.sounds = folder
                } else {
                    report(
                        "'sounds' is '\(path)', but '\(folder)' has no manifest.tsv; expected a folder of voice clips "
                            + "made by Sounds/generate.sh (relative paths are relative to this file)")
                }
            case "volume":
                if isNull(value) { continue }  // every volume commented out
                guard let volumes = value.mapping else {
                    report("'volume' is \(show(value)); expected the keys \(volumeKeys), each a number of dB")
                    continue
                }
                for (channelNode, level) in volumes {
                    let name = channelNode.string ?? "\(channelNode)"
                    guard let channel = VolumeKey(rawValue: name) else {
                        report(
                            "unknown key 'volume.\(name)' (value \(show(level))); the keys under volume are \(volumeKeys)"
                        )
                        continue
                    }
                    switch channel.check(level) {
                    case .success(let decibels): partial[channel] = decibels
                    case .failure(let problem): report(problem.message)
                    }
                }
            default:
                report("unknown key '\(key)' (value \(show(value))); the keys are \(topLevelKeys)")
            }
        }
        return (partial, problems)
    }

    // MARK: - Internals

    private static let topLevelKeys = "device, sounds, volume"
    private static var volumeKeys: String { VolumeKey.allCases.map(\.rawValue).joined(separator: ", ") }

    /// A key under `volume`, with its allowed range.
    enum VolumeKey: String, CaseIterable {
        case high, medium, low, info, speech

        /// Whether this is an alarm priority, which has the floor of ``AudioSettings/alarmFloorDecibels``.
        var isAlarm: Bool { self == .high || self == .medium }

        /// The allowed range in dB.
        var range: ClosedRange<Double> {
            isAlarm ? AudioSettings.alarmFloorDecibels...allowedDecibels.upperBound : allowedDecibels
        }

        struct Problem: Error {
            var message: String
        }

        /// The value in dB, or the problem with it.
        func check(_ node: Node) -> Result<Double, Problem> {
            let allowed = "allowed \(format(range.lowerBound)) to \(format(range.upperBound)) dB"
            guard let text = node.scalar?.string, !isNull(node),
                let decibels = Double(text.trimmingCharacters(in: .whitespaces)), decibels.isFinite
            else {
                return .failure(
                    Problem(message: "'volume.\(rawValue)' is \(show(node)); expected a number of dB, \(allowed)"))
            }
            guard range.contains(decibels) else {
                let floor =
                    isAlarm && decibels < range.lowerBound
                    ? "; alarms (high, medium) have a floor of \(format(alarmFloorDecibels)) dB so that they stay "
                        + "audible"
                    : ""
                return .failure(Problem(message: "'volume.\(rawValue)' is '\(text)'; \(allowed)\(floor)"))
            }
            return .success(decibels)
        }
    }

    private static func format(_ decibels: Double) -> String {
        decibels == decibels.rounded() ? String(Int(decibels)) : String(decibels)
    }

    private static func isNull(_ node: Node) -> Bool {
        node.null != nil
    }

    private static func nonEmptyScalar(_ node: Node) -> String? {
        guard let text = node.scalar?.string, !isNull(node) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A value as the user wrote it, for messages: `'-12'`, `empty`, `a list`, `a mapping`.
    private static func show(_ node: Node) -> String {
        if isNull(node) { return "empty" }
        if let scalar = node.scalar { return "'\(scalar.string)'" }
        if node.sequence != nil { return "a list" }
        return "a mapping"
    }

    private static func resolve(_ path: String, relativeTo folder: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let url =
            expanded.hasPrefix("/")
            ? URL(fileURLWithPath: expanded) : URL(fileURLWithPath: folder).appendingPathComponent(expanded)
        var resolved = url.standardizedFileURL.path
        while resolved.count > 1, resolved.hasSuffix("/") { resolved.removeLast() }
        return resolved
    }

    private static func describe(yamlError error: any Error) -> String {
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

extension AudioSettings.Partial {
    fileprivate subscript(channel: AudioSettings.VolumeKey) -> Double? {
        get {
            switch channel {
            case .high: high
            case .medium: medium
            case .low: low
            case .info: info
            case .speech: speech
            }
        }
        set {
            switch channel {
            case .high: high = newValue
            case .medium: medium = newValue
            case .low: low = newValue
            case .info: info = newValue
            case .speech: speech = newValue
            }
        }
    }
}
