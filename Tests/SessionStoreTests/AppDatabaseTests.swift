import GRDB
import RetroWalkCore
import SessionStore
import Testing

@Suite("Session database")
struct AppDatabaseTests {
    @Test("a session round-trips: record, samples, events, summary")
    func roundTrip() throws {
        // Given an in-memory database
        let database = try AppDatabase(DatabaseQueue())
        // When a session is recorded
        let id = try database.startSession(
            SessionRecord(startedAt: "2026-11-21T10:00:00Z", source: "simulate:steady", plan: "beginner", audio: nil)
        )
        let sample = HeartRateSample(
            time: 1, beatsPerMinute: 96, contact: .detected, energyKilojoules: 12, rrIntervals: [640, 650])
        let event = SessionEvent(time: 1, kind: .cue(Cue(phrases: ["halfway"], text: "Halfway.")))
        try database.append(sessionId: id, samples: [sample], events: [event])
        try database.setAudio(sessionId: id, "wav:/tmp/x.wav")
        try database.finishSession(
            id: id,
            summary: SessionSummary(
                duration: 780, samples: 1, maxBPM: 96, alarmsPerRule: [:], boutsCompleted: 5, endedEarly: false)
        )
        // Then it reads back as written
        let session = try #require(try database.sessions().first)
        #expect(session.id == id)
        #expect(session.durationSeconds == 780)
        #expect(session.boutsCompleted == 5)
        #expect(session.audio == "wav:/tmp/x.wav")
        let samples = try database.samples(sessionId: id)
        #expect(samples.map(\.rr) == ["640 650"])
        #expect(samples.first?.contact == "detected")
        #expect(samples.first?.energyKJ == 12)
        let events = try database.events(sessionId: id)
        #expect(events.map(\.json) == [#"{"t": 1.0, "event": "cue", "cue": "halfway", "text": "Halfway."}"#])
    }

    @Test("the schema refuses impossible values")
    func constraints() throws {
        let database = try AppDatabase(DatabaseQueue())
        let id = try database.startSession(SessionRecord(startedAt: "x", source: "s", plan: "p", audio: nil))
        // An unknown contact state violates the CHECK constraint
        #expect(throws: DatabaseError.self) {
            try database.dbWriter.write { db in
                try db.execute(
                    sql: "INSERT INTO sample (sessionId, t, bpm, contact, rr) VALUES (?, 1, 80, 'maybe', '')",
                    arguments: [id]
                )
            }
        }
        // Samples of a session that does not exist violate the foreign key, reported as a StoreError
        let error = #expect(throws: StoreError.self) {
            try database.append(
                sessionId: 999,
                samples: [HeartRateSample(time: 0, beatsPerMinute: 1, contact: .detected)],
                events: []
            )
        }
        #expect(error?.code == .writeFailed)
    }

    @Test("finishing an unknown session names it")
    func unknownSession() throws {
        let database = try AppDatabase(DatabaseQueue())
        let error = #expect(throws: StoreError.self) {
            try database.finishSession(
                id: 42,
                summary: SessionSummary(
                    duration: 1, samples: 0, maxBPM: nil, alarmsPerRule: [:], boutsCompleted: 0, endedEarly: true)
            )
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("42") == true)
    }

    @Test("the default path follows XDG_DATA_HOME, then HOME")
    func defaultPath() {
        #expect(AppDatabase.defaultPath(environment: ["XDG_DATA_HOME": "/d"]) == "/d/retrowalk/retrowalk.sqlite")
        #expect(AppDatabase.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/retrowalk/retrowalk.sqlite")
    }
}
