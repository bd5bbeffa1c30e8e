import ArgumentParser
import Foundation
import RetroWalk
import RetroWalkCore
import SessionStore

/// `retrowalk history`: the stored sessions, one line each.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the stored sessions: date, plan, bouts, duration, max HR, alarms, symptoms, end state.",
        discussion: """
            One line per session, oldest first. Simulated sessions are marked with '*' after their id. 'end' is \
            finished, ended early (a safe stop, the walker's end, the recovery gate), ended by signal (Ctrl-C, \
            SIGTERM) or interrupted (the program was killed or lost power: the next start closed the session at \
            its last sample, with its summary computed from what was stored). 'change' is the bout length's \
            change from the plan's previous session (progression). A session being recorded right now shows as \
            running.

            --json prints one JSON object per session (see README, "History, reports and exports"). Opening the \
            database closes the sessions that were interrupted.
            """
    )

    @Option(help: ArgumentHelp("The session database file.", valueName: "file"))
    var db: String?

    @Option(help: ArgumentHelp("Only the sessions of this plan.", valueName: "name"))
    var plan: String?

    @Option(help: ArgumentHelp("Only the sessions from this day on (local date).", valueName: "YYYY-MM-DD"))
    var since: String?

    @Flag(help: "Print one JSON object per session.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let since, CalendarDay(iso: since) == nil || since.count != 10 {
            throw ValidationError("--since takes a date as YYYY-MM-DD, not '\(since)'.")
        }
    }

    func run() throws {
        _ = global.bootstrapLogging()
        do {
            let path = db ?? AppDatabase.defaultPath(environment: ProcessInfo.processInfo.environment)
            let database = try SessionArchive.open(path: path)
            let listings = try database.listSessions(plan: plan, since: since.flatMap(CalendarDay.init(iso:)))
            var out = OutputBuffer()
            if json {
                for listing in listings { out.write(HistoryTable.json(listing)) }
            } else if listings.isEmpty {
                let filters = [plan.map { "plan '\($0)'" }, since.map { "since \($0)" }].compactMap { $0 }
                out.write(
                    filters.isEmpty
                        ? "No sessions in '\(path)' yet. Record one with 'retrowalk walk'."
                        : "No sessions match \(filters.joined(separator: " and ")) in '\(path)'.")
            } else {
                for line in HistoryTable.lines(listings) { out.write(line) }
            }
            out.flush()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }
}

/// The history table and its JSON lines.
enum HistoryTable {
    static func lines(_ listings: [SessionListing]) -> [String] {
        var rows = [
            ["id", "date", "time", "plan", "bouts", "duration", "max HR", "alarms", "symptoms", "end", "change"]
        ]
        for listing in listings {
            let record = listing.record
            let start = WallTime(iso: record.startedAt)
            let planned = record.boutsPlanned.map { "/\($0)" } ?? ""
            var alarms = "\(listing.alarms)"
            if let priority = record.highestPriority, priority != "info", let rule = record.highestRule {
                alarms += " (\(rule) \(priority))"
            }
            var symptoms = "\(record.symptoms ?? 0)"
            if let kinds = record.symptomKinds, !kinds.isEmpty {
                let names: [String] = kinds.split(separator: ",").map {
                    String($0).replacingOccurrences(of: "_", with: " ")
                }
                symptoms += " (" + names.joined(separator: ", ") + ")"
            }
            let id = "\(record.id ?? 0)" + (record.isSimulated ? "*" : "")
            let date: String = start?.localDate ?? String(record.startedAt.prefix(10))
            let time: String = start.map { String($0.localDateTime.suffix(5)) } ?? ""
            let bouts: String = record.durationSeconds == nil ? "-" : "\(record.boutsCompleted ?? 0)\(planned)"
            let duration: String = record.durationSeconds.map { SessionText.clock($0) } ?? "-"
            let maxHR: String = record.maxBPM.map { String($0) } ?? "-"
            let end: String = record.end?.displayName ?? "running"
            rows.append([id, date, time, record.plan, bouts, duration, maxHR, alarms, symptoms, end, change(listing)])
        }
        var lines = SessionText.table(rows)
        if listings.contains(where: { $0.record.isSimulated }) { lines.append("* simulated strap") }
        return lines
    }

    static func change(_ listing: SessionListing) -> String {
        let length = listing.record.backwardSeconds.map { "\($0) s" } ?? "-"
        if listing.isFirstOfPlan { return "\(length) (start)" }
        guard let change = listing.progressionChange else { return length }
        return change == 0 ? "\(length) (same)" : "\(length) (\(change > 0 ? "+" : "")\(change) s)"
    }

    static func json(_ listing: SessionListing) -> String {
        let record = listing.record
        var object = JSONObject()
        object.add("id", .int(Int(record.id ?? 0)))
        object.add("started_at", .string(record.startedAt))
        object.add("ended_at", record.endedAt.map { .string($0) } ?? .null)
        object.add("plan", .string(record.plan))
        object.add("source", .string(record.source))
        object.add("simulated", .bool(record.isSimulated))
        object.add("end_state", .string(record.end?.rawValue ?? "running"))
        object.add("duration_s", record.durationSeconds.map { .fixed($0, decimals: 1, trim: false) } ?? .null)
        object.add("samples", record.samples.map { .int($0) } ?? .null)
        object.add("bouts_done", record.boutsCompleted.map { .int($0) } ?? .null)
        object.add("bouts_planned", record.boutsPlanned.map { .int($0) } ?? .null)
        object.add("backward_s", record.backwardSeconds.map { .int($0) } ?? .null)
        object.add("progression_change_s", listing.progressionChange.map { .int($0) } ?? .null)
        object.add("max_bpm", record.maxBPM.map { .int($0) } ?? .null)
        object.add("alarms", .int(listing.alarms))
        object.add("highest_priority", record.highestPriority.map { .string($0) } ?? .null)
        object.add("highest_rule", record.highestRule.map { .string($0) } ?? .null)
        object.add("symptoms", .int(record.symptoms ?? 0))
        object.add(
            "symptom_kinds",
            .array((record.symptomKinds ?? "").split(separator: ",").map { .string(String($0)) }))
        object.add("missed_checkins", record.missedCheckIns.map { .int($0) } ?? .null)
        object.add("rpe", record.rpe.map { .int($0) } ?? .null)
        object.add("rpe_scale", record.rpeScale.map { .string($0) } ?? .null)
        return object.rendered
    }
}
