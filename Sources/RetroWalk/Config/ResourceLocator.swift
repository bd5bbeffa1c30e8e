import Foundation

/// Finds the shipped resources (`config/`, `Sounds/`) and the user's files.
///
/// Order: an environment override (`RETROWALK_CONFIG_DIR`, `RETROWALK_SOUNDS`), then the checkout the
/// executable was built in (walking up from the executable until `config/plans` is found), then
/// `/usr/share/retrowalk`.
public struct ResourceLocator: Sendable {
    /// The process environment.
    public var environment: [String: String]
    /// The path of the running executable.
    public var executablePath: String

    /// Creates a locator for this process: its environment and its executable.
    public init() {
        self.init(
            environment: ProcessInfo.processInfo.environment,
            executablePath: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        )
    }

    /// Creates a locator for a given environment and executable path.
    public init(environment: [String: String], executablePath: String) {
        self.environment = environment
        self.executablePath = executablePath
    }

    /// The shipped `config/` folder, if found.
    public var configDirectory: String? {
        if let dir = environment["RETROWALK_CONFIG_DIR"], !dir.isEmpty { return dir }
        return installRoot.map { $0 + "/config" }
    }

    /// The `Sounds/` folder, if found.
    public var soundsDirectory: String? {
        if let dir = environment["RETROWALK_SOUNDS"], !dir.isEmpty { return dir }
        return installRoot.map { $0 + "/Sounds" }
    }

    /// The user's config folder: `$XDG_CONFIG_HOME/retrowalk` or `~/.config/retrowalk`.
    public var userConfigDirectory: String {
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? ".") + "/.config")
        return base + "/retrowalk"
    }

    /// The folder that holds `config/plans` and `Sounds/`.
    var installRoot: String? {
        let manager = FileManager.default
        let resolved = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        var folder = resolved.deletingLastPathComponent()
        for _ in 0..<8 {
            if manager.fileExists(atPath: folder.path + "/config/plans") { return folder.path }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        let shared = "/usr/share/retrowalk"
        return manager.fileExists(atPath: shared + "/config/plans") ? shared : nil
    }
}
