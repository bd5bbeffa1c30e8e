import Foundation
public import GRDB
import RetroWalkCore

/// The session database: sessions, their samples and their events (SQLite through GRDB).
///
/// The schema is created by named, append-only migrations when the database opens; invariants live in the
/// schema (NOT NULL, CHECK, foreign keys with cascade).
public struct AppDatabase: Sendable {
    /// The connection (a `DatabaseQueue` in tests, a `DatabasePool` on disk).
    public let dbWriter: any DatabaseWriter
    /// The database file's path (`:memory:` for an in-memory database).
    public var path: String { dbWriter.path }
    /// The sessions this process records (see ``closeInterruptedSessions()``).
    let locks: SessionLocks

    /// Opens a database and migrates it.
    ///
    /// - Throws: ``StoreError`` when the schema cannot be created.
    public init(_ dbWriter: any DatabaseWriter) throws {
        self.dbWriter = dbWriter
        locks = SessionLocks(databasePath: dbWriter.path)
        do {
            try Self.migrator.migrate(dbWriter)
        } catch {
            throw StoreError(
                code: .migrationFailed,
                message: "The session database at '\(dbWriter.path)' could not be prepared: \(error). "
                    + "Move it aside and run again to start a fresh one.",
                underlying: error
            )
        }
    }

    /// Opens (or creates) the database file at `path` in WAL mode, with permissions 0600 and its folder created.
    ///
    /// - Throws: ``StoreError`` naming the path and the remedy.
    public static func open(path: String) throws -> AppDatabase {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            return try AppDatabase(DatabasePool(path: path, configuration: configuration))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                code: .openFailed,
                message: "The session database '\(path)' could not be opened: \(error). "
                    + "Check that the folder is writable, or pass another file with --db.",
                underlying: error
            )
        }
    }

    /// The default path: `$XDG_DATA_HOME/retrowalk/retrowalk.sqlite` (or `~/.local/share/…`).
    public static func defaultPath(environment: [String: String]) -> String {
        let base =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? ".") + "/.local/share")
        return base + "/retrowalk/retrowalk.sqlite"
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sessions, samples, events") { db in
            try db.create(table: "session") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("startedAt", .text).notNull()
                t.column("source", .text).notNull()
                t.column("plan", .text).notNull()
                t.column("durationSeconds", .double).check { $0 >= 0 }
                t.column("samples", .integer).check { $0 >= 0 }
                t.column("maxBPM", .integer)
                t.column("boutsCompleted", .integer).check { $0 >= 0 }
                t.column("endedEarly", .boolean)
                t.column("audio", .text)
            }
            try db.create(table: "sample") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.column("t", .double).notNull().check { $0 >= 0 }
                t.column("bpm", .integer).notNull().check { $0 >= 0 }
                t.column("contact", .text).notNull().check { ["unsupported", "not_detected", "detected"].contains($0) }
                t.column("energyKJ", .integer)
                t.column("rr", .text).notNull()
            }
            try db.create(table: "event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("session", onDelete: .cascade).notNull()
                t.column("t", .double).notNull().check { $0 >= 0 }
                t.column("kind", .text).notNull()
                t.column("json", .text).notNull()
            }
        }
        migrator.registerMigration("v2: progression inputs") { db in
            // What progression reads per session: the bout length run, the bouts planned, and the session's
            // outcome (alarms, symptoms, check-ins, effort). NULL in sessions recorded before this migration;
            // `history(plan:)` derives what it can from their events.
            try db.alter(table: "session") { t in
                t.add(column: "backwardSeconds", .integer).check { $0 > 0 }
                t.add(column: "boutsPlanned", .integer).check { $0 > 0 }
                t.add(column: "highestPriority", .text).check { ["info", "low", "medium", "high"].contains($0) }
                t.add(column: "highestRule", .text)
                t.add(column: "symptoms", .integer).check { $0 >= 0 }
                t.add(column: "symptomKinds", .text)
                t.add(column: "missedCheckIns", .integer).check { $0 >= 0 }
                t.add(column: "rpeScale", .text).check { ["borg", "cr10"].contains($0) }
                t.add(column: "rpe", .integer).check(
                    sql: """
                        CASE WHEN rpe IS NULL THEN rpeScale IS NULL
                        WHEN rpeScale IS 'borg' THEN rpe BETWEEN 6 AND 20
                        WHEN rpeScale IS 'cr10' THEN rpe BETWEEN 0 AND 10
                        ELSE 0 END
                        """
                )
            }
        }
        migrator.registerMigration("v3: end states and the session's limits") { db in
            // How a session ended (`SessionEndState`), when (wall clock), and what it was measured against: the
            // limits in force at its start and the walker's values the energy estimates need, so that a report
            // shows the session as it was even after the profile changes. NULL in sessions recorded before this
            // migration (their end state is derived; their limits come from the profile in force).
            try db.alter(table: "session") { t in
                t.add(column: "endState", .text).check {
                    ["finished", "ended_early", "ended_by_signal", "interrupted"].contains($0)
                }
                t.add(column: "endedAt", .text)
                t.add(column: "zoneLowerBPM", .double).check { $0 > 0 }
                t.add(column: "zoneUpperBPM", .double).check(sql: "zoneUpperBPM >= zoneLowerBPM")
                t.add(column: "ceilingBPM", .double).check { $0 > 0 }
                t.add(column: "hardCeilingBPM", .double).check(sql: "hardCeilingBPM >= ceilingBPM")
                t.add(column: "maxHeartRateBPM", .double).check { $0 > 0 }
                t.add(column: "maxHeartRateSource", .text)
                t.add(column: "restingBPM", .integer).check { $0 > 0 }
                t.add(column: "age", .integer).check { $0 > 0 }
                t.add(column: "sex", .text).check { ["male", "female"].contains($0) }
                t.add(column: "massKg", .double).check { $0 > 0 }
                t.add(column: "betaBlocker", .boolean)
                t.add(column: "backwardSpeedKmh", .double).check { $0 > 0 }
                t.add(column: "forwardSpeedKmh", .double).check { $0 > 0 }
                t.add(column: "backwardInclinePercent", .double).check { $0 >= 0 }
            }
            // Finished sessions of before: their end state follows from what they stored.
            try db.execute(
                sql: """
                    UPDATE session SET endState = CASE WHEN endedEarly THEN 'ended_early' ELSE 'finished' END
                    WHERE durationSeconds IS NOT NULL AND endedEarly IS NOT NULL
                    """
            )
        }
        return migrator
    }
}
