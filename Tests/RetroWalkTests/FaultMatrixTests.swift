import Foundation
import Testing

/// The fault matrix (issue 15): every fault the simulated strap can play, and the faults of the machine around the
/// session (the audio device failing, a full disk, a read-only database, SIGKILL, SIGTERM), each through the real
/// binary, asserting which alarms must be raised, that no other alarm is, and which samples are kept in the
/// database. The alarms come from SAFETY.md: S1 after 5 s without skin contact, S2 after 10 s without data or 15 s
/// of S1, R1/R2/R3 as the ceiling scenario climbs; a fault of the link or of the bytes must not look like a heart
/// (no R5, R7, R8 from a dropout, garbage or a spurious RR).
@Suite("Fault matrix", .serialized, .timeLimit(.minutes(6)))
struct FaultMatrixTests {
    /// Which samples a fault keeps.
    enum Kept: Sendable {
        /// Every sample in the event stream is in the database.
        case all
        /// The samples written before the disk filled: some, not all; one `store failed` event.
        case beforeTheDiskFilled
        /// Nothing of this session (the database cannot be written); the sessions already there are intact.
        case earlierSessionsOnly
        /// All but the last second's batch at most (the store commits at least once a second).
        case allButTheLastSecond
    }

    struct Fault: Sendable, CustomTestStringConvertible {
        var name: String
        var scenario = "steady"
        /// Shell words before `exec` (a `ulimit`), or a wrapper before the binary (`setpriv`).
        var shell = ""
        var wrapper = ""
        var extra: [String] = []
        /// The signal sent once the session has streamed `signalAfterSamples` samples (then at --speed 20).
        var signal: Int32?
        /// The alarms that must be raised, and those that may be besides them: any other alarm fails.
        var raises: Set<String> = []
        var allows: Set<String> = []
        var kept = Kept.all
        var endState = "finished"
        var testDescription: String { name }
    }

    static let signalAfterSamples = 40

    static let faults: [Fault] = [
        Fault(name: "steady (no fault)"),
        Fault(
            name: "ceiling: HR past the hard ceiling", scenario: "ceiling", raises: ["R3"], allows: ["R1", "R2"],
            endState: "ended_early"),
        Fault(name: "slow recovery", scenario: "slow-recovery", allows: ["R1"]),
        Fault(name: "link drop for 20 s", scenario: "link-drop", raises: ["S2"]),
        Fault(name: "silent strap for 10 s", scenario: "stall", raises: ["S2"]),
        Fault(name: "no skin contact for 25 s", scenario: "contact-lost", raises: ["S1", "S2"]),
        Fault(name: "garbage and truncated PDUs", scenario: "garbage"),
        Fault(name: "every response twice, late errors", scenario: "duplicates"),
        Fault(name: "RR in batches", scenario: "multi-rr"),
        Fault(name: "a spurious 52 ms RR", scenario: "spurious-rr"),
        Fault(name: "16-bit heart rate", scenario: "hr16"),
        Fault(name: "no battery service", scenario: "no-battery"),
        Fault(name: "ATT_MTU 247", scenario: "mtu247"),
        Fault(
            name: "audio device fails mid-session", scenario: "ceiling",
            extra: ["--audio-device", "retrowalk_failing"],
            raises: ["R3"], allows: ["R1", "R2"], endState: "ended_early"),
        // 100 KiB: the database is created and takes its first writes, then every write fails (EFBIG).
        Fault(
            name: "disk full", scenario: "ceiling", shell: "ulimit -S -f 100;", raises: ["R3"], allows: ["R1", "R2"],
            kept: .beforeTheDiskFilled, endState: "ended_early"),
        // As root, files are never read-only: the run drops to nobody.
        Fault(
            name: "read-only database", scenario: "ceiling",
            wrapper: getuid() == 0 ? "setpriv --reuid 65534 --regid 65534 --clear-groups" : "",
            raises: ["R3"], allows: ["R1", "R2"], kept: .earlierSessionsOnly, endState: "ended_early"),
        Fault(name: "SIGTERM", signal: SIGTERM, endState: "ended_by_signal"),
        Fault(name: "SIGKILL", signal: SIGKILL, kept: .allButTheLastSecond, endState: "interrupted"),
    ]

    @Test("alarms raised (and no other), samples kept", arguments: faults)
    func fault(_ fault: Fault) throws {
        let folder = try TemporaryFolder()
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder.url.path)
        let database = folder.path("s.sqlite")
        // An earlier session in the database (for the read-only case: what must survive)
        let seed = try RetroWalkBinary.run([
            "walk", "--simulate", "--speed", "max", "--duration", "5", "--db", database,
            "--render-audio", folder.path("seed.wav"),
        ])
        #expect(seed.status == 0, "seed: \(seed.stderr)")
        let seeded = try Self.history(database)
        if fault.kept == .earlierSessionsOnly {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: database)
        }

        let (status, events, stderr) = try run(fault, folder: folder, database: database)
        let context = "\(fault.name): exit \(status)\n\(stderr)"
        if fault.signal == SIGKILL {
            #expect(status == 128 + SIGKILL, "\(context)")
        } else {
            #expect(status == 0, "\(context)")
            #expect(events.last?.event == "summary", "\(context)")
            #expect(events.last?["end_state"] as? String == fault.endState, "\(context)")
        }

        // The alarms: each one required is raised, and nothing outside the allowed set
        let raised = Set(events.filter { $0.event == "alarm" }.compactMap { $0["rule"] as? String })
        #expect(fault.raises.isSubset(of: raised), "\(fault.name): raised \(raised.sorted())")
        #expect(
            raised.isSubset(of: fault.raises.union(fault.allows)),
            "\(fault.name): unexpected \(raised.subtracting(fault.raises.union(fault.allows)).sorted())")
        if fault.extra.contains("retrowalk_failing") {
            #expect(events.contains { $0.event == "audio" }, "\(fault.name): no audio fault event")
        }

        // The samples kept
        let streamed = events.filter { $0.event == "sample" }.count
        #expect(streamed > 0, "\(context)")
        let history = try Self.history(database)
        let latest = history.last
        let failures = events.filter { $0.event == "store" && $0["state"] as? String == "failed" }.count
        switch fault.kept {
        case .earlierSessionsOnly:
            #expect(history.count == seeded.count)
            #expect(latest?["samples"] as? Int == seeded.last?["samples"] as? Int)
            #expect(failures == 1, "\(fault.name): \(failures) store reports")
            return
        case .all:
            #expect(latest?["samples"] as? Int == streamed, "\(fault.name): \(latest ?? [:])")
            #expect(failures == 0)
        case .beforeTheDiskFilled:
            let stored = latest?["samples"] as? Int ?? 0
            #expect(stored > 0 && stored < streamed, "\(fault.name): \(stored) of \(streamed) stored")
            #expect(failures == 1, "\(fault.name): \(failures) store reports")
        case .allButTheLastSecond:
            let stored = latest?["samples"] as? Int ?? 0
            #expect(stored >= streamed - 25 && stored <= streamed, "\(fault.name): \(stored) of \(streamed) stored")
        }
        #expect(history.count == seeded.count + 1)
        // A session whose end could not be written (the disk was full) is closed as interrupted by the next command
        let storedEnd = fault.kept == .beforeTheDiskFilled ? "interrupted" : fault.endState
        #expect(latest?["end_state"] as? String == storedEnd, "\(fault.name): \(latest ?? [:])")
    }

    /// Runs the fault's session through bash (for `ulimit` and `setpriv`): exit status, events, standard error.
    func run(_ fault: Fault, folder: TemporaryFolder, database: String) throws -> (Int32, [EventLine], String) {
        // ALSA's null device by default; `retrowalk_failing` is a file PCM over /dev/full: every write fails.
        let config = folder.path("asound.conf")
        try """
        pcm.!default { type null }
        pcm.retrowalk_failing { type file; slave.pcm "null"; file "/dev/full"; format "raw" }
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let speed = fault.signal == nil ? "max" : "20"
        let arguments =
            [
                RetroWalkBinary.path, "walk", "--simulate", fault.scenario, "--speed", speed, "--json", "--db",
                database,
                // The readiness check (tested on its own) would play its 11 s sound test first.
                "--skip-check",
            ] + fault.extra
        let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "\(fault.shell) exec \(fault.wrapper) \(quoted) 2>'\(folder.path("stderr.txt"))'"]
        var environment = ProcessInfo.processInfo.environment
        environment["RETROWALK_CONFIG_DIR"] = RetroWalkBinary.packageRoot.appendingPathComponent("config").path
        environment["RETROWALK_SOUNDS"] = RetroWalkBinary.packageRoot.appendingPathComponent("Sounds").path
        environment["ALSA_CONFIG_PATH"] = "/usr/share/alsa/alsa.conf:\(config)"
        environment["XDG_DATA_HOME"] = folder.path("data")
        environment["HOME"] = folder.url.path
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var received = Data()
        let reader = out.fileHandleForReading
        if let signal = fault.signal {
            // Given a session some samples in
            while String(decoding: received, as: UTF8.self).components(separatedBy: "\"sample\"").count
                <= Self.signalAfterSamples
            {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                received += chunk
            }
            kill(process.processIdentifier, signal)
        }
        received += reader.readDataToEndOfFile()
        process.waitUntilExit()
        let status =
            process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
        let lines = String(decoding: received, as: UTF8.self).split(separator: "\n").map(String.init)
        let stderr = (try? String(contentsOfFile: folder.path("stderr.txt"), encoding: .utf8)) ?? ""
        // A line cut by SIGKILL is not an event
        return (status, lines.compactMap(EventLine.init), stderr)
    }

    /// `retrowalk history --json`: one object per session, oldest first (it closes a session left without an end
    /// as interrupted).
    static func history(_ database: String) throws -> [[String: Any]] {
        let output = try RetroWalkBinary.run(["history", "--json", "--db", database])
        #expect(output.status == 0, "history: \(output.stderr)")
        return output.lines.compactMap { EventLine($0)?.object }
    }
}
