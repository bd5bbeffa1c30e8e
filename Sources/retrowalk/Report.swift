import ArgumentParser
import Foundation
import RetroWalk
import SafetyRules
import SessionStore

/// `retrowalk report SESSION`: a session's summary, and an HTML page with its chart.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a session's summary; --html writes a page with its heart-rate chart.",
        discussion: """
            SESSION is an id from 'retrowalk history', or 'last'. The summary is computed from the session's \
            stored samples and events (so an interrupted session has one too): duration, bouts done, mean and \
            max HR, time in each zone, per bout the peak HR, the time to it and the HR recovery 30 s and 60 s \
            after it, the recovery after the session, alarms by rule, symptoms, check-in answers, signal gaps, \
            the effort rating, and the energy as a range from two named estimates (a MET estimate with the \
            backward-walking factor, and Keytel et al. 2005 from the heart rate where it is valid).

            --html FILE writes one self-contained page (no script, nothing fetched): an SVG chart of the heart \
            rate with the zone band and the ceilings, backward bouts shaded, alarms, symptoms and signal gaps \
            marked, and the tables; it reads on a phone and prints. The limits are those stored with the session; \
            for a session recorded before they were stored, those of the profile in force (--profile, --rules).
            """
    )

    @Argument(help: ArgumentHelp("A session id from 'retrowalk history', or 'last'.", valueName: "session"))
    var session: String

    @Option(help: ArgumentHelp("Also write the report as an HTML page to this file.", valueName: "file"))
    var html: String?

    @Option(help: ArgumentHelp("The session database file.", valueName: "file"))
    var db: String?

    @OptionGroup var config: ConfigOptions

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.bootstrapLogging()
        do {
            let report = try SessionCommands.report(session, db: db, config: config)
            var out = OutputBuffer()
            out.write(SessionText.render(report).dropLast().description)
            if let html {
                try SessionArchive.write(Array(HTMLReport.render(report).utf8), to: html)
                out.write("HTML report written to \(html).")
            }
            out.flush()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }
}

/// `retrowalk export SESSION --format csv|tcx|fit`.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a session as CSV (for replay), TCX or FIT (Garmin Connect, Strava, GoldenCheetah).",
        discussion: """
            SESSION is an id from 'retrowalk history', or 'last'.
            csv: the recording CSV that 'retrowalk replay' reads (t_s,bpm,contact,energy_kj,rr_ms; one row per \
            notification with its RR intervals), so an export replays to the same events.
            tcx: Garmin Training Center XML v2: the heart-rate track, one lap per step (warm-up, each bout, each \
            recovery, cool-down).
            fit: a FIT activity file: file_id, a record with heart rate and timestamp per notification, hrv \
            messages with the RR intervals, one lap per step, session and activity messages, header and file CRCs.

            The file is written whole or not at all (an older file of the same name stays until the new one is \
            complete). Default name: retrowalk-session-ID.FORMAT in the current folder; --output - writes to \
            standard output.
            """
    )

    @Argument(help: ArgumentHelp("A session id from 'retrowalk history', or 'last'.", valueName: "session"))
    var session: String

    @Option(help: ArgumentHelp("csv, tcx or fit.", valueName: "format"))
    var format: ExportFormat

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp("The file to write ('-' for standard output).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("The session database file.", valueName: "file"))
    var db: String?

    @OptionGroup var config: ConfigOptions

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.bootstrapLogging()
        do {
            let report = try SessionCommands.report(session, db: db, config: config)
            let bytes = SessionReports.export(report, as: format.format)
            if output == "-" {
                FileHandle.standardOutput.write(Data(bytes))
                return
            }
            let path = output ?? "retrowalk-session-\(report.id).\(format.format.fileExtension)"
            try SessionArchive.write(bytes, to: path)
            print("Session \(report.id) exported as \(format.rawValue.uppercased()) to \(path) (\(bytes.count) bytes).")
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }
}

/// `--format`: csv, tcx or fit.
enum ExportFormat: String, CaseIterable, ExpressibleByArgument {
    case csv, tcx, fit

    var format: SessionReports.Format { SessionReports.Format(rawValue: rawValue) ?? .csv }
}

/// What `report` and `export` share.
enum SessionCommands {
    /// The report of a session, with the profile in force as the fallback for a session that stored no limits.
    static func report(_ session: String, db: String?, config: ConfigOptions) throws -> SessionReport {
        let path = db ?? AppDatabase.defaultPath(environment: ProcessInfo.processInfo.environment)
        let database = try SessionArchive.open(path: path)
        var fallback: SessionSetup?
        if let loaded = try? config.load(locator: ResourceLocator()) {
            let limits = HeartRateLimits(profile: loaded.profile.profile, settings: loaded.rules.settings)
            fallback = SessionSetup(limits: limits, profile: loaded.profile.profile, plan: nil)
        }
        return try SessionReports.report(session, database: database, fallbackSetup: fallback)
    }
}
