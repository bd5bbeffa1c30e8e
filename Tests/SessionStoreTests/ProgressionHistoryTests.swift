import GRDB
import RetroWalkCore
import Testing

@testable import SessionStore

@Suite("Session history for progression")
struct ProgressionHistoryTests {
    func alarm(_ rule: String, _ priority: Priority, at time: Double) -> SessionEvent {
        SessionEvent(
            time: time, kind: .alert(Alert(rule: rule, priority: priority, change: .raised, phrase: rule, text: rule)))
    }

    func summary(bouts: Int = 5, endedEarly: Bool = false, symptoms: Int = 0, missed: Int = 0, rpe: Int? = nil)
        -> SessionSummary
    {
        SessionSummary(
            duration: 780, samples: 700, maxBPM: 120, alarmsPerRule: [:], boutsCompleted: bouts,
            endedEarly: endedEarly, symptoms: symptoms, missedCheckIns: missed, rpe: rpe)
    }

    /// Records a session with its events and summary; returns its id.
    @discardableResult
    func record(
        _ database: AppDatabase, _ startedAt: String, plan: String = "beginner", seconds: Int = 60,
        events: [SessionEvent] = [], summary: SessionSummary?
    ) throws -> Int64 {
        let id = try database.startSession(
            SessionRecord(
                startedAt: startedAt, source: "strap:A0:9E:1A:00:00:01", plan: plan, audio: nil,
                backwardSeconds: seconds,
                boutsPlanned: 5))
        try database.append(sessionId: id, samples: [], events: events)
        if let summary { try database.finishSession(id: id, summary: summary) }
        return id
    }

    @Test("finishing a session stores what progression reads: highest alarm, symptoms, check-ins, effort")
    func finishStoresOutcome() throws {
        // Given a session with a low and two medium alarms, a dizziness report and a missed check-in, rated 13
        let database = try AppDatabase(DatabaseQueue())
        let id = try record(
            database, "2026-11-20T10:00:00+01:00", seconds: 75,
            events: [
                alarm("R1", .low, at: 100), alarm("R2", .medium, at: 200), alarm("R6b", .medium, at: 300),
                alarm("U2", .info, at: 310),
                SessionEvent(time: 320, kind: .symptom(.dizzy, source: "key")),
                SessionEvent(time: 330, kind: .checkIn(.missed, bout: 2)),
                SessionEvent(time: 340, kind: .symptom(.kneePain, source: "checkin")),
                SessionEvent(time: 350, kind: .symptom(.dizzy, source: "question")),
                SessionEvent(time: 780, kind: .rpe(13, scale: "borg")),
            ],
            summary: summary(bouts: 3, endedEarly: true, symptoms: 3, missed: 1, rpe: 13))
        // Then the row holds them
        let row = try #require(try database.sessions().first { $0.id == id })
        #expect(row.backwardSeconds == 75)
        #expect(row.boutsPlanned == 5)
        #expect(row.highestPriority == "medium")
        #expect(row.highestRule == "R2")
        #expect(row.symptoms == 3)
        #expect(row.symptomKinds == "dizzy,knee_pain")
        #expect(row.missedCheckIns == 1)
        #expect(row.rpe == 13)
        #expect(row.rpeScale == "borg")
        // And the history gives them to progression, dated by the local day of the start
        let history = try database.history(plan: "beginner")
        #expect(
            history == [
                SessionOutcome(
                    date: try #require(CalendarDay(iso: "2026-11-20")), backwardSeconds: 75, boutsPlanned: 5,
                    boutsCompleted: 3, endedEarly: true, highestPriority: .medium, highestRule: "R2",
                    symptomReports: 3, symptoms: [.dizzy, .kneePain], missedCheckIns: 1,
                    effort: EffortRating(value: 13, scale: .borg))
            ])
    }

    @Test("the scale of the effort comes from the rpe event; a value off its scale is not stored")
    func effortScale() throws {
        let database = try AppDatabase(DatabaseQueue())
        // A CR10 rating in the events
        let cr10 = try record(
            database, "2026-11-20T10:00:00Z", events: [SessionEvent(time: 700, kind: .rpe(3, scale: "cr10"))],
            summary: summary(rpe: 3))
        // A summary rating without an event: Borg 6–20 unless the caller says otherwise
        let borg = try record(database, "2026-11-21T10:00:00Z", summary: summary(rpe: 11))
        let told = try record(database, "2026-11-22T10:00:00Z", summary: nil)
        try database.finishSession(id: told, summary: summary(rpe: 2), rpeScale: .cr10)
        // A value that is on no scale it could be on: the session is unrated, its summary stored all the same
        let off = try record(database, "2026-11-23T10:00:00Z", summary: summary(rpe: 40))
        let rows = Dictionary(uniqueKeysWithValues: try database.sessions().map { ($0.id ?? 0, $0) })
        #expect(rows[cr10]?.rpe == 3)
        #expect(rows[cr10]?.rpeScale == "cr10")
        #expect(rows[borg]?.rpeScale == "borg")
        #expect(rows[told]?.rpeScale == "cr10")
        #expect(rows[off]?.rpe == nil)
        #expect(rows[off]?.durationSeconds == 780)
        #expect(try database.history(plan: "beginner").map(\.effort?.intensity) == [.moderate, .light, .light, nil])
    }

    @Test("an effort rating that comes after the summary is stored; a bad one is refused with the scale's range")
    func recordRPE() throws {
        let database = try AppDatabase(DatabaseQueue())
        let id = try record(database, "2026-11-20T10:00:00Z", summary: summary())
        #expect(try database.history(plan: "beginner").first?.effort == nil)
        try database.recordRPE(sessionId: id, value: 9, scale: .borg)
        #expect(try database.history(plan: "beginner").first?.effort == EffortRating(value: 9, scale: .borg))
        let bad = #expect(throws: StoreError.self) { try database.recordRPE(sessionId: id, value: 12, scale: .cr10) }
        #expect(bad?.code == .invalidValue)
        #expect(bad?.message == "Effort rating 12 is not on the CR10 scale; give a value from 0 to 10.")
        let unknown = #expect(throws: StoreError.self) { try database.recordRPE(sessionId: 99, value: 9, scale: .borg) }
        #expect(unknown?.code == .notFound)
    }

    @Test("the schema refuses an unknown priority, a rating without its scale and a rating off its scale")
    func constraints() throws {
        let database = try AppDatabase(DatabaseQueue())
        let id = try record(database, "2026-11-20T10:00:00Z", summary: summary())
        for assignment in [
            "highestPriority = 'urgent'", "rpe = 12, rpeScale = NULL", "rpe = NULL, rpeScale = 'borg'",
            "rpe = 5, rpeScale = 'borg'", "rpe = 21, rpeScale = 'borg'", "rpe = 11, rpeScale = 'cr10'",
            "rpeScale = 'omni'", "backwardSeconds = 0", "missedCheckIns = -1",
        ] {
            #expect(throws: DatabaseError.self, "\(assignment)") {
                try database.dbWriter.write { db in
                    try db.execute(sql: "UPDATE session SET \(assignment) WHERE id = ?", arguments: [id])
                }
            }
        }
        try database.dbWriter.write { db in
            try db.execute(sql: "UPDATE session SET rpe = 0, rpeScale = 'cr10' WHERE id = ?", arguments: [id])
            try db.execute(sql: "UPDATE session SET rpe = 20, rpeScale = 'borg' WHERE id = ?", arguments: [id])
        }
    }

    @Test("the history holds only the plan's sessions, in the order recorded; an unfinished one ended early")
    func planAndOrder() throws {
        let database = try AppDatabase(DatabaseQueue())
        try record(database, "2026-11-18T09:00:00+01:00", seconds: 60, summary: summary())
        try record(database, "2026-11-19T09:00:00+01:00", plan: "other", summary: summary())
        try record(database, "2026-11-20T09:00:00+01:00", seconds: 75, summary: summary())
        try record(database, "2026-11-21T09:00:00+01:00", seconds: 75, summary: nil)
        let history = try database.history(plan: "beginner")
        #expect(history.map(\.date.description) == ["2026-11-18", "2026-11-20", "2026-11-21"])
        #expect(history.map(\.backwardSeconds) == [60, 75, 75])
        #expect(history.map(\.endedEarly) == [false, false, true])
        #expect(try database.history(plan: "nothing").isEmpty)
    }

    @Test("a start time that is not a date is reported with the session and the fix")
    func badStart() throws {
        let database = try AppDatabase(DatabaseQueue())
        let id = try record(database, "yesterday", summary: summary())
        let error = #expect(throws: StoreError.self) { try database.history(plan: "beginner") }
        #expect(error?.code == .badRecord)
        #expect(error?.message.contains("Session \(id) has the start time 'yesterday'") == true)
    }

    @Test("a v1 database migrates, and its sessions' outcomes are derived from their events")
    func fromVersion1() throws {
        // Given a database at migration v1 with a session recorded by that version: a high alarm, a symptom,
        // a missed check-in and a CR10 rating only in its events
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v1: sessions, samples, events")
        let events = [
            alarm("R2", .medium, at: 100), alarm("R3", .high, at: 200), alarm("R5", .high, at: 250),
            SessionEvent(time: 260, kind: .symptom(.breathless, source: "question")),
            SessionEvent(time: 270, kind: .checkIn(.missed, bout: 3)),
            SessionEvent(time: 271, kind: .checkIn(.fine, bout: 4)),
            SessionEvent(time: 700, kind: .rpe(5, scale: "cr10")),
        ]
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO session (startedAt, source, plan, durationSeconds, samples, maxBPM, boutsCompleted,
                        endedEarly) VALUES ('2026-11-01T10:00:00Z', 'strap:A0:9E:1A:00:00:01', 'beginner', 700, 690, 150, 2, 1)
                    """)
            for event in events {
                try db.execute(
                    sql: "INSERT INTO event (sessionId, t, kind, json) VALUES (1, ?, ?, ?)",
                    arguments: [event.time, event.name, event.jsonLine])
            }
        }
        // When it is opened by this version
        let database = try AppDatabase(queue)
        // Then the new columns exist and are empty for the old session
        let row = try #require(try database.sessions().first)
        #expect(row.highestPriority == nil)
        #expect(row.backwardSeconds == nil)
        #expect(try queue.read { db in try db.columns(in: "session").map(\.name) }.contains("rpeScale"))
        // And the history derives the outcome from the events
        let outcome = try #require(try database.history(plan: "beginner").first)
        #expect(
            outcome
                == SessionOutcome(
                    date: try #require(CalendarDay(iso: "2026-11-01")), backwardSeconds: nil, boutsPlanned: nil,
                    boutsCompleted: 2, endedEarly: true, highestPriority: .high, highestRule: "R3",
                    symptomReports: 1, symptoms: [.breathless], missedCheckIns: 1,
                    effort: EffortRating(value: 5, scale: .cr10)))
        // And the migration is recorded under its name, after v1
        #expect(
            try queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") } == [
                "v1: sessions, samples, events", "v2: progression inputs", "v3: end states and the session's limits",
            ])
    }
}
