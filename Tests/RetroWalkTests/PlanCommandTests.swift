import Foundation
import RetroWalkCore
import SessionStore
import Testing
import WalkCoach

@testable import RetroWalk

/// `retrowalk plan next|list|show` through the real binary, on a database scripted in a temporary folder.
@Suite("retrowalk plan", .serialized, .timeLimit(.minutes(2)))
struct PlanCommandTests {
    /// A scripted session: its day, bout length and what happened in it.
    struct Scripted {
        var day: String
        var seconds: Int
        var events: [SessionEvent] = []
        var boutsCompleted = 5
        var endedEarly = false
        /// Borg 6–20; 10 is light (easy).
        var rpe: Int? = 10
    }

    /// Records sessions of `plan` in the database at `path`, as the session runner does.
    func record(_ sessions: [Scripted], plan: String = "beginner", in path: String) throws {
        let database = try AppDatabase.open(path: path)
        for session in sessions {
            let id = try database.startSession(
                SessionRecord(
                    startedAt: session.day + "T09:30:00+01:00", source: "strap:A0:9E:1A:00:00:01", plan: plan,
                    audio: nil,
                    backwardSeconds: session.seconds, boutsPlanned: 5))
            var events = session.events
            if let rpe = session.rpe { events.append(SessionEvent(time: 780, kind: .rpe(rpe, scale: "borg"))) }
            try database.append(sessionId: id, samples: [], events: events)
            try database.finishSession(
                id: id,
                summary: SessionSummary(
                    duration: 780, samples: 780, maxBPM: 118, alarmsPerRule: [:],
                    boutsCompleted: session.boutsCompleted, endedEarly: session.endedEarly, rpe: session.rpe))
        }
    }

    /// Runs the binary with no user config (only the shipped plans).
    func run(_ arguments: [String]) throws -> RetroWalkBinary.Output {
        try RetroWalkBinary.run(arguments, environment: ["XDG_CONFIG_HOME": "/nonexistent/retrowalk-test"])
    }

    func next(_ database: String, on day: String, plan: String = "beginner", json: Bool = false) throws
        -> RetroWalkBinary.Output
    {
        try run(["plan", "next", "--plan", plan, "--db", database, "--date", day] + (json ? ["--json"] : []))
    }

    @Test("plan next follows a scripted history: start, +15 s, hold, step back, hold on a hard effort")
    func scriptedHistory() throws {
        let folder = try TemporaryFolder()
        let database = folder.path("data/retrowalk.sqlite")

        // Given no database yet
        var output = try next(database, on: "2026-11-13")
        // Then the plan starts at its own bout length, and no database is created by asking
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(
            output.lines == [
                "Plan 'beginner', next session: 5 x 60 s backward (first session).",
                "  No session of this plan yet: start at the plan's 60 s",
                "Based on 0 sessions of this plan; rules: +15 s after 3 clean sessions in a row, at most +30 s in "
                    + "7 days, 60-120 s.",
            ])
        #expect(!FileManager.default.fileExists(atPath: database))

        // Given three clean sessions over a week (a low alarm does not spoil one)
        let low = SessionEvent(
            time: 300, kind: .alert(Alert(rule: "R1", priority: .low, change: .raised, phrase: "r1", text: "Slow.")))
        try record(
            [
                Scripted(day: "2026-11-14", seconds: 60), Scripted(day: "2026-11-17", seconds: 60, events: [low]),
                Scripted(day: "2026-11-19", seconds: 60),
            ], in: database)
        // Then the bouts grow by 15 s
        output = try next(database, on: "2026-11-21")
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(
            Array(output.lines.prefix(2)) == [
                "Plan 'beginner', next session: 5 x 75 s backward (+15 s from 60 s).",
                "  3 clean sessions since 2026-11-14 (no alarm above low, no symptom, effort easy): +15 s to 75 s",
            ])
        #expect(output.lines.last?.hasPrefix("Based on 3 sessions of this plan") == true)

        // Given a 75 s session with a medium alarm (R2, near ceiling)
        let medium = SessionEvent(
            time: 400,
            kind: .alert(Alert(rule: "R2", priority: .medium, change: .raised, phrase: "r2", text: "Slow down now.")))
        try record([Scripted(day: "2026-11-21", seconds: 75, events: [medium])], in: database)
        // Then the bouts hold
        output = try next(database, on: "2026-11-23")
        #expect(
            Array(output.lines.prefix(2)) == [
                "Plan 'beginner', next session: 5 x 75 s backward (same as last time).",
                "  Medium alarm R2 on 2026-11-21: hold at 75 s",
            ])

        // Given a 75 s session in which the walker reported dizziness and stopped
        let dizzy = SessionEvent(time: 500, kind: .symptom(.dizzy, source: "key"))
        try record(
            [Scripted(day: "2026-11-23", seconds: 75, events: [dizzy], boutsCompleted: 3, endedEarly: true)],
            in: database)
        // Then the bouts step back to 60 s
        output = try next(database, on: "2026-11-25")
        #expect(
            Array(output.lines.prefix(2)) == [
                "Plan 'beginner', next session: 5 x 60 s backward (-15 s from 75 s).",
                "  Dizziness reported on 2026-11-23: back to 60 s",
            ])

        // Given a 60 s session rated hard (Borg 15)
        try record([Scripted(day: "2026-11-25", seconds: 60, rpe: 15)], in: database)
        // Then the bouts hold, and the JSON form says the same in one object
        output = try next(database, on: "2026-11-27", json: true)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(
            output.lines == [
                #"{"plan": "beginner", "date": "2026-11-27", "backward_s": 60, "change": "hold", "previous_s": 60, "#
                    + #""base_s": 60, "ceiling_s": 120, "sessions": 6, "reasons": ["Effort rated 15 on Borg 6–20 "#
                    + #"(vigorous; easy is 11 or less) on 2026-11-25: hold at 60 s"]}"#
            ])
    }

    @Test("plan next respects the plan's ceiling: the last step is cut to it, then the bouts hold there")
    func ceiling() throws {
        // Given a plan of 60 s bouts with a 70 s ceiling, and three clean sessions at 60 s
        let folder = try TemporaryFolder()
        let plan = folder.path("short.yaml")
        try """
        name: short
        summary: 3 x 60 s backward
        steps:
          - warmup: {duration_s: 60}
          - repeat: 3
            steps: [{backward: {duration_s: 60}}]
            between: [{recovery: {duration_s: 60}}]
          - cooldown: {duration_s: 60}
        progression:
          max_backward_s: 70
        """.write(toFile: plan, atomically: true, encoding: .utf8)
        let database = folder.path("s.sqlite")
        try record(
            ["2026-11-02", "2026-11-04", "2026-11-06"].map { Scripted(day: $0, seconds: 60) }, plan: "short",
            in: database)
        // Then the next bouts are 70 s, the ceiling
        var output = try next(database, on: "2026-11-08", plan: plan)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.lines.first == "Plan 'short', next session: 3 x 70 s backward (+10 s from 60 s).")
        #expect(output.lines.contains { $0.hasSuffix("+10 s to 70 s, the plan's ceiling") })
        // And after three clean sessions at 70 s they stay there
        try record(
            ["2026-11-08", "2026-11-10", "2026-11-12"].map { Scripted(day: $0, seconds: 70) }, plan: "short",
            in: database)
        output = try next(database, on: "2026-11-14", plan: plan)
        #expect(
            Array(output.lines.prefix(2)) == [
                "Plan 'short', next session: 3 x 70 s backward (same as last time).",
                "  At the plan's ceiling of 70 s: hold at 70 s",
            ])
        // And sessions of another plan do not count
        output = try next(database, on: "2026-11-14")
        #expect(output.lines.first == "Plan 'beginner', next session: 5 x 60 s backward (first session).")
    }

    @Test("plan next refuses a bad date, an unknown plan and a bad progression section with one line each")
    func errors() throws {
        let folder = try TemporaryFolder()
        let database = folder.path("s.sqlite")
        var output = try run(["plan", "next", "--date", "21/11/2026", "--db", database])
        #expect(output.status != 0)
        #expect(output.stderr.contains("--date takes a day as YYYY-MM-DD, e.g. 2026-11-21, not '21/11/2026'"))
        output = try run(["plan", "next", "--plan", "marathon", "--db", database])
        #expect(output.status == 1)
        #expect(
            output.stderr
                == "retrowalk: Plan 'marathon' was not found. Known plans: beginner, intervals, split; or pass a plan file "
                + "path.\n")
        let plan = folder.path("typo.yaml")
        try """
        name: typo
        summary: a typo
        steps:
          - warmup: {duration_s: 60}
          - repeat: 3
            steps: [{backward: {duration_s: 60}}]
            between: [{recovery: {duration_s: 60}}]
          - cooldown: {duration_s: 60}
        progression:
          max_backward: 90
        """.write(toFile: plan, atomically: true, encoding: .utf8)
        output = try run(["plan", "next", "--plan", plan, "--db", database])
        #expect(output.status == 1)
        #expect(output.stderr.split(separator: "\n").count == 1)
        #expect(output.stderr.contains("Plan file '\(plan)'"))
        #expect(
            output.stderr.contains(
                "progression.max_backward: unknown key (value '90'); the keys here are max_backward_s"))
        try
            ("name: low\nsummary: s\nsteps:\n  - warmup: {duration_s: 60}\n  - backward: {duration_s: 60}\n"
            + "  - cooldown: {duration_s: 60}\nprogression:\n  max_backward_s: 45\n")
            .write(toFile: plan, atomically: true, encoding: .utf8)
        output = try run(["plan", "next", "--plan", plan, "--db", database])
        #expect(output.status == 1)
        #expect(output.stderr.contains("progression.max_backward_s: 45 is below the plan's backward_s (60)"))
        #expect(!FileManager.default.fileExists(atPath: database))
    }

    @Test("plan list names the plans with their summaries; plan show prints the timeline")
    func listAndShow() throws {
        let list = try run(["plan", "list"])
        #expect(list.status == 0, "stderr: \(list.stderr)")
        #expect(
            list.lines == [
                "beginner   2 min warm-up, 5 x 60 s backward with 60 s forward between, 2 min cool-down",
                "intervals  3 min warm-up, 6 x 90 s backward alternating with 90 s brisk forward, 3 min cool-down",
                "split      5 separate 1-minute bouts through the day, one per run: 1 min warm-up, 60 s backward, "
                    + "1 min cool-down",
            ])
        let show = try run(["plan", "show", "beginner"])
        #expect(show.status == 0, "stderr: \(show.stderr)")
        #expect(
            show.lines == [
                "beginner: 2 min warm-up, 5 x 60 s backward with 60 s forward between, 2 min cool-down",
                "step  phase     bout  start  duration",
                "   1  warmup           0:00      2:00",
                "   2  backward     1   2:00      1:00",
                "   3  recovery         3:00      1:00",
                "   4  backward     2   4:00      1:00",
                "   5  recovery         5:00      1:00",
                "   6  backward     3   6:00      1:00",
                "   7  recovery         7:00      1:00",
                "   8  backward     4   8:00      1:00",
                "   9  recovery         9:00      1:00",
                "  10  backward     5  10:00      1:00",
                "  11  cooldown        11:00      2:00",
                "total 13:00",
                "progression: +15 s per bout after 3 clean sessions in a row, at most +30 s in 7 days, up to 120 s "
                    + "(see 'retrowalk plan next')",
            ])
    }

    @Test("today is the local calendar day; the proposed plan runs the proposed bouts")
    func todayAndProposedPlan() throws {
        // Today is the C library's local day, as Foundation's current time zone sees it (either side of a midnight)
        func foundationToday() -> CalendarDay {
            let now = Date()
            let local = now.timeIntervalSince1970 + Double(TimeZone.current.secondsFromGMT(for: now))
            return CalendarDay(dayNumber: Int((local / 86_400).rounded(.down)))
        }
        let before = foundationToday()
        let today = ProgressionAdvice.today()
        #expect(today == before || today == foundationToday())
        // The advice for a plan with three clean sessions gives a plan with longer bouts, the rest unchanged
        let folder = try TemporaryFolder()
        let database = folder.path("s.sqlite")
        try record(["2026-11-02", "2026-11-04", "2026-11-06"].map { Scripted(day: $0, seconds: 60) }, in: database)
        let locator = ResourceLocator(
            environment: [
                "RETROWALK_CONFIG_DIR": RetroWalkBinary.packageRoot.appendingPathComponent("config").path,
                "XDG_CONFIG_HOME": "/nonexistent/retrowalk-test",
            ],
            executablePath: RetroWalkBinary.path)
        let advice = try ProgressionAdvice.make(
            plan: "beginner", loader: PlanLoader(locator: locator), databasePath: database,
            day: try #require(CalendarDay(iso: "2026-11-08")))
        #expect(advice.history.count == 3)
        #expect(advice.proposal.change == .increase)
        var expected = Plan.beginner
        expected.backwardSeconds = 75
        #expect(advice.proposedPlan == expected)
    }
}
