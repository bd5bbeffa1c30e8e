import Foundation

/// Finds the shipped resources (`config/`, `Sounds/`) and the user's files.
///
/// Order: an environment override (`RETROWALK_CONFIG_DIR`, `RETROWALK_SOUNDS`); then a folder beside the executable
/// or above it that holds `config/plans` (a checkout's `.build/debug/retrowalk`, an unpacked tarball); then
/// `PREFIX/share/retrowalk` for an executable in `PREFIX/bin` (`make install PREFIX=…`, also inside a `DESTDIR` or
/// an unpacked package); then `/usr/share/retrowalk` (the Debian package).
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

    /// The Debian package's resources.
    public static let systemRoot = "/usr/share/retrowalk"

    /// The folder that holds `config/plans` and `Sounds/`.
    var installRoot: String? { candidateRoots.first { FileManager.default.fileExists(atPath: $0 + "/config/plans") } }

    /// Where the resources are looked for, in order (see the type's documentation).
    var candidateRoots: [String] {
        let resolved = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
        let binFolder = resolved.deletingLastPathComponent()
        var roots: [String] = []
        var folder = binFolder
        for _ in 0..<8 {
            roots.append(folder.path)
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        roots.append(binFolder.deletingLastPathComponent().appendingPathComponent("share/retrowalk").path)
        roots.append(Self.systemRoot)
        return roots
    }
}
