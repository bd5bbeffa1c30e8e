import Foundation
public import RetroWalkCore
import SessionStore
public import WalkCoach

/// The next session of a plan, proposed from its stored sessions: what `retrowalk plan next` prints and what a
/// session can start from.
public struct ProgressionAdvice: Sendable {
    /// The plan, as loaded (its `backward_s` is the base).
    public var plan: Plan
    /// The plan's progression rules.
    public var progression: Progression
    /// The plan's stored sessions, oldest first.
    public var history: [SessionOutcome]
    /// The day the proposal is for.
    public var day: CalendarDay
    /// The proposal.
    public var proposal: Progression.Proposal
    /// Why the stored sessions could not be read, when `make` was told to go on without them (the proposal is
    /// then the plan's base).
    public var historyProblem: String?

    /// Loads the plan and its progression settings, reads the plan's sessions and proposes the next one.
    ///
    /// A database file that does not exist yet is an empty history (it is not created).
    ///
    /// - Parameters:
    ///   - nameOrPath: the plan, as for ``PlanLoader/load(_:)``; its sessions are those stored under its `name`.
    ///   - databasePath: the session database.
    ///   - day: the day of the next session (``today()`` for a session about to start).
    ///   - simulated: whether the history is the simulator's sessions rather than the walker's.
    ///   - withoutUnreadableHistory: a database that cannot be read is an empty history (with
    ///     ``historyProblem`` saying why) instead of an error: a session about to start goes on from the plan's
    ///     base, the alarms matter more than the progression.
    /// - Throws: ``AppError`` for a bad plan, `StoreError` when the database cannot be read.
    public static func make(
        plan nameOrPath: String, loader: PlanLoader, databasePath: String, day: CalendarDay, simulated: Bool = false,
        withoutUnreadableHistory: Bool = false
    ) throws -> ProgressionAdvice {
        let plan = try loader.load(nameOrPath)
        let progression = Progression(baseSeconds: plan.backwardSeconds, settings: plan.progression)
        var history: [SessionOutcome] = []
        var problem: String?
        if FileManager.default.fileExists(atPath: databasePath) {
            do {
                history = try AppDatabase.open(path: databasePath).history(plan: plan.name, simulated: simulated)
            } catch {
                guard withoutUnreadableHistory else { throw error }
                problem = "\(error)"
            }
        }
        return ProgressionAdvice(
            plan: plan, progression: progression, history: history, day: day,
            proposal: progression.propose(history: history, on: day), historyProblem: problem)
    }

    /// Today in the local time zone (the one place that reads the clock for progression).
    public static func today() -> CalendarDay { LocalTime.now().day }

    /// The plan with the proposed bout length, for the session to run.
    public var proposedPlan: Plan {
        var plan = self.plan
        plan.backwardSeconds = proposal.backwardSeconds
        return plan
    }

    /// The proposal for people: a headline, one line per reason, and the plan's rules.
    public var lines: [String] {
        let seconds = proposal.backwardSeconds
        let comparison: String
        switch proposal.change {
        case .start: comparison = "first session"
        case .hold: comparison = "same as last time"
        case .increase, .stepBack:
            let difference = seconds - (proposal.previousSeconds ?? seconds)
            comparison = "\(difference > 0 ? "+" : "-")\(abs(difference)) s from \(proposal.previousSeconds ?? 0) s"
        }
        let sessions = history.count == 1 ? "1 session" : "\(history.count) sessions"
        return ["Plan '\(plan.name)', next session: \(plan.bouts) x \(seconds) s backward (\(comparison))."]
            + proposal.reasons.map { "  " + $0 }
            + ["Based on \(sessions) of this plan; rules: \(rulesText)."]
    }

    /// The plan's rules in one phrase.
    public var rulesText: String {
        let settings = progression.settings
        return "+\(settings.stepSeconds) s after \(settings.cleanSessionsPerStep) clean sessions in a row, "
            + "at most +\(settings.maxIncreasePerWeekSeconds) s in 7 days, "
            + "\(progression.baseSeconds)-\(progression.ceilingSeconds) s"
    }

    /// The proposal as one JSON object: `plan`, `date`, `backward_s`, `change` (`start`, `increase`, `hold`,
    /// `step_back`), `previous_s`, `base_s`, `ceiling_s`, `sessions`, `reasons`.
    public var jsonLine: String {
        var object = JSONObject()
        object.add("plan", .string(plan.name))
        object.add("date", .string(day.description))
        object.add("backward_s", .int(proposal.backwardSeconds))
        object.add("change", .string(proposal.change.rawValue))
        object.add("previous_s", proposal.previousSeconds.map { .int($0) } ?? .null)
        object.add("base_s", .int(progression.baseSeconds))
        object.add("ceiling_s", .int(progression.ceilingSeconds))
        object.add("sessions", .int(history.count))
        object.add("reasons", .array(proposal.reasons.map { .string($0) }))
        return object.rendered
    }
}
