/// One file of a layered configuration (`profile.yaml`, `rules.yaml`, `audio.yaml`).
///
/// The layers are read lowest precedence first: the shipped `config/NAME`, the user's
/// `$XDG_CONFIG_HOME/retrowalk/NAME`, then a file named on the command line. Each later file overrides only the
/// keys it sets. The shipped and user files are skipped when they do not exist; a file named on the command line
/// must exist.
///
/// A layer may also carry its text (``init(path:text:)``): the loader then reads nothing from the file system for
/// it and uses `path` only in messages. Tests, tools and the fuzzers load YAML from strings this way.
public struct ConfigSource: Sendable, Hashable {
    /// The file's path (for a layer with ``text``, only the name messages use).
    public var path: String
    /// The command-line option that named the file (`--profile`), or `nil` for the shipped and user files.
    public var option: String?
    /// The file's contents when they are already in memory, or `nil` to read `path`.
    public var text: String?

    /// Creates a layer.
    ///
    /// - Parameters:
    ///   - path: The file's path.
    ///   - option: The option that named it; such a file must exist.
    public init(path: String, option: String? = nil) {
        self.path = path
        self.option = option
    }

    /// A layer whose contents are given: nothing is read from the file system for it.
    ///
    /// - Parameters:
    ///   - path: The name messages give the file, e.g. `profile.yaml`.
    ///   - text: The YAML.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// Whether the file must exist: it was named on the command line.
    public var isRequired: Bool { option != nil }

    /// The layers of one config file, lowest precedence first.
    ///
    /// - Parameters:
    ///   - fileName: The file's name in `config/` and in the user's folder, e.g. `profile.yaml`.
    ///   - locator: Where the shipped and user folders are.
    ///   - explicit: A file named on the command line, read last.
    ///   - option: The option that named `explicit`, for the message when it does not exist.
    /// - Returns: The shipped file (when `config/` was found), the user's file, and `explicit` when given.
    public static func layers(
        of fileName: String, locator: ResourceLocator, explicit: String? = nil, option: String? = nil
    ) -> [ConfigSource] {
        (locator.configDirectory.map { [ConfigSource(path: $0 + "/" + fileName)] } ?? [])
            + [ConfigSource(path: locator.userConfigDirectory + "/" + fileName)]
            + (explicit.map { [ConfigSource(path: $0, option: option ?? "the command line")] } ?? [])
    }
}
