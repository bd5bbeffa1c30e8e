import Foundation
import SessionStore
import Testing

/// The live view through the real binary in a real terminal: tmux runs `retrowalk walk` in a pane of a given
/// size, the test types keys with `send-keys` and reads the screen with `capture-pane`. Every wait polls the
/// screen until what is expected shows (or a generous timeout passes); no fixed sleep decides anything.
///
/// tmux comes from `make deps` (scripts/install-deps.sh).
@Suite("Live view in a terminal (tmux)", .serialized)
struct LiveViewTerminalTests {
    @Test("the screen shows heart rate, phase and countdown, redrawn in place, in colour; Q in the warm-up quits")
    func showsAndRedraws() throws {
        let pane = try TmuxPane(walk: ["--simulate", "--speed", "4"])
        let first = try pane.waitFor { $0.contains("Warm-up — ") && $0.contains("bpm") }
        let countdown = try #require(TmuxPane.countdown(in: first))
        // Redrawn in place: the countdown changes on the same first row, and nothing scrolls.
        let later = try pane.waitFor { screen in
            screen.contains("Signal: link up") && TmuxPane.countdown(in: screen).map { $0 != countdown } ?? false
        }
        let rows = later.components(separatedBy: "\n")
        #expect(rows[0].contains("Warm-up — "))
        #expect(rows.filter { $0.contains("Warm-up") }.count == 1)
        #expect(later.contains("Next: backward bout 1 of 5"))
        #expect(later.contains("Signal: link up"))
        #expect(later.contains("Q quit"))
        #expect(later.contains("██"))  // the heart rate in big digits
        // Colour is on without NO_COLOR.
        #expect(TmuxPane.hasColor(try pane.captureEscapes()))
        // Q outside a bout quits at once, and the session is stored.
        pane.send("q")
        let end = try pane.waitForExit()
        #expect(end.status == 0)
        #expect(end.screen.contains("Session 1 stored in"))
        #expect(pane.terminalSettingsRestored())
    }

    @Test("D in a bout brings the safe stop on screen, A acknowledges it; Ctrl-C ends and restores the terminal")
    func safeStopAndAcknowledge() throws {
        let pane = try TmuxPane(walk: ["--simulate", "--speed", "16"])
        _ = try pane.waitFor { $0.contains("Backward 1/5") }
        pane.send("d")
        let stop = try pane.waitFor { $0.contains("ALARM U1") }
        #expect(stop.contains("SAFE STOP"))
        #expect(stop.contains("Press A to acknowledge"))
        #expect(stop.contains("symptom: dizzy (key)"))
        pane.send("a")
        let acknowledged = try pane.waitFor { $0.contains("acknowledged U1") }
        #expect(acknowledged.contains("R resume, E end"))
        pane.send("C-c")
        let end = try pane.waitForExit()
        #expect(end.status == 0)
        #expect(pane.terminalSettingsRestored())
        let database = try AppDatabase.open(path: pane.databasePath)
        let session = try #require(try database.sessions().first)
        #expect(try database.events(sessionId: try #require(session.id)).contains { $0.json.contains("SIGINT") })
    }

    @Test("Q in a bout asks 'End the session now? y/n'; y ends it, the session is stored, stty is as before")
    func quitAsksDuringABout() throws {
        let pane = try TmuxPane(walk: ["--simulate", "--speed", "8"])
        _ = try pane.waitFor { $0.contains("Backward 1/5") }
        pane.send("q")
        _ = try pane.waitFor { $0.contains("End the session now? y/n") }
        pane.send("y")
        let end = try pane.waitForExit()
        #expect(end.status == 0)
        #expect(end.screen.contains("Session 1 stored in"))
        #expect(pane.terminalSettingsRestored())
        let database = try AppDatabase.open(path: pane.databasePath)
        let sessions = try database.sessions()
        #expect(sessions.count == 1)
        let session = try #require(sessions.first)
        #expect(session.endedEarly == true)
        #expect(try database.events(sessionId: try #require(session.id)).contains { $0.json.contains("\"quit\"") })
    }

    @Test("Ctrl-Z does not suspend a session (its alarms would stop): the view says why and the walk goes on")
    func ctrlZDoesNotSuspend() throws {
        let pane = try TmuxPane(walk: ["--simulate", "--speed", "8"])
        _ = try pane.waitFor { $0.contains("Backward 1/5") }
        pane.send("C-z")
        _ = try pane.waitFor { $0.contains("Ctrl-Z does not pause a session: its alarms would stop. Q quits.") }
        let process = try #require(pane.walkProcess())
        let state = try String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8)
        #expect(!state.contains(") T "), "walk was stopped: \(state)")
        // The session goes on into the recovery, the notice still showing; the next key acts as always (Q outside
        // a bout quits at once)
        let recovery = try pane.waitFor { $0.contains("Recovery (forward) after bout 1") }
        #expect(recovery.contains("Ctrl-Z does not pause"))
        pane.send("q")
        let end = try pane.waitForExit()
        #expect(end.status == 0)
        #expect(end.screen.contains("Session 1 stored in"))
        // The terminal's suspend key is back (stty -a before and after are the same)
        #expect(pane.terminalSettingsRestored())
    }

    @Test("resized to 60×20 the screen stays readable; NO_COLOR turns colour off")
    func resizeAndNoColor() throws {
        let pane = try TmuxPane(walk: ["--simulate", "--speed", "4"], environment: ["NO_COLOR": "1"])
        _ = try pane.waitFor { $0.contains("Warm-up — ") && $0.contains("Signal: link up") && $0.contains("^ ") }
        pane.tmux(["resize-window", "-t", pane.target, "-x", "60", "-y", "20"])
        let small = try pane.waitFor { screen in
            let rows = screen.components(separatedBy: "\n")
            return rows.count == 20 && rows[19].contains("Q quit") && screen.contains("Warm-up — ")
                && screen.contains("Signal: link up")
        }
        let rows = small.components(separatedBy: "\n")
        #expect(rows.allSatisfy { $0.count <= 60 })
        #expect(small.contains("bpm"))
        #expect(small.contains("Signal: link up"))
        #expect(small.contains("|106"))  // the zone bar's limits
        #expect(small.contains("D dizzy"))
        #expect(!TmuxPane.hasColor(try pane.captureEscapes()))
        pane.send("q")
        let end = try pane.waitForExit()
        #expect(end.status == 0)
    }

    @Test("SIGTERM during a bout ends the session gracefully and leaves the terminal as it was")
    func sigtermRestoresTerminal() throws {
        let pane = try TmuxPane(walk: ["--simulate", "--speed", "8"])
        _ = try pane.waitFor { $0.contains("Backward 1/5") }
        let walk = try #require(pane.walkProcess(), "walk's process was not found under the pane's shell")
        #expect(kill(walk, SIGTERM) == 0)
        let end = try pane.waitForExit()
        #expect(end.status == 0)
        #expect(end.screen.contains("Session 1 stored in"))
        #expect(pane.terminalSettingsRestored())
    }

    @Test("the terminal goes away during a bout (an SSH drop): the session ends gracefully and is stored")
    func hangUpStoresTheSession() throws {
        let pane = try TmuxPane(walk: ["--simulate", "--speed", "8"])
        _ = try pane.waitFor { $0.contains("Backward 1/5") }
        let walk = try #require(pane.walkProcess(), "walk's process was not found under the pane's shell")
        // When the terminal closes (the kernel sends SIGHUP to the pane's processes)
        pane.tmux(["kill-server"], output: false)
        // (walk's parent, the pane's shell, dies too: walk ends as a zombie of whoever adopts it, or is reaped)
        func running() -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(walk)/stat", encoding: .utf8),
                let state = stat.split(separator: ")").last?.split(separator: " ").first
            else { return false }
            return state != "Z"
        }
        let deadline = Date().addingTimeInterval(30)
        while running(), Date() < deadline { usleep(100_000) }
        #expect(!running(), "walk still runs 30 s after the hang-up")
        // Then the session is in the database, ended by the signal, with its samples
        let history = try RetroWalkBinary.run(["history", "--json", "--db", pane.databasePath])
        let session = try #require(history.lines.compactMap(EventLine.init).last, "no session: \(history.stderr)")
        #expect(session["end_state"] as? String == "ended_by_signal")
        #expect((session["samples"] as? Int ?? 0) > 100)
    }

    @Test("a crash in the view leaves the terminal as it was")
    func crashRestoresTerminal() throws {
        let pane = try TmuxPane(
            walk: ["--simulate", "--speed", "4"],
            environment: ["RETROWALK_TEST_VIEW_CRASH": "1", "SWIFT_BACKTRACE": "enable=no"])
        let end = try pane.waitForExit()
        #expect(end.status != 0)
        #expect(pane.terminalSettingsRestored())
        // Back on the normal screen: the shell's own lines are visible again.
        #expect(end.screen.contains("EXIT="))
    }
}

/// One tmux server (its own socket) with one pane running `retrowalk walk`, wrapped in a shell script that
/// records `stty -a` before and after and the exit status. NO_COLOR is taken out of the test's own environment
/// (a test runner may set it) and set only when a test asks for it.
final class TmuxPane {
    let folder: TemporaryFolder
    let socket: String
    let target = "walk"
    var databasePath: String { folder.path("s.sqlite") }

    static let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    init(walk arguments: [String], environment: [String: String] = [:], columns: Int = 80, rows: Int = 24) throws {
        _ = try #require(Self.tmuxPath, "tmux is missing: run 'make deps' (scripts/install-deps.sh installs it)")
        folder = try TemporaryFolder()
        socket = folder.path("tmux.sock")  // removed with the folder
        var variables = [
            "RETROWALK_CONFIG_DIR": RetroWalkBinary.packageRoot.appendingPathComponent("config").path,
            "RETROWALK_SOUNDS": RetroWalkBinary.packageRoot.appendingPathComponent("Sounds").path,
            "XDG_CONFIG_HOME": folder.path("config"),
            "XDG_DATA_HOME": folder.path("data"),
            "LANG": "C.UTF-8",
        ]
        for (key, value) in environment { variables[key] = value }
        let command = ([RetroWalkBinary.path, "walk"] + arguments + ["--db", databasePath]).map(Self.quote)
            .joined(separator: " ")
        // The shell ignores nothing but survives Ctrl-C (a trap, reset to the default in walk), so that it can
        // record the terminal after walk has ended.
        let script = """
            trap : INT TERM
            stty -a > \(Self.quote(folder.path("stty-before")))
            env -u NO_COLOR \(variables.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")) \(command)
            status=$?
            stty -a > \(Self.quote(folder.path("stty-after")))
            echo "EXIT=$status"
            echo "$status" > \(Self.quote(folder.path("status")))
            exec sleep 600
            """
        try script.write(toFile: folder.path("run.sh"), atomically: true, encoding: .utf8)
        tmux(
            [
                "-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(columns)", "-y", "\(rows)", "sh",
                folder.path("run.sh"),
            ], output: false)
    }

    deinit { tmux(["kill-server"], output: false) }

    /// Runs tmux on this pane's server and returns what it printed. Through `system(3)`, which waits for the
    /// client with `waitpid`: the server that `new-session` forks outlives its client, and Foundation's `Process`
    /// does not notice such a client exit.
    @discardableResult
    func tmux(_ arguments: [String], output: Bool = true) -> String {
        let outputFile = folder.path("tmux-output")
        let command = ([Self.tmuxPath ?? "tmux", "-u", "-S", socket] + arguments).map(Self.quote).joined(separator: " ")
        _ = system(command + " </dev/null >" + Self.quote(outputFile) + " 2>/dev/null")
        guard output else { return "" }
        return (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
    }

    /// Types `key` (tmux key names: `q`, `C-c`).
    func send(_ key: String) { tmux(["send-keys", "-t", target, key]) }

    /// The screen as text, one line per row.
    func capture() -> String {
        var text = tmux(["capture-pane", "-p", "-t", target])
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The screen with its attributes as escape sequences.
    func captureEscapes() throws -> String { tmux(["capture-pane", "-p", "-e", "-t", target]) }

    /// Polls the screen until `condition` holds; fails after `timeout` seconds with the last screen.
    func waitFor(timeout: Double = 90, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = capture()
        while !condition(screen) {
            guard Date() < deadline else {
                let log = (try? String(contentsOfFile: folder.path("walk.log"), encoding: .utf8)) ?? "none"
                Issue.record(
                    "timed out waiting; the screen was:\n\(screen)\nsessions: \(tmux(["list-sessions"]))\nlog: \(log)")
                throw CancellationError()
            }
            Thread.sleep(forTimeInterval: 0.1)
            screen = capture()
        }
        return screen
    }

    /// Waits for `walk` to exit; its status and the screen after it.
    func waitForExit(timeout: Double = 90) throws -> (status: Int32, screen: String) {
        let screen = try waitFor(timeout: timeout) { _ in
            FileManager.default.fileExists(atPath: self.folder.path("status"))
        }
        let status =
            (try? String(contentsOfFile: folder.path("status"), encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? -1
        let final = try waitFor(timeout: timeout) { $0.contains("EXIT=") }
        return (status, final.isEmpty ? screen : final)
    }

    /// The pid of `walk`: the child of the pane's shell (from /proc, not by name).
    func walkProcess() -> pid_t? {
        guard
            let shell = Int32(
                tmux(["display-message", "-p", "-t", target, "#{pane_pid}"]).trimmingCharacters(
                    in: .whitespacesAndNewlines)),
            let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        else { return nil }
        return children.split(separator: " ").compactMap { Int32($0) }.first
    }

    /// Whether `stty -a` after the run is what it was before.
    func terminalSettingsRestored() -> Bool {
        let before = try? String(contentsOfFile: folder.path("stty-before"), encoding: .utf8)
        let after = try? String(contentsOfFile: folder.path("stty-after"), encoding: .utf8)
        return before != nil && before == after
    }

    /// `0:34` from the first row's `— 0:34 left`.
    static func countdown(in screen: String) -> String? {
        guard let row = screen.components(separatedBy: "\n").first, let dash = row.range(of: "— "),
            let left = row.range(of: " left")
        else { return nil }
        return String(row[dash.upperBound..<left.lowerBound])
    }

    /// Whether the captured escapes set a foreground colour (SGR 30–37 or 90–97, or 38;…).
    static func hasColor(_ escaped: String) -> Bool {
        escaped.components(separatedBy: "\u{1B}[").dropFirst().contains { sequence in
            guard let end = sequence.firstIndex(of: "m") else { return false }
            let parameters = sequence[..<end].split(separator: ";").compactMap { Int($0) }
            return parameters.contains { (30...38).contains($0) || (90...97).contains($0) }
        }
    }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
