import GRDB
public import RetroWalkCore

extension AppDatabase {
    /// Inserts a starting session and returns its id.
    ///
    /// The session counts as being recorded by this process until ``finishSession(id:summary:endState:rpeScale:)``
    /// (or until the process ends): ``closeInterruptedSessions()`` in another process leaves it alone.
    public func startSession(_ record: SessionRecord) throws -> Int64 {
        try write("start a session") { db in
            var record = record
            try record.insert(db)
            let id = record.id ?? 0
            // Inside the transaction, so that no other process sees the row before the lock is held.
            locks.hold(id)
            return id
        }
    }

    /// Stores what a session is measured against (its limits and the walker's values), at its start.
    ///
    /// - Throws: ``StoreError`` `notFound` for an unknown session, `writeFailed` when a value breaks the schema
    ///   (a zone whose bounds are out of order, a hard ceiling below the ceiling).
    public func recordSetup(sessionId: Int64, _ setup: SessionSetup) throws {
        try write("record the limits of session \(sessionId)") { db in
            guard var record = try SessionRecord.fetchOne(db, key: sessionId) else {
                throw StoreError(code: .notFound, message: "Session \(sessionId) is not in the database.")
            }
            record.store(setup)
            try record.update(db)
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

    /// Stores a session's summary and what progression reads of it.
    ///
    /// Call it after the last ``append(sessionId:samples:events:)``: the highest alarm (and its rule) and the
    /// kinds of symptom come from the session's stored events. Symptom and missed check-in counts are the
    /// larger of the summary's and the events' (they agree when the summary was counted from the same events).
    /// The effort rating is the summary's `rpe` (else the last `rpe` event's value), on `rpeScale` (else the
    /// last `rpe` event's scale, else Borg 6–20); a value off its scale is not stored, so the session counts
    /// as unrated rather than losing its summary.
    ///
    /// - Parameter endState: how it ended; by default `ended_early` or `finished` as the summary says.
    public func finishSession(
        id: Int64, summary: SessionSummary, endState: SessionEndState? = nil, rpeScale: EffortScale? = nil
    ) throws {
        defer { locks.release(id) }
        try write("finish session \(id)") { db in
            guard var record = try SessionRecord.fetchOne(db, key: id) else {
                throw StoreError(code: .notFound, message: "Session \(id) is not in the database.")
            }
            let facts = try EventFacts(db, sessionId: id)
            record.durationSeconds = summary.duration
            record.samples = summary.samples
            record.maxBPM = summary.maxBPM
            record.boutsCompleted = summary.boutsCompleted
            record.endedEarly = summary.endedEarly
            record.highestPriority = facts.highestPriority?.rawValue
            record.highestRule = facts.highestRule
            record.symptoms = max(summary.symptoms, facts.symptomReports)
            record.symptomKinds = facts.symptomKinds.map(\.rawValue).joined(separator: ",")
            record.missedCheckIns = max(summary.missedCheckIns, facts.missedCheckIns)
            let effort = summary.rpe.flatMap { value in
                EffortRating(value: value, scale: rpeScale ?? facts.effort?.scale ?? .borg)
            }
            record.rpe = (effort ?? facts.effort)?.value
            record.rpeScale = (effort ?? facts.effort)?.scale.rawValue
            record.endState = (endState ?? summary.endState).rawValue
            record.endedAt = WallTime(iso: record.startedAt)?.adding(seconds: summary.duration).localISO
            try record.update(db)
        }
    }

    /// Stores the effort rating of a session, when it arrives after the summary.
    ///
    /// - Throws: ``StoreError`` `invalidValue` when `value` is off the scale, `notFound` for an unknown session.
    public func recordRPE(sessionId: Int64, value: Int, scale: EffortScale) throws {
        guard let rating = EffortRating(value: value, scale: scale) else {
            throw StoreError(
                code: .invalidValue,
                message: "Effort rating \(value) is not on the \(scale.displayName) scale; give a value from "
                    + "\(scale.range.lowerBound) to \(scale.range.upperBound)."
            )
        }
        try write("record the effort rating of session \(sessionId)") { db in
            try db.execute(
                sql: "UPDATE session SET rpe = ?, rpeScale = ? WHERE id = ?",
                arguments: [rating.value, rating.scale.rawValue, sessionId]
            )
            guard db.changesCount > 0 else {
                throw StoreError(code: .notFound, message: "Session \(sessionId) is not in the database.")
            }
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

    func write<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
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
