/// One file of a layered configuration (`profile.yaml`, `rules.yaml`, `audio.yaml`).
///
/// The layers are read lowest precedence first: the shipped `config/NAME`, the user's
/// `$XDG_CONFIG_HOME/retrowalk/NAME`, then a file named on the command line. Each later file overrides only the
/// keys it sets. The shipped and user files are skipped when they do not exist; a file named on the command line
/// must exist.
public struct ConfigSource: Sendable, Hashable {
    /// The file's path.
    public var path: String
    /// The command-line option that named the file (`--profile`), or `nil` for the shipped and user files.
    public var option: String?

    /// Creates a layer.
    ///
    /// - Parameters:
    ///   - path: The file's path.
    ///   - option: The option that named it; such a file must exist.
    public init(path: String, option: String? = nil) {
        self.path = path
        self.option = option
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
