import Foundation

extension AudioSettings {
    /// The settings file's name, in `config/` and in the user's config folder: `audio.yaml`.
    public static let fileName = "audio.yaml"

    /// The files read, lowest precedence first: the shipped `config/audio.yaml`, then the user's
    /// `$XDG_CONFIG_HOME/retrowalk/audio.yaml`.
    ///
    /// - Parameter locator: Where the shipped and user folders are.
    /// - Returns: The two paths (the shipped one only when `config/` was found); either may not exist.
    public static func files(locator: ResourceLocator) -> [String] {
        ConfigSource.layers(of: fileName, locator: locator).map(\.path)
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
    /// Unknown keys are problems too, so that a typo (`volum:`) is not silently ignored.
    ///
    /// - Parameter files: Paths of `audio.yaml` files, lowest precedence first; missing files are skipped.
    /// - Returns: The merged settings.
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem: file, key path, value and allowed range.
    public static func load(files: [String]) throws -> AudioSettings {
        try load(files.map { ConfigSource(path: $0) })
    }

    /// Merges the layers in order over the built-in defaults; a later layer overrides key by key.
    ///
    /// A layer that carries its text (``ConfigSource/init(path:text:)``) is not read from the file system; only the
    /// `sounds` key looks there, for the folder it names.
    ///
    /// - Parameter sources: The layers, lowest precedence first; missing files are skipped unless named by an option.
    /// - Returns: The merged settings.
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem: file, key path, value and allowed range.
    public static func load(_ sources: [ConfigSource]) throws -> AudioSettings {
        try schema.load(sources, over: AudioSettings()).value
    }

    // MARK: - Internals

    /// The keys of `audio.yaml`.
    static let schema = ConfigSchema<AudioSettings>(
        label: "Audio settings",
        keys: [
            .init(path: "device") { value throws(ConfigProblem) in
                guard let name = value.scalarText, !name.contains(where: \.isWhitespace) else {
                    throw value.problem(
                        "expected an ALSA PCM name such as 'default', 'plughw:1,0' or 'null' (list them with "
                            + "'aplay -L')")
                }
                return { $0.device = name }
            },
            .init(path: "sounds") { value throws(ConfigProblem) in
                guard let path = value.scalarText else {
                    throw value.problem("expected the path of a folder of voice clips with manifest.tsv")
                }
                let folder = resolve(
                    path, relativeTo: URL(fileURLWithPath: value.file).deletingLastPathComponent().path)
                guard FileManager.default.fileExists(atPath: folder + "/manifest.tsv") else {
                    throw ConfigProblem(
                        "'sounds' is '\(path)', but '\(folder)' has no manifest.tsv; expected a folder of voice clips "
                            + "made by Sounds/generate.sh (relative paths are relative to this file)")
                }
                return { $0.sounds = folder }
            },
            volumeKey("high", \.volume.high, alarm: true),
            volumeKey("medium", \.volume.medium, alarm: true),
            volumeKey("low", \.volume.low, alarm: false),
            volumeKey("info", \.volume.info, alarm: false),
            volumeKey("speech", \.volume.speech, alarm: false),
        ]
    )

    /// `volume.NAME`: −30…0 dB, or −10…0 dB for an alarm, whose message names the floor.
    private static func volumeKey(
        _ name: String, _ target: any WritableKeyPath<AudioSettings, Double> & Sendable, alarm: Bool
    ) -> ConfigSchema<AudioSettings>.Key {
        let range = alarm ? alarmFloorDecibels...allowedDecibels.upperBound : allowedDecibels
        return .init(path: "volume." + name) { value throws(ConfigProblem) in
            do throws(ConfigProblem) {
                let decibels = try value.number(in: range, unit: "dB")
                return { $0[keyPath: target] = decibels }
            } catch {
                guard alarm, let decibels = value.finiteNumber, decibels < range.lowerBound else { throw error }
                throw ConfigProblem(
                    error.message + "; alarms (high, medium) have a floor of "
                        + "\(ConfigValue.format(alarmFloorDecibels)) dB so that they stay audible")
            }
        }
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
}
