import Foundation
import GRDB
import RetroWalkCore
import SessionStore
import Testing

/// `history`, `report` and `export` through the binary, on sessions the binary recorded.
@Suite("History, reports and exports", .serialized, .timeLimit(.minutes(5)))
struct SessionRecordsTests {
    /// A simulated session recorded into `folder`/s.sqlite, as fast as possible.
    static func record(_ scenario: String, in folder: TemporaryFolder, extra: [String] = []) throws {
        let output = try RetroWalkBinary.run(
            [
                "walk", "--simulate", scenario, "--speed", "max", "--db", folder.path("s.sqlite"), "--render-audio",
                folder.path("a.wav"),
            ] + extra,
            environment: ["XDG_DATA_HOME": folder.path("data")])
        #expect(output.status == 0, "stderr: \(output.stderr)")
    }

    static func retrowalk(_ arguments: [String], in folder: TemporaryFolder) throws -> RetroWalkBinary.Output {
        try RetroWalkBinary.run(arguments + ["--db", folder.path("s.sqlite")])
    }

    @Test("history: one line per session with plan, bouts, duration, max HR, alarms, end state and change")
    func history() throws {
        // Given a clean session and one that hits the hard ceiling
        let folder = try TemporaryFolder()
        try Self.record("steady", in: folder)
        try Self.record("ceiling", in: folder)
        // When the history is listed
        let table = try Self.retrowalk(["history"], in: folder)
        // Then both are there, marked as simulated, with their outcomes
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.lines
        #expect(lines.first?.hasPrefix("id  date") == true)
        #expect(lines.count == 4)
        #expect(lines[1].hasPrefix("1*") && lines[1].contains("beginner") && lines[1].contains("5/5"))
        #expect(lines[1].contains("finished") && lines[1].contains("60 s (start)"))
        #expect(lines[2].hasPrefix("2*") && lines[2].contains("(R3 high)") && lines[2].contains("ended early"))
        #expect(lines[3] == "* simulated strap")
        // And --json gives the same sessions as objects
        let json = try Self.retrowalk(["history", "--json"], in: folder).lines.compactMap(EventLine.init)
        #expect(json.map { $0["end_state"] as? String } == ["finished", "ended_early"])
        #expect(json.map { $0["bouts_done"] as? Int } == [5, 2])
        #expect(json[1]["highest_rule"] as? String == "R3")
        #expect(json[1]["simulated"] as? Bool == true)
        #expect((json[1]["alarms"] as? Int ?? 0) >= 2)
        // And the filters select
        #expect(
            try Self.retrowalk(["history", "--plan", "split"], in: folder).lines.first?.hasPrefix("No sessions match")
                == true)
        let today = String((json[0]["started_at"] as? String ?? "").prefix(10))
        #expect(try Self.retrowalk(["history", "--since", today, "--json"], in: folder).lines.count == 2)
        #expect(try Self.retrowalk(["history", "--since", "2999-01-01", "--json"], in: folder).lines.isEmpty)
        let bad = try Self.retrowalk(["history", "--since", "last week"], in: folder)
        #expect(bad.status != 0 && bad.stderr.contains("YYYY-MM-DD"))
    }

    @Test("report: the text summary, and an HTML page with the chart")
    func report() throws {
        let folder = try TemporaryFolder()
        try Self.record("ceiling", in: folder)
        let output = try Self.retrowalk(["report", "last", "--html", folder.path("r.html")], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        for part in [
            "Session 1:", "End: ended early", "as stored with the session", "Bouts: 2 of 5 done", "HRR 30 s",
            "Alarms:", "R3 high", "Check-ins: 2 fine", "Energy:", "MET estimate", "Keytel et al. 2005",
            "HTML report written to",
        ] {
            #expect(output.stdout.contains(part), "missing '\(part)'")
        }
        let html = try String(contentsOfFile: folder.path("r.html"), encoding: .utf8)
        #expect(html.contains("<svg id=\"hr-chart\""))
        #expect(html.contains(">B3<") && html.contains(">pause<"))
    }

    @Test("export: CSV, TCX and FIT files, written whole, that retrowalk reads back")
    func export() throws {
        let folder = try TemporaryFolder()
        try Self.record("steady", in: folder)
        for format in ["csv", "tcx", "fit"] {
            let file = folder.path("s.\(format)")
            let output = try Self.retrowalk(["export", "1", "--format", format, "--output", file], in: folder)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout.hasPrefix("Session 1 exported as \(format.uppercased()) to \(file)"))
            let replay = try RetroWalkBinary.run(["replay", file, "--json"])
            #expect(replay.status == 0, "\(format): \(replay.stderr)")
            #expect(replay.lines.last.flatMap(EventLine.init)?["samples"] as? Int ?? 0 > 700)
        }
        // The default name, in the current folder
        let standard = try Self.retrowalk(["export", "last", "--format", "fit", "--output", "-"], in: folder)
        #expect(standard.stdout.utf8.dropFirst(8).prefix(4).elementsEqual(".FIT".utf8))
    }

    @Test("the exported CSV replays to the alarm events the session stored")
    func csvReplaysToStoredAlarms() throws {
        // Given a session that raised R2, R3 and R1 and paused the plan
        let folder = try TemporaryFolder()
        try Self.record("ceiling", in: folder)
        let database = try AppDatabase.open(path: folder.path("s.sqlite"))
        func alarms(_ lines: [String]) -> [String] {
            lines.compactMap(EventLine.init)
                .filter { ["alarm", "clear"].contains($0.event) }
                .map { "\($0.time) \($0.event) \($0["rule"] as? String ?? "") \($0["priority"] as? String ?? "")" }
        }
        let events = try database.events(sessionId: 1).compactMap { EventLine($0.json) }
        let stored = alarms(try database.events(sessionId: 1).map(\.json))
        #expect(stored.count >= 6)
        // (every sample is in the sample table, once: not repeated as an event line)
        #expect(!events.contains { $0.event == "sample" })
        let summary = try #require(events.last { $0.event == "summary" })
        #expect(try database.samples(sessionId: 1).count == summary["samples"] as? Int)
        // When its CSV export is replayed through the same plan
        _ = try Self.retrowalk(["export", "1", "--format", "csv", "--output", folder.path("s.csv")], in: folder)
        let replay = try RetroWalkBinary.run(["replay", folder.path("s.csv"), "--plan", "beginner", "--json"])
        // Then the alarms are raised and cleared by the same rules at the same times
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(alarms(replay.lines) == stored)
    }

    @Test("clear one-line errors: no database, an empty one, an unknown id, a bad name, an unwritable output")
    func errors() throws {
        let folder = try TemporaryFolder()
        var output = try Self.retrowalk(["history"], in: folder)
        #expect(output.status == 1)
        #expect(output.stderr.hasPrefix("retrowalk: There is no session database at"))
        #expect(output.stderr.contains("retrowalk walk") && output.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.path("s.sqlite")))  // asking does not create it
        _ = try AppDatabase.open(path: folder.path("s.sqlite"))
        output = try Self.retrowalk(["report", "last"], in: folder)
        #expect(output.status == 1 && output.stderr.contains("has no sessions yet. Record one with 'retrowalk walk'"))
        try Self.record("steady", in: folder)
        output = try Self.retrowalk(["report", "9"], in: folder)
        #expect(output.status == 1)
        #expect(output.stderr.contains("Session '9' is not in") && output.stderr.contains("ids 1-1"))
        #expect(output.stderr.contains("'retrowalk history'"))
        output = try Self.retrowalk(["export", "first", "--format", "csv"], in: folder)
        #expect(output.status == 1 && output.stderr.contains("'first' is neither a session id nor 'last'"))
        output = try Self.retrowalk(["export", "1", "--format", "gpx"], in: folder)
        #expect(output.status != 0 && output.stderr.contains("gpx"))
        output = try Self.retrowalk(
            ["export", "1", "--format", "fit", "--output", folder.path("missing/s.fit")], in: folder)
        #expect(output.status == 1 && output.stderr.contains("does not exist. Create it, or give another --output."))
        try FileManager.default.createDirectory(atPath: folder.path("locked"), withIntermediateDirectories: true)
        chmod(folder.path("locked"), 0o500)
        defer { chmod(folder.path("locked"), 0o700) }
        output = try Self.retrowalk(["report", "1", "--html", folder.path("locked/r.html")], in: folder)
        if getuid() != 0 {  // root writes anywhere
            #expect(output.status == 1 && output.stderr.contains("Cannot write"))
        }
        output = try Self.retrowalk(["export", "1", "--format", "csv", "--output", folder.path("locked")], in: folder)
        #expect(output.status == 1 && output.stderr.contains("it is a folder"))
        for output in [output] { #expect(output.stderr.split(separator: "\n").count == 1) }
    }
}

/// Sessions that end without closing themselves.
@Suite("Interrupted sessions", .serialized, .timeLimit(.minutes(3)))
struct InterruptedSessionTests {
    /// Starts a simulated session at 20× and stops it with `signalNumber` once some seconds are stored.
    func stop(with signalNumber: Int32, in folder: TemporaryFolder) throws -> Int32 {
        let (process, reader) = try RetroWalkBinary.start(
            [
                "walk", "--simulate", "--speed", "20", "--json", "--db", folder.path("s.sqlite"), "--render-audio",
                folder.path("a.wav"),
            ], environment: ["XDG_DATA_HOME": folder.path("data")])
        // Given a session past its first bout's start (120 s of session time, 6 s at 20×)
        var received = Data()
        while !String(decoding: received.suffix(4096), as: UTF8.self).contains("\"backward\"") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            received += chunk
        }
        Thread.sleep(forTimeInterval: 1)
        // When it is stopped
        kill(process.processIdentifier, signalNumber)
        _ = reader.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
    }

    @Test("SIGKILL mid-session: the next history closes it as interrupted, with its summary")
    func killed() throws {
        let folder = try TemporaryFolder()
        #expect(try stop(with: SIGKILL, in: folder) == -SIGKILL)
        // The row has no end yet
        let before = try AppDatabase.open(path: folder.path("s.sqlite"))
        #expect(try before.sessions().first?.endState == nil)
        // Then history closes it at its last stored sample, with the summary of what was stored
        let output = try RetroWalkBinary.run(["history", "--json", "--db", folder.path("s.sqlite")])
        #expect(output.status == 0, "\(output.stderr)")
        let session = try #require(output.lines.first.flatMap(EventLine.init))
        #expect(session["end_state"] as? String == "interrupted")
        let duration = try #require(session["duration_s"] as? Double)
        #expect(duration > 120 && duration < 400)
        #expect((session["samples"] as? Int ?? 0) > 100)
        #expect((session["max_bpm"] as? Int ?? 0) > 80)
        #expect(session["ended_at"] as? String != nil)
        let table = try RetroWalkBinary.run(["history", "--db", folder.path("s.sqlite")])
        #expect(table.lines[1].contains("interrupted"))
        // And its report is the summary of what was stored
        let report = try RetroWalkBinary.run(["report", "last", "--db", folder.path("s.sqlite")])
        #expect(report.stdout.contains("End: interrupted (closed at its last sample"))
        #expect(report.stdout.contains("  1     2:00"))  // bout 1 started at 2:00 and is in the table
    }

    @Test("SIGINT: the session ends cleanly, stored as ended by signal")
    func interruptedBySignal() throws {
        let folder = try TemporaryFolder()
        #expect(try stop(with: SIGINT, in: folder) == 0)
        let output = try RetroWalkBinary.run(["history", "--json", "--db", folder.path("s.sqlite")])
        #expect(output.lines.first.flatMap(EventLine.init)?["end_state"] as? String == "ended_by_signal")
    }

    @Test("a session still being recorded shows as running, and is not closed by another process")
    func running() throws {
        let folder = try TemporaryFolder()
        let (process, reader) = try RetroWalkBinary.start([
            "walk", "--simulate", "--speed", "4", "--json", "--db", folder.path("s.sqlite"),
            "--render-audio", folder.path("a.wav"),
        ])
        defer {
            kill(process.processIdentifier, SIGTERM)
            _ = reader.readDataToEndOfFile()
            process.waitUntilExit()
        }
        var received = Data()
        while !String(decoding: received, as: UTF8.self).contains("\"sample\"") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            received += chunk
        }
        let output = try RetroWalkBinary.run(["history", "--json", "--db", folder.path("s.sqlite")])
        #expect(output.lines.first.flatMap(EventLine.init)?["end_state"] as? String == "running")
    }
}
