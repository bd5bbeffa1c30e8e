import Foundation
import GRDB
import RetroWalkCore
import RetroWalkTesting
import Testing

@testable import SessionStore

@Suite("End states and interrupted sessions")
struct EndStateTests {
    func summary(endedEarly: Bool) -> SessionSummary {
        SessionSummary(
            duration: 384, samples: 374, maxBPM: 140, alarmsPerRule: [:], boutsCompleted: 1, endedEarly: endedEarly)
    }

    /// A session of SessionFixture's samples and events, started (and so held) by `database`.
    func start(_ database: AppDatabase) throws -> Int64 {
        let id = try database.startSession(
            SessionRecord(
                startedAt: "2026-11-21T10:00:00+01:00", source: "strap:A0:9E:1A:00:00:01", plan: "test",
                audio: nil, backwardSeconds: 60, boutsPlanned: 2))
        try database.recordSetup(sessionId: id, SessionFixture.setup)
        try database.append(sessionId: id, samples: SessionFixture.samples, events: SessionFixture.events)
        return id
    }

    @Test(
        "the runner's end states are stored, with the wall-clock end",
        arguments: [
            (false, false, SessionEndState.finished), (true, false, .endedEarly), (true, true, .endedBySignal),
            (false, true, .endedBySignal),
        ])
    func finish(endedEarly: Bool, bySignal: Bool, expected: SessionEndState) throws {
        let database = try AppDatabase(DatabaseQueue())
        let id = try start(database)
        try database.finishSession(
            id: id, summary: summary(endedEarly: endedEarly),
            endState: SessionEndState(endedEarly: endedEarly, bySignal: bySignal))
        let record = try #require(try database.sessions().first)
        #expect(record.end == expected)
        #expect(record.endedAt == "2026-11-21T10:06:24+01:00")
        #expect(record.setup == SessionFixture.setup)
    }

    @Test("the schema refuses an unknown end state and a zone whose bounds are out of order")
    func constraints() throws {
        let database = try AppDatabase(DatabaseQueue())
        let id = try start(database)
        #expect(throws: DatabaseError.self) {
            try database.dbWriter.write { db in
                try db.execute(sql: "UPDATE session SET endState = 'crashed' WHERE id = ?", arguments: [id])
            }
        }
        var setup = SessionFixture.setup
        setup.hardCeilingBPM = 100  // below the ceiling
        #expect(throws: StoreError.self) { try database.recordSetup(sessionId: id, setup) }
    }

    @Test("a session whose process is gone is closed as interrupted at its last sample, with its summary")
    func interrupted() throws {
        // Given a database file and a session that a killed process left without an end (its lock died with it)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rw-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("s.sqlite").path
        let recorder = try AppDatabase.open(path: path)
        let running = try start(recorder)
        let killed = try recorder.dbWriter.write { db in
            var record = SessionRecord(
                startedAt: "2026-11-21T09:00:00+01:00", source: "strap:A0", plan: "test", audio: nil,
                backwardSeconds: 60, boutsPlanned: 2)
            try record.insert(db)
            return record.id ?? 0
        }
        try recorder.append(sessionId: killed, samples: SessionFixture.samples, events: SessionFixture.events)
        // When another process opens the database (another connection, another lock descriptor)
        let other = try AppDatabase.open(path: path)
        let closed = try other.closeInterruptedSessions()
        // Then only the killed session is closed, at its last sample (383 s), with what its rows say
        #expect(closed == [killed])
        let record = try #require(try other.sessions().first { $0.id == killed })
        #expect(record.end == .interrupted)
        #expect(record.durationSeconds == 383)
        #expect(record.endedAt == "2026-11-21T09:06:23+01:00")
        #expect(record.maxBPM == 140)
        #expect(record.samples == 374)
        #expect(record.boutsCompleted == 1)
        #expect(record.endedEarly == true)
        #expect(record.highestPriority == "high" && record.highestRule == "R3")
        #expect(record.symptoms == 1 && record.symptomKinds == "dizzy")
        #expect(record.missedCheckIns == 1)
        #expect(record.rpe == 13)
        // And the session still being recorded is left alone until it finishes
        #expect(try other.sessions().first { $0.id == running }?.end == nil)
        try recorder.finishSession(id: running, summary: summary(endedEarly: true))
        #expect(try other.closeInterruptedSessions() == [])
        #expect(try other.sessions().first { $0.id == running }?.end == .endedEarly)
    }

    @Test("sessions recorded before migration v3 get their end state from their summary")
    func migration() throws {
        let queue = try DatabaseQueue()
        // Given a database at v2 with a finished and an early-ended session
        try AppDatabase.migrator.migrate(queue, upTo: "v2: progression inputs")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO session (startedAt, source, plan, durationSeconds, endedEarly) VALUES
                    ('2026-11-01T10:00:00Z', 's', 'p', 780, 0), ('2026-11-02T10:00:00Z', 's', 'p', 300, 1),
                    ('2026-11-03T10:00:00Z', 's', 'p', NULL, NULL)
                    """)
        }
        // When the database is opened (all migrations)
        let database = try AppDatabase(queue)
        // Then finished sessions have their state, and the unfinished one none until it is closed
        #expect(try database.sessions().map(\.end) == [nil, .endedEarly, .finished])
    }

    @Test("history lists the progression change, filters by plan and day, and marks simulated sessions")
    func listing() throws {
        let database = try AppDatabase(DatabaseQueue())
        for (day, plan, seconds, source) in [
            ("2026-11-01", "beginner", 60, "strap:A"), ("2026-11-03", "beginner", 75, "strap:A"),
            ("2026-11-04", "beginner", 90, "simulate:steady"), ("2026-11-05", "intervals", 90, "strap:A"),
            ("2026-11-06", "beginner", 60, "strap:A"),
        ] {
            let id = try database.startSession(
                SessionRecord(
                    startedAt: "\(day)T10:00:00+01:00", source: source, plan: plan, audio: nil,
                    backwardSeconds: seconds, boutsPlanned: 5))
            try database.finishSession(id: id, summary: summary(endedEarly: false))
        }
        let all = try database.listSessions()
        #expect(all.map(\.progressionChange) == [nil, 15, nil, nil, -15])
        #expect(all.map(\.isFirstOfPlan) == [true, false, true, true, false])
        #expect(all.map(\.record.isSimulated) == [false, false, true, false, false])
        #expect(try database.listSessions(plan: "intervals").map(\.record.id) == [4])
        #expect(try database.listSessions(since: CalendarDay(iso: "2026-11-04")).map(\.record.id) == [3, 4, 5])
    }

    @Test("an unknown session id names the ids there are and the remedy")
    func unknownID() throws {
        let database = try AppDatabase(DatabaseQueue())
        var error = #expect(throws: StoreError.self) { try database.storedSession(id: 3) }
        #expect(error?.message.contains("has no sessions yet") == true)
        _ = try start(database)
        error = #expect(throws: StoreError.self) { try database.storedSession(id: 3) }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("ids 1-1") == true)
        #expect(error?.message.contains("retrowalk history") == true)
    }
}
