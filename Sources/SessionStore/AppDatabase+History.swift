import GRDB
public import RetroWalkCore

extension AppDatabase {
    /// The sessions of a plan as progression reads them, oldest first (in the order they were recorded).
    ///
    /// Each session's day is the date part of its recorded start time. Outcome fields that a session did not
    /// store (it was recorded before migration v2) are derived from its stored events: the highest alarm, the
    /// symptoms, the missed check-ins, the effort rating. A session that never finished (the program stopped
    /// mid-session) counts as ended early. Simulated sessions (source `simulate:…`) and the walker's own are kept
    /// apart, so that trying the simulator never changes a walker's progression.
    ///
    /// - Parameters:
    ///   - plan: The plan's name.
    ///   - simulated: `false` for the walker's sessions (the default), `true` for the simulator's.
    /// - Throws: ``StoreError`` `badRecord` naming a session whose start time is not an ISO 8601 date,
    ///   `readFailed` when the database cannot be read.
    public func history(plan: String, simulated: Bool = false) throws -> [SessionOutcome] {
        try read("read the sessions of plan '\(plan)'") { db in
            let isSimulated = SessionRecord.Columns.source.like("simulate:%")
            let records = try SessionRecord.filter(SessionRecord.Columns.plan == plan)
                .filter(simulated ? isSimulated : !isSimulated)
                .order(SessionRecord.Columns.id)
                .fetchAll(db)
            return try records.map { record in try Self.outcome(of: record, db) }
        }
    }

    private static func outcome(of record: SessionRecord, _ db: Database) throws -> SessionOutcome {
        let id = record.id ?? 0
        guard let date = CalendarDay(iso: record.startedAt) else {
            throw StoreError(
                code: .badRecord,
                message: "Session \(id) has the start time '\(record.startedAt)', which is not an ISO 8601 date "
                    + "(YYYY-MM-DD…). Correct it with: sqlite3 DB \"UPDATE session SET startedAt = 'YYYY-MM-DD' "
                    + "WHERE id = \(id)\"."
            )
        }
        let complete =
            record.highestPriority != nil && record.symptoms != nil && record.symptomKinds != nil
            && record.missedCheckIns != nil && record.rpe != nil
        let facts = complete ? nil : try EventFacts(db, sessionId: id)
        let storedKinds = record.symptomKinds.map { text in
            text.split(separator: ",").compactMap { Symptom(rawValue: String($0)) }
        }
        var storedEffort: EffortRating?
        if let value = record.rpe, let scale = record.rpeScale.flatMap(EffortScale.init(rawValue:)) {
            storedEffort = EffortRating(value: value, scale: scale)
        }
        return SessionOutcome(
            date: date,
            backwardSeconds: record.backwardSeconds,
            boutsPlanned: record.boutsPlanned,
            boutsCompleted: record.boutsCompleted ?? 0,
            endedEarly: record.endedEarly ?? true,
            highestPriority: record.highestPriority.flatMap(Priority.init(rawValue:)) ?? facts?.highestPriority,
            highestRule: record.highestPriority != nil ? record.highestRule : facts?.highestRule,
            symptomReports: record.symptoms ?? facts?.symptomReports ?? 0,
            symptoms: storedKinds ?? facts?.symptomKinds ?? [],
            missedCheckIns: record.missedCheckIns ?? facts?.missedCheckIns ?? 0,
            effort: storedEffort ?? facts?.effort
        )
    }

    func read<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try dbWriter.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                code: .readFailed,
                message: "Could not \(what) in '\(dbWriter.path)': \(error). Check that the file is a retrowalk "
                    + "database and readable.",
                underlying: error
            )
        }
    }
}
