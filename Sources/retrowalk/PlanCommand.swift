import ArgumentParser
import Foundation
import RetroWalk
import RetroWalkCore
import SessionStore
import WalkCoach

/// `retrowalk plan`: the session plans and their progression.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "List and show the session plans, and propose the next session from the stored ones.",
        subcommands: [PlanNext.self, PlanList.self, PlanShow.self]
    )
}

/// `retrowalk plan next`: the proposed bout length of the next session, and why.
struct PlanNext: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Propose the next session of a plan from its stored sessions, and say why.",
        discussion: """
            The last session decides: a symptom or a high alarm steps the bouts back (one step, not below the \
            plan's backward_s); a medium alarm, a missed check-in, a shortened session, an effort that was not \
            easy (Borg 6-20 above 11, CR10 above 2) or no effort rating holds them; after enough clean sessions in \
            a row at one length they grow by one step, at most max_increase_per_week_s within 7 days and never \
            above the plan's max_backward_s (the plan's 'progression:' section; see README, "Progression").
            """
    )

    @Option(help: ArgumentHelp("The plan: a name in config/plans, or a YAML file.", valueName: "name"))
    var plan = "beginner"

    @Option(
        name: [.customLong("db"), .customLong("database")],
        help: ArgumentHelp("The session database file.", valueName: "file"))
    var db: String?

    @Option(
        help: ArgumentHelp("The day of the next session, YYYY-MM-DD (default: today).", valueName: "date"),
        transform: { text in
            guard let day = CalendarDay(iso: text), text.count == 10 else {
                throw ValidationError("--date takes a day as YYYY-MM-DD, e.g. 2026-11-21, not '\(text)'.")
            }
            return day
        })
    var date: CalendarDay?

    @Flag(help: "Print the proposal as one JSON object.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.bootstrapLogging()
        do {
            let advice = try ProgressionAdvice.make(
                plan: plan,
                loader: PlanLoader(locator: ResourceLocator()),
                databasePath: db ?? AppDatabase.defaultPath(environment: ProcessInfo.processInfo.environment),
                day: date ?? ProgressionAdvice.today()
            )
            if json {
                print(advice.jsonLine)
            } else {
                for line in advice.lines { print(line) }
            }
        } catch {
            throw fail("\(error)")
        }
    }
}

/// `retrowalk plan list`: the available plans with their summaries.
struct PlanList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the available plans (yours and the shipped ones) with their summaries."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.bootstrapLogging()
        let loader = PlanLoader(locator: ResourceLocator())
        let names = loader.availablePlans()
        guard !names.isEmpty else {
            throw fail("No plans found (is config/ installed?). Set RETROWALK_CONFIG_DIR to the config folder.")
        }
        let width = names.map(\.count).max() ?? 0
        var broken = false
        for name in names {
            let padded = name.padding(toLength: width, withPad: " ", startingAt: 0)
            do {
                print("\(padded)  \(try loader.load(name).summary)")
            } catch {
                broken = true
                print("\(padded)  (invalid: \(String(describing: error).split(separator: "\n").first ?? ""))")
            }
        }
        if broken { throw ExitCode(1) }
    }
}

/// `retrowalk plan show NAME`: a plan's timeline.
struct PlanShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a plan's timeline: each step with its start and duration, and its progression rules."
    )

    @Argument(help: ArgumentHelp("The plan: a name in config/plans, or a YAML file.", valueName: "name"))
    var plan: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.bootstrapLogging()
        do {
            let loader = PlanLoader(locator: ResourceLocator())
            let plan = try loader.load(self.plan)
            for line in PlanTable.lines(
                plan: plan, progression: Progression(baseSeconds: plan.backwardSeconds, settings: plan.progression))
            {
                print(line)
            }
        } catch {
            throw fail("\(error)")
        }
    }
}

/// The text of `plan show`.
enum PlanTable {
    static func lines(plan: Plan, progression: Progression) -> [String] {
        func clock(_ seconds: Double) -> String {
            let total = Int(seconds.rounded())
            let remainder = total % 60
            return "\(total / 60):\(remainder < 10 ? "0" : "")\(remainder)"
        }
        func column(_ text: String, _ width: Int, right: Bool = false) -> String {
            let pad = String(repeating: " ", count: max(0, width - text.count))
            return right ? pad + text : text + pad
        }
        var lines = ["\(plan.name): \(plan.summary)", "step  phase     bout  start  duration"]
        for (index, step) in plan.steps.enumerated() {
            lines.append(
                column(String(index + 1), 4, right: true) + "  " + column(step.phase.rawValue, 8) + "  "
                    + column(step.phase == .backward ? String(step.bout) : "", 4, right: true) + "  "
                    + column(clock(step.start), 5, right: true) + "  " + column(clock(step.duration), 8, right: true)
            )
        }
        let settings = progression.settings
        lines.append("total \(clock(plan.duration))")
        lines.append(
            "progression: +\(settings.stepSeconds) s per bout after \(settings.cleanSessionsPerStep) clean "
                + "sessions in a row, at most +\(settings.maxIncreasePerWeekSeconds) s in 7 days, up to "
                + "\(progression.ceilingSeconds) s (see 'retrowalk plan next')"
        )
        return lines
    }
}
