import GRDB
public import RetroWalkCore

extension AppDatabase {
    /// Inserts a starting session and returns its id.
    public func startSession(_ record: SessionRecord) throws -> Int64 {
        try write("start a session") { db in
            var record = record
            try record.insert(db)
            return record.id ?? 0
        }
    }

    /// Appends samples and events of a session in one transaction (the runner batches them).
    public func append(sessionId: Int64, samples: [HeartRateSample], events: [SessionEvent]) throws {
        guard !samples.isEmpty || !events.isEmpty else { return }
        try write("record \(samples.count) samples and \(events.count) events") { db in
            for sample in samples {
                var record = SampleRecord(sessionId: sessionId, sample: sample)
                try record.insert(db)
            }
            for event in events {
                var record = EventRecord(sessionId: sessionId, event: event)
                try record.insert(db)
            }
        }
    }

    /// Records where a session's audio went (`alsa:default`, `wav:/path`).
    public func setAudio(sessionId: Int64, _ audio: String) throws {
        try write("record the audio path of session \(sessionId)") { db in
            try db.execute(sql: "UPDATE session SET audio = ? WHERE id = ?", arguments: [audio, sessionId])
        }
    }

    /// Stores a session's summary.
    public func finishSession(id: Int64, summary: SessionSummary) throws {
        try write("finish session \(id)") { db in
            guard var record = try SessionRecord.fetchOne(db, key: id) else {
                throw StoreError(code: .notFound, message: "Session \(id) is not in the database.")
            }
            record.durationSeconds = summary.duration
            record.samples = summary.samples
            record.maxBPM = summary.maxBPM
            record.boutsCompleted = summary.boutsCompleted
            record.endedEarly = summary.endedEarly
            try record.update(db)
        }
    }

    /// All sessions, newest first.
    public func sessions() throws -> [SessionRecord] {
        try dbWriter.read { db in
            try SessionRecord.order(SessionRecord.Columns.id.desc).fetchAll(db)
        }
    }

    /// The stored samples of a session, in time order.
    public func samples(sessionId: Int64) throws -> [SampleRecord] {
        try dbWriter.read { db in
            try SampleRecord.filter(Column("sessionId") == sessionId).order(Column("t"), Column("id")).fetchAll(db)
        }
    }

    /// The stored events of a session, in time order.
    public func events(sessionId: Int64) throws -> [EventRecord] {
        try dbWriter.read { db in
            try EventRecord.filter(Column("sessionId") == sessionId).order(Column("t"), Column("id")).fetchAll(db)
        }
    }

    private func write<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try dbWriter.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                code: .writeFailed,
                message: "Could not \(what) in '\(dbWriter.path)': \(error). Check free disk space and permissions.",
                underlying: error
            )
        }
    }
}
