import ArgumentParser
import Foundation
import RetroWalk
import Testing

@testable import retrowalk

@Suite("Command line")
struct CommandLineTests {
    @Test("walk parses a simulated session with a scenario and options")
    func parseWalk() throws {
        let command = try RetroWalkCommand.parseAsRoot(["walk", "--simulate", "ceiling", "--speed", "max", "--json"])
        let walk = try #require(command as? Walk)
        #expect(walk.source.simulate)
        #expect(walk.source.scenario == .ceiling)
        #expect(walk.setup.speed.factor == nil)
        #expect(walk.json)
    }

    @Test(
        "walk rejects contradictory or bad input with a message that says what to do",
        arguments: [
            (["walk", "--simulate", "--strap", "AA:BB:CC:DD:EE:FF"], "Choose one source"),
            (["walk", "--strap", "AA:BB:CC:DD:EE:FF", "ceiling"], "A scenario goes with --simulate"),
            (["walk", "--simulate", "--speed", "0"], "--speed"),
            (["walk", "--simulate", "--speed", "fast"], "--speed"),
            (["walk", "--simulate", "--speed", "1000"], "use --speed max"),
            (["serve", "--simulate", "--speed", "300"], "use --speed max"),
            (["walk", "--simulate", "--duration", "-3"], "--duration"),
            (["walk", "--simulate", "--render-audio", "out.mp3"], ".wav"),
            (["walk", "--simulate", "sideways"], "sideways"),
        ]
    )
    func walkValidation(arguments: [String], expected: String) {
        do {
            _ = try RetroWalkCommand.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(RetroWalkCommand.message(for: error).contains(expected))
        }
    }

    @Test("help explains the walk command's sources, audio and event stream")
    func help() {
        let help = RetroWalkCommand.helpMessage(for: Walk.self)
        for phrase in [
            "--simulate", "--strap", "--speed", "--render-audio", "--audio-device", "--json", "--db", "steady",
            "ceiling",
        ] {
            #expect(help.contains(phrase), "help lacks \(phrase)")
        }
    }

    @Test("decode prints one JSON line per value and exits 1 after all when one is malformed")
    func decode() throws {
        let output = try RetroWalkBinary.run(["decode", "16 48 54 01 ec 02", "zz", "10:38:2d:04:35:00"])
        #expect(output.status == 1)
        #expect(output.lines.count == 3)
        #expect(
            output.lines[0]
                == #"{"bpm": 72, "contact": "detected", "energy_kj": null, "rr": [340, 748], "rr_ms": [332.03, 730.47]}"#
        )
        #expect(output.lines[1].hasPrefix(#"{"error": ""#))
        #expect(output.lines[2].hasPrefix(#"{"bpm": 56, "contact": "unsupported""#))
        let ok = try RetroWalkBinary.run(["decode", "06 48"])
        #expect(ok.status == 0)
    }

    @Test("walk --strap on a kernel without Bluetooth fails at once with one line and no stack trace")
    func strapWithoutBluetooth() throws {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run(
            ["walk", "--strap", "AA:BB:CC:DD:EE:FF", "--db", folder.path("s.sqlite")],
            environment: ["XDG_DATA_HOME": folder.path("data")]
        )
        #expect(output.status != 0)
        let lines = output.stderr.split(separator: "\n")
        // On a machine with Bluetooth this strap does not exist, so connecting fails instead; either way one line.
        #expect(lines.count == 1)
        #expect(
            output.stderr.contains("Bluetooth is not available in this kernel")
                || output.stderr.contains("AA:BB:CC:DD:EE:FF"))
        #expect(!output.stderr.contains("Fatal error"))
        // Nothing was recorded for a session that could not start.
        #expect(!FileManager.default.fileExists(atPath: folder.path("s.sqlite")))
    }

    @Test("a missing plan names the known plans")
    func unknownPlan() throws {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run(
            ["walk", "--simulate", "--plan", "marathon", "--db", folder.path("s.sqlite")],
            environment: ["XDG_CONFIG_HOME": folder.path("config")]
        )
        #expect(output.status == 1)
        #expect(output.stderr.contains("Plan 'marathon' was not found"))
        #expect(output.stderr.contains("beginner"))
    }

    @Test("a bad plan file is reported per key with the allowed range")
    func badPlan() throws {
        let folder = try TemporaryFolder()
        let plan = folder.path("bad.yaml")
        try """
        name: bad
        summary: x
        steps:
          - warmup: {duration_s: 60}
          - repeat: 50
            steps:
              - backward: {duration_s: 2}
            between:
              - recovery: {duration_s: 60}
          - cooldown: {duration_s: 60}

        """
        .write(toFile: plan, atomically: true, encoding: .utf8)
        let output = try RetroWalkBinary.run(["walk", "--simulate", "--plan", plan, "--db", folder.path("s.sqlite")])
        #expect(output.status == 1)
        #expect(output.stderr.contains("Plan file '\(plan)': steps[1].repeat: 50 is out of range; allowed 1...20"))
        #expect(output.stderr.contains("steps[1].steps[0].backward.duration_s: 2 is out of range; allowed 10...600"))
    }
}
