import Foundation
import Testing

/// `walk` runs the readiness check before the warm-up (through the real binary, standard output a pipe: the log).
@Suite("walk's readiness gate")
struct ReadinessGateTests {
    @Test("a simulated session shows every step of the check before the warm-up")
    func checkBeforeWarmUp() throws {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run([
            "walk", "--simulate", "--speed", "max", "--duration", "5", "--render-audio", folder.path("a.wav"),
            "--db", folder.path("s.sqlite"),
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.lines
        let contact = try #require(lines.firstIndex { $0.hasPrefix("PASS  strap.contact") })
        let audio = try #require(lines.firstIndex { $0.hasPrefix("PASS  audio.device") })
        #expect(lines[audio].contains("a.wav"))
        let warmUp = try #require(lines.firstIndex { $0.contains("phase    warmup") })
        #expect(contact < warmUp && audio < warmUp)
        #expect(!lines.contains { $0.hasPrefix("FAIL") })
    }

    @Test("a FAIL refuses the session with one line naming the step and --skip-check, before anything is recorded")
    func failRefuses() throws {
        let folder = try TemporaryFolder()
        // No strap answers at this address (and this build machine has no Bluetooth at all).
        let output = try RetroWalkBinary.run(
            ["walk", "--strap", "AA:BB:CC:DD:EE:FF", "--db", folder.path("s.sqlite")],
            environment: ["XDG_DATA_HOME": folder.path("data"), "XDG_CONFIG_HOME": folder.path("config")])
        #expect(output.status == 1)
        #expect(output.stderr.hasPrefix("retrowalk: Not starting: the readiness check failed ("))
        #expect(output.stderr.contains("strap.reachable: "))
        #expect(output.stderr.contains("pass --skip-check to walk anyway"))
        #expect(output.stderr.split(separator: "\n").count == 1)
        #expect(output.lines.contains { $0.hasPrefix("FAIL  strap.reachable") })
        #expect(!FileManager.default.fileExists(atPath: folder.path("s.sqlite")))
    }

    @Test("--skip-check starts without the check and logs it, to --log-file and not to stderr")
    func skipCheckIsLogged() throws {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run([
            "walk", "--simulate", "--speed", "max", "--duration", "5", "--render-audio", folder.path("a.wav"),
            "--db", folder.path("s.sqlite"), "--skip-check", "--log-file", folder.path("walk.log"),
        ])
        #expect(output.status == 0)
        #expect(!output.lines.contains { $0.hasPrefix("PASS") })
        #expect(output.stderr.isEmpty, "\(output.stderr)")
        let log = try String(contentsOfFile: folder.path("walk.log"), encoding: .utf8)
        #expect(log.contains("Readiness check skipped (--skip-check)"))
    }
}
