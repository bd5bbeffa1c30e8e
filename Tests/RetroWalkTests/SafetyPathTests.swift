import ALSAOutput
import Foundation
import RetroWalkCore
import SoundEngine
import Testing

/// The safety path (strap → rules → sound → ALSA) never waits on an output: through the real binary, a live
/// simulated ceiling session at 8× whose standard output nobody reads, whose terminal is paused with Ctrl-S, or
/// whose database is slow, read-only or over its file-size limit sounds the R3 burst when the same session with
/// everything healthy does, and ends on time.
///
/// All runs go at once (they are real time: about 55 s each) and are compared with the healthy run: the burst's
/// place in the WAV that real libasound (ALSA's `file` plugin) wrote, in real seconds, and the alarm's time in the
/// JSON stream, in session seconds.
@Suite("Safety path under stalled outputs", .serialized, .timeLimit(.minutes(4)))
struct SafetyPathTests {
    /// One live run of `walk --simulate ceiling --speed 8` through bash (for `ulimit` and `setpriv`).
    final class Run: @unchecked Sendable {
        enum Stdout { case read, blocked }

        let name: String
        let folder: String
        let process = Process()
        private let out = Pipe()
        private let stdoutMode: Stdout
        private var stdoutData = Data()
        private let reading = DispatchGroup()
        private(set) var seconds = 0.0

        var wavPath: String { folder + "/alsa.wav" }
        var stderr: String { (try? String(contentsOfFile: folder + "/stderr.txt", encoding: .utf8)) ?? "" }
        var events: [EventLine] {
            String(decoding: stdoutData, as: UTF8.self).split(separator: "\n").compactMap { EventLine(String($0)) }
        }

        /// - Parameters:
        ///   - prefix: shell words before `exec` (a `ulimit`), or a wrapper put before the binary (`setpriv …`).
        ///   - alsa: whether the default ALSA PCM records to a WAV file (else it is ALSA's `null`).
        init(
            _ name: String, in parent: TemporaryFolder, stdout: Stdout = .read, shell: String = "",
            wrapper: String = "", alsa: Bool = true, environment: [String: String] = [:]
        ) throws {
            self.name = name
            folder = parent.path(name)
            stdoutMode = stdout
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let config = folder + "/asound.conf"
            let pcm =
                alsa
                ? "pcm.!default { type file; slave.pcm \"null\"; file \"\(wavPath)\"; format \"wav\" }\n"
                : "pcm.!default { type null }\n"
            try pcm.write(toFile: config, atomically: true, encoding: .utf8)
            let arguments = [
                RetroWalkBinary.path, "walk", "--simulate", "ceiling", "--speed", "8", "--duration", "420", "--json",
                "--db", folder + "/s.sqlite",
            ].map { "'\($0)'" }.joined(separator: " ")
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", "\(shell) exec \(wrapper) \(arguments) 2>'\(folder)/stderr.txt'"]
            var env = ProcessInfo.processInfo.environment
            env["RETROWALK_CONFIG_DIR"] = RetroWalkBinary.packageRoot.appendingPathComponent("config").path
            env["RETROWALK_SOUNDS"] = RetroWalkBinary.packageRoot.appendingPathComponent("Sounds").path
            env["ALSA_CONFIG_PATH"] = "/usr/share/alsa/alsa.conf:\(config)"
            env["XDG_DATA_HOME"] = folder + "/data"
            env["HOME"] = folder
            for (key, value) in environment { env[key] = value }
            process.environment = env
            // The smallest pipe Linux makes (one page, F_SETPIPE_SZ = 1031): a 4 KiB pipe as in the report that
            // found the freeze, instead of the default 64 KiB that a whole session's JSON nearly fits in.
            if stdout == .blocked {
                #expect(fcntl(out.fileHandleForWriting.fileDescriptor, 1031, 4096) >= 0)
            }
            process.standardOutput = out
            process.standardInput = FileHandle.nullDevice
        }

        func start() throws {
            try process.run()
            if stdoutMode == .read {
                DispatchQueue.global().async(group: reading) { [self] in
                    stdoutData = out.fileHandleForReading.readDataToEndOfFile()
                }
            }
        }

        /// Waits for the end; the pipe of a blocked run stays open (and unread) until then.
        func wait(startedAt start: ContinuousClock.Instant) {
            process.waitUntilExit()
            seconds = (ContinuousClock.now - start).inSeconds
            reading.wait()
        }

        func burstSeconds() throws -> Double { try SafetyPathTests.burstSeconds(in: wavPath) }

        func alarmTime(_ rule: String) -> Double? {
            events.first { $0.event == "alarm" && $0["rule"] as? String == rule }?.time
        }
    }

    /// Where the first high-priority burst starts in a recorded WAV, in seconds after the first cue ("warm-up",
    /// spoken at session time 0): real time from the session's start, whatever the process did before it.
    static func burstSeconds(in path: String) throws -> Double {
        let clips = try ClipLibrary.load(directory: RetroWalkBinary.packageRoot.appendingPathComponent("Sounds").path)
        let audio = try WAV.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        let cue = try #require(clips.samples(for: "warmup_start"))
        let start = try #require(WAVSearch.firstOccurrence(of: Array(cue.prefix(1600)), in: audio.samples))
        let burst = Array(AlarmTone.burst(.high).prefix(800))
        let found = try #require(
            WAVSearch.firstOccurrence(of: burst, in: audio.samples, from: start), "no burst in \(path)")
        return Double(found - start) / Double(audio.sampleRate)
    }

    @Test("stdout unread or paused, a slow, read-only or size-limited database: R3 sounds on time, session ends")
    func stalledOutputs() throws {
        let folder = try TemporaryFolder()
        // A database that exists but cannot be written by the walker (as root, files are never read-only: the run
        // drops to nobody).
        let readOnly = folder.path("read-only")
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: true)
        let seed = try RetroWalkBinary.run([
            "walk", "--simulate", "--speed", "max", "--duration", "5", "--db", readOnly + "/s.sqlite",
            "--render-audio", readOnly + "/seed.wav",
        ])
        #expect(seed.status == 0, "stderr: \(seed.stderr)")
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder.url.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: readOnly)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: readOnly + "/s.sqlite")
        let asNobody = getuid() == 0 ? "setpriv --reuid 65534 --regid 65534 --clear-groups" : ""

        let healthy = try Run("healthy", in: folder)
        let blocked = try Run("blocked", in: folder, stdout: .blocked)
        let slowStore = try Run(
            "slow-store", in: folder, environment: ["RETROWALK_TEST_STORE_DELAY_MS": "2000"])
        let readOnlyStore = try Run("read-only", in: folder, wrapper: asNobody)
        // 100 KiB: the database is created and takes its first writes, then every write fails (EFBIG). ALSA's
        // file plugin would hit the same limit, so this run plays to ALSA's null device and is timed by its events.
        let fullDisk = try Run("file-size-limit", in: folder, shell: "ulimit -S -f 100;", alsa: false)
        let runs = [healthy, blocked, slowStore, readOnlyStore, fullDisk]
        // And the same session in a terminal (tmux) whose output is paused with Ctrl-S before it prints a line
        let paused = try PausedTerminal(in: folder)
        let start = ContinuousClock.now
        for run in runs { try run.start() }
        try paused.start()
        for run in runs { run.wait(startedAt: start) }
        let pausedStatus = try paused.wait(atMost: .seconds(healthy.seconds + 15))
        #expect(pausedStatus == "0", "paused terminal: \(paused.stderr)")
        let pausedSeconds = (ContinuousClock.now - start).inSeconds
        #expect(pausedSeconds <= healthy.seconds + 5, "paused terminal took \(pausedSeconds) s")
        for run in runs { #expect(run.process.terminationStatus == 0, "\(run.name): \(run.stderr)") }

        // The healthy session: R3 about 390 s into the session, its burst about 49 s into the WAV
        let healthyR3 = try #require(healthy.alarmTime("R3"))
        let healthyBurst = try healthy.burstSeconds()
        #expect(healthyBurst > 40 && healthyBurst < 55, "healthy burst at \(healthyBurst) s")
        let pausedBurst = try paused.burstSeconds()
        #expect(
            abs(pausedBurst - healthyBurst) <= 1,
            "paused terminal: burst at \(pausedBurst) s, healthy \(healthyBurst) s")
        // The figures, for the record (stdout read against blocked, Ctrl-S)
        print(
            "safety path: R3 burst \(healthyBurst) s after the first cue with stdout read, \(try blocked.burstSeconds()) s with stdout blocked, \(pausedBurst) s in a paused terminal, \(try slowStore.burstSeconds()) s with a 2 s/write store"
        )
        // Every stalled output: the burst within 1 s of the healthy one, the process ends within 4 s of it
        for run in [blocked, slowStore, readOnlyStore] {
            let burst = try run.burstSeconds()
            #expect(abs(burst - healthyBurst) <= 1, "\(run.name): burst at \(burst) s, healthy \(healthyBurst) s")
        }
        for run in runs {
            #expect(run.seconds <= healthy.seconds + 4, "\(run.name) took \(run.seconds) s, healthy \(healthy.seconds)")
        }
        // The alarm's session time (8 session seconds per real second) is the healthy one's, within 1 s
        for run in [slowStore, readOnlyStore, fullDisk] {
            let r3 = try #require(run.alarmTime("R3"), "\(run.name): no R3")
            #expect(abs(r3 - healthyR3) <= 1, "\(run.name): R3 at \(r3), healthy \(healthyR3)")
            #expect(run.events.last?.event == "summary", "\(run.name) has no summary")
        }

        // The slow store kept up: everything recorded, nothing reported
        #expect(!slowStore.events.contains { $0.event == "store" })
        #expect(slowStore.stderr.contains("stored in"))
        // A failing store is reported once, loudly: one `store failed` event and an error in the log
        for run in [readOnlyStore, fullDisk] {
            let reports = run.events.filter { $0.event == "store" && $0["state"] as? String == "failed" }
            #expect(reports.count == 1, "\(run.name): \(reports.count) store reports")
            #expect(run.stderr.contains("error"), "\(run.name): \(run.stderr)")
        }
        #expect(fullDisk.stderr.contains("only partly stored"))
        #expect(readOnlyStore.stderr.contains("Session not recorded"))
        // The unread stdout was noticed: the end says it could not write everything
        #expect(blocked.stderr.contains("stdout"), "blocked: \(blocked.stderr)")
    }
}

/// `walk` in a tmux terminal whose output is stopped (Ctrl-S, XON/XOFF) from the start: every write to it blocks.
/// `--plain`: the log, in a terminal left in its normal mode (the live view puts it in raw mode, where Ctrl-S is
/// a key and cannot pause the output).
final class PausedTerminal {
    let folder: String
    let socket: String

    init(in parent: TemporaryFolder) throws {
        folder = parent.path("paused")
        socket = parent.path("tmux.sock")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "pcm.!default { type file; slave.pcm \"null\"; file \"\(folder)/alsa.wav\"; format \"wav\" }\n"
            .write(toFile: folder + "/asound.conf", atomically: true, encoding: .utf8)
    }

    var stderr: String { (try? String(contentsOfFile: folder + "/stderr.txt", encoding: .utf8)) ?? "" }

    func start() throws {
        let root = RetroWalkBinary.packageRoot
        let environment = [
            "ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:\(folder)/asound.conf",
            "RETROWALK_CONFIG_DIR=\(root.appendingPathComponent("config").path)",
            "RETROWALK_SOUNDS=\(root.appendingPathComponent("Sounds").path)",
            "XDG_DATA_HOME=\(folder)/data", "NO_COLOR=1",
        ].map { "'\($0)'" }.joined(separator: " ")
        let walk =
            "env \(environment) '\(RetroWalkBinary.path)' walk --simulate ceiling --speed 8 --duration 420 --plain "
            + "--db '\(folder)/s.sqlite' 2>'\(folder)/stderr.txt'; echo $? > '\(folder)/exit'"
        // stty ixon: output flow control on, as in a fresh terminal; C-s stops output before walk starts.
        let command = "stty ixon; sleep 0.3; \(walk)"
        let status = try tmux(
            "new-session -d -x 80 -y 24 \"$0\" && tmux -S '\(socket)' send-keys C-s", argument: command)
        #expect(status == 0, "tmux: \((try? String(contentsOfFile: folder + "/tmux.err", encoding: .utf8)) ?? "")")
    }

    /// Waits for walk's exit status, then lets the terminal go.
    func wait(atMost limit: Duration) throws -> String? {
        let deadline = ContinuousClock.now + limit
        var status: String?
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: folder + "/exit", encoding: .utf8) {
                status = text.trimmingCharacters(in: .whitespacesAndNewlines)
                break
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        // The pane closed when walk ended; a server still there (walk hung) is stopped.
        _ = try? tmux("kill-server")
        return status
    }

    func burstSeconds() throws -> Double { try SafetyPathTests.burstSeconds(in: folder + "/alsa.wav") }

    /// Runs tmux commands through bash, `argument` as `$0`. Their output goes to files: the tmux server inherits
    /// the client's descriptors, and a pipe would stay open (and a reader waiting) as long as the server lives.
    private func tmux(_ commands: String, argument: String = "") throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "tmux -S '\(socket)' \(commands)", argument]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = folder + "/tmux.err"
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: errors)
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

extension Duration {
    fileprivate var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
