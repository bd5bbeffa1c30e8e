import GRDB
import RetroWalkCore

/// What a session's stored timeline events say about its outcome: the highest alarm, symptoms, missed
/// check-ins and the last effort rating (read from each event's JSON line).
struct EventFacts {
    /// The highest priority raised (info included), and the rule of the first alarm at that priority.
    var highestPriority: Priority?
    var highestRule: String?
    /// Symptom events.
    var symptomReports = 0
    /// The symptom kinds, each once, in the order first reported.
    var symptomKinds: [Symptom] = []
    /// Check-ins answered `missed`.
    var missedCheckIns = 0
    /// The last `rpe` event, if its scale is known and its value on the scale.
    var effort: EffortRating?

    /// Reads the facts of session `sessionId`.
    init(_ db: Database, sessionId: Int64) throws {
        if let alarm = try Row.fetchOne(
            db,
            sql: """
                SELECT json_extract(json, '$.priority') AS priority, json_extract(json, '$.rule') AS rule
                FROM event WHERE sessionId = ? AND kind = 'alarm'
                ORDER BY CASE json_extract(json, '$.priority')
                    WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END DESC, t, id
                LIMIT 1
                """,
            arguments: [sessionId]
        ) {
            highestPriority = (alarm["priority"] as String?).flatMap(Priority.init(rawValue:))
            highestRule = alarm["rule"]
        }
        let symptoms = try String?.fetchAll(
            db,
            sql: "SELECT json_extract(json, '$.symptom') FROM event WHERE sessionId = ? AND kind = 'symptom' "
                + "ORDER BY t, id",
            arguments: [sessionId]
        )
        symptomReports = symptoms.count
        for symptom in symptoms.compactMap({ $0.flatMap(Symptom.init(rawValue:)) })
        where !symptomKinds.contains(symptom) {
            symptomKinds.append(symptom)
        }
        missedCheckIns =
            try Int.fetchOne(
                db,
                sql: "SELECT count(*) FROM event WHERE sessionId = ? AND kind = 'checkin' "
                    + "AND json_extract(json, '$.answer') = 'missed'",
                arguments: [sessionId]
            ) ?? 0
        if let rating = try Row.fetchOne(
            db,
            sql: """
                SELECT json_extract(json, '$.value') AS value, json_extract(json, '$.scale') AS scale
                FROM event WHERE sessionId = ? AND kind = 'rpe' ORDER BY t DESC, id DESC LIMIT 1
                """,
            arguments: [sessionId]
        ), let value = rating["value"] as Int?, let scale = (rating["scale"] as String?).flatMap(EffortScale.init) {
            effort = EffortRating(value: value, scale: scale)
        }
    }
}
