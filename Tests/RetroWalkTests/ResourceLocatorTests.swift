import Foundation
import RetroWalk
import Testing

/// Where an installed or unpacked `retrowalk` finds `config/` and `Sounds/` (real folders in a temporary tree).
@Suite("Resource locator")
struct ResourceLocatorTests {
    /// Makes `root/relative/config/plans` and `root/relative/Sounds`, and returns `root/relative`.
    private func resources(at relative: String, in folder: TemporaryFolder) throws -> String {
        let root = folder.path(relative)
        for sub in ["config/plans", "Sounds"] {
            try FileManager.default.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true)
        }
        return root
    }

    /// An empty executable file at `relative`.
    private func executable(at relative: String, in folder: TemporaryFolder) throws -> String {
        let path = folder.path(relative)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("an executable in PREFIX/bin finds PREFIX/share/retrowalk")
    func prefixShare() throws {
        let folder = try TemporaryFolder()
        let root = try resources(at: "stage/usr/local/share/retrowalk", in: folder)
        let binary = try executable(at: "stage/usr/local/bin/retrowalk", in: folder)
        let locator = ResourceLocator(environment: [:], executablePath: binary)
        #expect(locator.configDirectory == root + "/config")
        #expect(locator.soundsDirectory == root + "/Sounds")
    }

    @Test("resources beside the executable come before PREFIX/share")
    func beside() throws {
        let folder = try TemporaryFolder()
        _ = try resources(at: "usr/share/retrowalk", in: folder)
        let beside = try resources(at: "usr/bin", in: folder)
        let binary = try executable(at: "usr/bin/retrowalk", in: folder)
        let locator = ResourceLocator(environment: [:], executablePath: binary)
        #expect(locator.configDirectory == beside + "/config")
    }

    @Test("a symbolic link to the executable is followed to its install tree")
    func symlink() throws {
        let folder = try TemporaryFolder()
        let root = try resources(at: "opt/share/retrowalk", in: folder)
        let binary = try executable(at: "opt/bin/retrowalk", in: folder)
        try FileManager.default.createDirectory(atPath: folder.path("elsewhere"), withIntermediateDirectories: true)
        let link = folder.path("elsewhere/retrowalk")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: binary)
        let locator = ResourceLocator(environment: [:], executablePath: link)
        #expect(locator.configDirectory == root + "/config")
    }

    @Test("the environment overrides every install tree")
    func environment() throws {
        let folder = try TemporaryFolder()
        _ = try resources(at: "usr/share/retrowalk", in: folder)
        let binary = try executable(at: "usr/bin/retrowalk", in: folder)
        let locator = ResourceLocator(
            environment: ["RETROWALK_CONFIG_DIR": "/etc/x", "RETROWALK_SOUNDS": "/srv/s"], executablePath: binary)
        #expect(locator.configDirectory == "/etc/x")
        #expect(locator.soundsDirectory == "/srv/s")
    }
}
