import Foundation
import GRDB
public import RetroWalkCore

/// A session as stored: its row, its notifications and its timeline events (samples excluded).
public struct StoredSession: Sendable {
    public var record: SessionRecord
    public var samples: [HeartRateSample]
    public var events: [TimelineEvent]
}

/// One line of `retrowalk history`: a session row and what its events add.
public struct SessionListing: Sendable, Hashable {
    public var record: SessionRecord
    /// Alarms raised (priority above info).
    public var alarms: Int
    /// The change of bout length from the previous session of the same plan (and the same kind: simulated or
    /// not), seconds; `nil` for a plan's first session or when a length is unknown.
    public var progressionChange: Int?
    /// Whether this is the first session of its plan (and kind).
    public var isFirstOfPlan: Bool
}

extension AppDatabase {
    /// Closes every session that has no end and is not being recorded by a running process, as `interrupted`
    /// at its last sample, with its summary computed from what was stored.
    ///
    /// Run when a database is opened for a new session and by `history`: a session whose program was killed
    /// (or lost power) then gets an end, a duration and its summary. A session another process is still recording
    /// is left alone (see ``startSession(_:)``).
    ///
    /// - Returns: The ids closed.
    /// - Throws: ``StoreError`` `writeFailed`.
    @discardableResult
    public func closeInterruptedSessions() throws -> [Int64] {
        try write("close the sessions that were interrupted") { db in
            let open = try SessionRecord.filter(SessionRecord.Columns.endState == nil)
                .filter(Column("durationSeconds") == nil)
                .fetchAll(db)
            var closed: [Int64] = []
            for var record in open {
                guard let id = record.id, !locks.isRecording(id) else { continue }
                let stored = try Self.storedSession(record, db)
                let report = SessionReport.build(session: record, samples: stored.samples, events: stored.events)
                let facts = try EventFacts(db, sessionId: id)
                record.durationSeconds = report.duration
                record.samples = report.samples.count
                record.maxBPM = report.maxBPM
                record.boutsCompleted = report.boutsDone
                record.endedEarly = true
                record.highestPriority = facts.highestPriority?.rawValue
                record.highestRule = facts.highestRule
                record.symptoms = facts.symptomReports
                record.symptomKinds = facts.symptomKinds.map(\.rawValue).joined(separator: ",")
                record.missedCheckIns = facts.missedCheckIns
                record.rpe = facts.effort?.value
                record.rpeScale = facts.effort?.scale.rawValue
                record.endState = SessionEndState.interrupted.rawValue
                record.endedAt = WallTime(iso: record.startedAt)?.adding(seconds: report.duration).localISO
                try record.update(db)
                closed.append(id)
            }
            return closed
        }
    }

    /// The id of the newest session, `nil` for an empty database.
    public func lastSessionId() throws -> Int64? {
        try read("find the last session") { db in
            try Int64.fetchOne(db, sql: "SELECT max(id) FROM session")
        }
    }

    /// A session with its samples and events.
    ///
    /// - Throws: ``StoreError`` `notFound` naming the id and the remedy, `readFailed`.
    public func storedSession(id: Int64) throws -> StoredSession {
        try read("read session \(id)") { db in
            guard let record = try SessionRecord.fetchOne(db, key: id) else {
                let count = try SessionRecord.fetchCount(db)
                let range = try Row.fetchOne(db, sql: "SELECT min(id) AS low, max(id) AS high FROM session")
                let known: String =
                    count == 0
                    ? "the database has no sessions yet"
                    : "it has \(count) session\(count == 1 ? "" : "s"), ids \(range?["low"] as Int64? ?? 0)-"
                        + "\(range?["high"] as Int64? ?? 0)"
                throw StoreError(
                    code: .notFound,
                    message: "Session '\(id)' is not in '\(dbWriter.path)' (\(known)). List them with "
                        + "'retrowalk history', or give 'last'."
                )
            }
            return try Self.storedSession(record, db)
        }
    }

    /// The report of a session, computed from its stored samples and events.
    ///
    /// - Parameter fallbackSetup: the limits for a session that stored none (recorded before migration v3).
    public func report(id: Int64, fallbackSetup: SessionSetup? = nil) throws -> SessionReport {
        let stored = try storedSession(id: id)
        return SessionReport.build(
            session: stored.record, samples: stored.samples, events: stored.events, fallbackSetup: fallbackSetup)
    }

    /// The sessions for `history`, oldest first.
    ///
    /// - Parameters:
    ///   - plan: only this plan's sessions.
    ///   - since: only sessions whose local start date is this day or later (`YYYY-MM-DD`).
    public func listSessions(plan: String? = nil, since: CalendarDay? = nil) throws -> [SessionListing] {
        try read("list the sessions") { db in
            let records = try SessionRecord.order(SessionRecord.Columns.id).fetchAll(db)
            let alarms = try Dictionary(
                Row.fetchAll(
                    db,
                    sql: """
                        SELECT sessionId, count(*) AS n FROM event WHERE kind = 'alarm'
                        AND json_extract(json, '$.priority') != 'info' GROUP BY sessionId
                        """
                ).map { ($0["sessionId"] as Int64, $0["n"] as Int) },
                uniquingKeysWith: { $1 })
            var previous: [String: SessionRecord] = [:]
            var listings: [SessionListing] = []
            for record in records {
                let key = record.plan + (record.isSimulated ? "#sim" : "")
                let before = previous[key]
                previous[key] = record
                var change: Int?
                if let now = record.backwardSeconds, let then = before?.backwardSeconds { change = now - then }
                if let plan, record.plan != plan { continue }
                if let since, let day = CalendarDay(iso: record.startedAt), day < since { continue }
                listings.append(
                    SessionListing(
                        record: record, alarms: alarms[record.id ?? 0] ?? 0, progressionChange: change,
                        isFirstOfPlan: before == nil))
            }
            return listings
        }
    }

    static func storedSession(_ record: SessionRecord, _ db: Database) throws -> StoredSession {
        let id = record.id ?? 0
        let samples = try SampleRecord.filter(Column("sessionId") == id).order(Column("t"), Column("id"))
            .fetchAll(db)
            .map(\.sample)
        let decoder = JSONDecoder()
        let events = try String.fetchAll(
            db, sql: "SELECT json FROM event WHERE sessionId = ? AND kind != 'sample' ORDER BY t, id",
            arguments: [id]
        )
        .compactMap { try? decoder.decode(TimelineEvent.self, from: Data($0.utf8)) }
        return StoredSession(record: record, samples: samples, events: events)
    }
}

extension SampleRecord {
    /// The notification this row stores.
    public var sample: HeartRateSample {
        HeartRateSample(
            time: t,
            beatsPerMinute: UInt16(clamping: bpm),
            contact: Contact(rawValue: contact) ?? .unsupported,
            energyKilojoules: energyKJ.map { UInt16(clamping: $0) },
            rrIntervals: rr.split(separator: " ").compactMap { UInt16($0) }
        )
    }
}
