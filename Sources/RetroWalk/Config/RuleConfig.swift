public import SafetyRules

/// The rule settings as loaded from `rules.yaml`, and the files they came from.
///
/// Layers, lowest precedence first (``ConfigSource/layers(of:locator:explicit:option:)``): the shipped
/// `config/rules.yaml`, the user's `$XDG_CONFIG_HOME/retrowalk/rules.yaml`, then `--rules FILE`. Each file
/// overrides only the keys it sets. The keys, their ranges and where each lands are `RuleSettings.parameters`;
/// after merging, `RuleSettings.consistencyProblems()` must be empty.
public struct RuleConfig: Sendable {
    /// The file's name, in `config/` and in the user's config folder: `rules.yaml`.
    public static let fileName = "rules.yaml"

    /// The merged settings.
    public var settings: RuleSettings
    /// The files read, lowest precedence first.
    public var files: [String]

    /// The layers to read.
    ///
    /// - Parameters:
    ///   - locator: Where the shipped and user folders are.
    ///   - explicit: The file given with `--rules`, which must exist.
    public static func sources(locator: ResourceLocator, explicit: String? = nil) -> [ConfigSource] {
        ConfigSource.layers(of: fileName, locator: locator, explicit: explicit, option: "--rules")
    }

    /// Loads the shipped settings, the user's, and `explicit`.
    ///
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem of every file.
    public static func load(locator: ResourceLocator, explicit: String? = nil) throws -> RuleConfig {
        try load(sources(locator: locator, explicit: explicit))
    }

    /// Merges the layers in order over `RuleSettings.defaults`.
    ///
    /// - Parameter sources: The layers, lowest precedence first.
    /// - Returns: The merged settings and the files read.
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem: `Rule settings '<file>': '<key>' is
    ///   '<value>'; allowed <lo> to <hi>`, then each of `consistencyProblems()` naming the file that set the key.
    public static func load(_ sources: [ConfigSource]) throws -> RuleConfig {
        let loaded = try schema.load(sources, over: RuleSettings.defaults)
        return RuleConfig(settings: loaded.value, files: loaded.files)
    }

    /// Loads files that may or may not exist, lowest precedence first.
    public static func load(files: [String]) throws -> RuleConfig {
        try load(files.map { ConfigSource(path: $0) })
    }

    /// The keys whose value differs from SAFETY.md's default, as `key value` (`r3.persistence_s 8`), in file order.
    public var changes: [String] {
        RuleSettings.parameters.compactMap { parameter in
            let value = Self.value(of: parameter, in: settings)
            return value == Self.value(of: parameter, in: .defaults) ? nil : parameter.key + " " + value
        }
    }

    // MARK: - Internals

    /// A setting's value as it would be written in `rules.yaml`.
    static func value(of parameter: RuleSettings.Parameter, in settings: RuleSettings) -> String {
        switch parameter.value {
        case .number(let path, _): ConfigValue.format(settings[keyPath: path])
        case .flag(let path): settings[keyPath: path] ? "true" : "false"
        case .ectopicMethod: settings.ectopicMethod.rawValue
        }
    }

    static let schema = ConfigSchema<RuleSettings>(
        label: "Rule settings",
        keys: RuleSettings.parameters.map { parameter in
            switch parameter.value {
            case .number(let path, let range): .number(parameter.key, path, range)
            case .flag(let path): .flag(parameter.key, path)
            case .ectopicMethod: .choice(parameter.key, \.ectopicMethod)
            }
        },
        crossCheck: { settings in
            settings.consistencyProblems().map { .init(keys: mentionedKeys(in: $0), message: $0) }
        }
    )

    /// The keys a message of `consistencyProblems()` names: full keys (`r8.tpr_low`), and bare names after a key
    /// of the same section (`rpe_stop` after `beta_blocker.rpe_target_low`).
    static func mentionedKeys(in message: String) -> [String] {
        let known = Set(RuleSettings.parameters.map(\.key))
        var keys: [String] = []
        var sections: [String] = []
        let tokens = message.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
        for token in tokens.map(String.init) {
            if known.contains(token) {
                keys.append(token)
                sections.append(String(token.split(separator: ".")[0]))
            } else if let key = sections.lazy.map({ $0 + "." + token }).first(where: known.contains) {
                keys.append(key)
            }
        }
        return keys
    }
}
