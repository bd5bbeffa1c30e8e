import Foundation
public import SessionStore

#if canImport(Glibc)
    import Glibc
#endif

/// The stored sessions as `history`, `report` and `export` reach them: the database opened for reading (with the
/// interrupted sessions closed), a session named on the command line, and files written whole or not at all.
public enum SessionArchive {
    /// Opens the session database of a reading command and closes the sessions that were interrupted.
    ///
    /// - Throws: ``AppError`` `noSession` when the file does not exist (nothing is created), `StoreError` when it
    ///   cannot be opened.
    public static func open(path: String) throws -> AppDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AppError(
                code: .noSession,
                message: "There is no session database at '\(path)' yet. Record a session with 'retrowalk walk' "
                    + "(or try 'retrowalk walk --simulate'), or pass the database with --db FILE.")
        }
        let database = try AppDatabase.open(path: path)
        try database.closeInterruptedSessions()
        return database
    }

    /// The id of the session a user named: a number from `history`, or `last`.
    ///
    /// - Throws: ``AppError`` `noSession` for an empty database or an unknown id, `badArgument` for a name that
    ///   is neither.
    public static func resolve(_ name: String, in database: AppDatabase) throws -> Int64 {
        guard let last = try database.lastSessionId() else {
            throw AppError(
                code: .noSession,
                message: "The session database '\(database.path)' has no sessions yet. Record one with "
                    + "'retrowalk walk' (or 'retrowalk walk --simulate'), or pass another database with --db FILE.")
        }
        if name == "last" { return last }
        guard let id = Int64(name), id > 0 else {
            throw AppError(
                code: .badArgument,
                message: "Session '\(name)' is neither a session id nor 'last'. Give an id from 'retrowalk history' "
                    + "(e.g. \(last)) or 'last'.")
        }
        do {
            _ = try database.storedSession(id: id)
        } catch let error as StoreError where error.code == .notFound {
            throw AppError(code: .noSession, message: error.message)
        }
        return id
    }

    /// Writes `bytes` to `path` whole: into a temporary file beside it, then renamed over it, so that a failure
    /// never leaves half a file (or destroys an older one).
    ///
    /// - Throws: ``AppError`` `outputFailed` naming the path, the reason and the remedy.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw AppError(
                code: .outputFailed,
                message: "Cannot write '\(path)': it is a folder. Give a file name, e.g. '\(path)/session.fit'.")
        }
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw AppError(
                code: .outputFailed,
                message: "Cannot write '\(path)': the folder '\(folder.path)' does not exist. Create it, or give "
                    + "another --output.")
        }
        let temporary = folder.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try Data(bytes).write(to: temporary)
            // rename(2) replaces the old file in one step.
            guard rename(temporary.path, path) == 0 else {
                throw NSError(
                    domain: NSPOSIXErrorDomain, code: Int(errno),
                    userInfo: [NSLocalizedFailureReasonErrorKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw AppError(
                code: .outputFailed,
                message: "Cannot write '\(path)' (\(reason)). Check that the folder is writable and the disk not "
                    + "full, or give another file.")
        }
    }
}
