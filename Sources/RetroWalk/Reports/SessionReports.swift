import Foundation
public import SessionStore

/// `report` and `export` of a stored session.
public enum SessionReports {
    /// The export formats.
    public enum Format: String, Sendable, CaseIterable {
        case csv, tcx, fit

        /// The file name extension.
        public var fileExtension: String { rawValue }
    }

    /// The report of session `name` (`last` or an id).
    ///
    /// - Parameter fallbackSetup: the limits for a session that stored none (the profile in force).
    public static func report(_ name: String, database: AppDatabase, fallbackSetup: SessionSetup?) throws
        -> SessionReport
    {
        let id = try SessionArchive.resolve(name, in: database)
        return try database.report(id: id, fallbackSetup: fallbackSetup)
    }

    /// The bytes of an export.
    public static func export(_ report: SessionReport, as format: Format) -> [UInt8] {
        switch format {
        case .csv: Array(SessionCSV.render(report).utf8)
        case .tcx: Array(TCXWriter.render(report).utf8)
        case .fit: FITEncoder.encode(report)
        }
    }
}
