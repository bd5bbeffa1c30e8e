import Foundation
import RetroWalkCore
import Testing
import WalkCoach

@Suite("Progression")
struct ProgressionTests {
    /// The beginner plan's 60 s bouts with a 120 s ceiling and the default rules.
    let progression = Progression(baseSeconds: 60, settings: ProgressionSettings(maxBackwardSeconds: 120))

    /// A clean session: all 5 bouts, no alarm above low, no symptom, every check-in answered, Borg 10.
    func clean(_ date: String, _ seconds: Int = 60) -> SessionOutcome {
        SessionOutcome(
            date: CalendarDay(iso: date)!, backwardSeconds: seconds, boutsPlanned: 5, boutsCompleted: 5,
            highestPriority: .low, highestRule: "R1", effort: EffortRating(value: 10, scale: .borg))
    }

    func day(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }

    @Test("no session yet: start at the plan's base")
    func start() {
        let proposal = progression.propose(history: [], on: day("2026-11-14"))
        #expect(
            proposal
                == .init(
                    backwardSeconds: 60, change: .start, previousSeconds: nil,
                    reasons: ["No session of this plan yet: start at the plan's 60 s"]))
    }

    @Test("three clean sessions over a week: +15 s")
    func cleanWeek() {
        // Given three clean 60 s sessions in a week
        let history = [clean("2026-11-14"), clean("2026-11-17"), clean("2026-11-19")]
        // When the next session is proposed
        let proposal = progression.propose(history: history, on: day("2026-11-21"))
        // Then the bouts grow by one step, and the reason says which sessions earned it
        #expect(proposal.backwardSeconds == 75)
        #expect(proposal.change == .increase)
        #expect(proposal.previousSeconds == 60)
        #expect(
            proposal.reasons == [
                "3 clean sessions since 2026-11-14 (no alarm above low, no symptom, effort easy): +15 s to 75 s"
            ])
    }

    @Test("fewer clean sessions than the run needs: hold, and say how many are needed")
    func shortRun() {
        let proposal = progression.propose(
            history: [clean("2026-11-14"), clean("2026-11-17")], on: day("2026-11-19"))
        #expect(proposal.backwardSeconds == 60)
        #expect(proposal.change == .hold)
        #expect(proposal.reasons == ["2 clean sessions at 60 s since 2026-11-14; 3 needed for +15 s: hold at 60 s"])
    }

    @Test("the run starts again after a change of length")
    func runRestarts() {
        // Given three clean sessions at 60 s, then one at 75 s
        let history = [clean("2026-11-14"), clean("2026-11-17"), clean("2026-11-19"), clean("2026-11-21", 75)]
        // Then one clean session at 75 s is not yet a run
        let proposal = progression.propose(history: history, on: day("2026-11-24"))
        #expect(proposal.backwardSeconds == 75)
        #expect(proposal.change == .hold)
        #expect(proposal.reasons == ["1 clean session at 75 s since 2026-11-21; 3 needed for +15 s: hold at 75 s"])
    }

    @Test("a medium alarm holds, naming the rule and the day")
    func mediumAlarm() {
        var session = clean("2026-11-20", 75)
        session.highestPriority = .medium
        session.highestRule = "R2"
        let proposal = progression.propose(
            history: [clean("2026-11-14"), clean("2026-11-17"), clean("2026-11-18"), session],
            on: day("2026-11-22"))
        #expect(proposal.backwardSeconds == 75)
        #expect(proposal.change == .hold)
        #expect(proposal.reasons == ["Medium alarm R2 on 2026-11-20: hold at 75 s"])
    }

    @Test("a symptom steps back by one step, never below the base")
    func symptom() {
        // Given dizziness in a 90 s session
        var dizzy = clean("2026-11-22", 90)
        dizzy.symptoms = [.dizzy]
        let back = progression.propose(history: [dizzy], on: day("2026-11-24"))
        // Then the next bouts are 15 s shorter
        #expect(back.backwardSeconds == 75)
        #expect(back.change == .stepBack)
        #expect(back.reasons == ["Dizziness reported on 2026-11-22: back to 75 s"])
        // And at the base they stay at the base
        dizzy.backwardSeconds = 60
        dizzy.symptoms = [.dizzy, .kneePain]
        let base = progression.propose(history: [dizzy], on: day("2026-11-24"))
        #expect(base.backwardSeconds == 60)
        #expect(base.change == .hold)
        #expect(base.reasons == ["Dizziness and knee pain reported on 2026-11-22: stay at the plan's 60 s"])
    }

    @Test("a high alarm steps back; its causes are listed, the lesser ones are not")
    func highAlarm() {
        var session = clean("2026-11-22", 90)
        session.highestPriority = .high
        session.highestRule = "R3"
        session.endedEarly = true
        session.boutsCompleted = 2
        session.missedCheckIns = 1
        let proposal = progression.propose(history: [session], on: day("2026-11-24"))
        #expect(proposal.backwardSeconds == 75)
        #expect(proposal.change == .stepBack)
        #expect(proposal.reasons == ["High alarm R3 on 2026-11-22: back to 75 s"])
    }

    @Test("hold causes: missed check-ins, a session cut short without an alarm, effort not easy, no rating")
    func holdCauses() {
        var session = clean("2026-11-20", 75)
        session.missedCheckIns = 2
        session.endedEarly = true
        session.boutsCompleted = 3
        session.effort = EffortRating(value: 15, scale: .borg)
        #expect(
            progression.propose(history: [session], on: day("2026-11-22")).reasons == [
                "2 missed check-ins on 2026-11-20: hold at 75 s",
                "Ended early on 2026-11-20 (3 of 5 bouts): hold at 75 s",
                "Effort rated 15 on Borg 6–20 (vigorous; easy is 11 or less) on 2026-11-20: hold at 75 s",
            ])
        // A session ended early by a medium alarm is explained by the alarm alone
        session.highestPriority = .medium
        session.highestRule = "S2"
        session.missedCheckIns = 0
        session.effort = nil
        #expect(
            progression.propose(history: [session], on: day("2026-11-22")).reasons == [
                "Medium alarm S2 on 2026-11-20: hold at 75 s",
                "No effort rating on 2026-11-20 (an easy rating is needed to progress): hold at 75 s",
            ])
        // Fewer bouts than planned, without "ended early", also holds
        var short = clean("2026-11-21", 75)
        short.boutsCompleted = 4
        #expect(
            progression.propose(history: [short], on: day("2026-11-22")).reasons == [
                "Fewer bouts on 2026-11-21 (4 of 5 bouts): hold at 75 s"
            ])
    }

    @Test(
        "only an easy effort counts as clean: Borg ≤ 11, CR10 ≤ 2",
        arguments: [
            (11, EffortScale.borg, Progression.Assessment.Verdict.clean), (12, .borg, .hold), (13, .borg, .hold),
            (16, .borg, .hold), (2, .cr10, .clean), (3, .cr10, .hold), (6, .cr10, .hold),
        ])
    func effort(value: Int, scale: EffortScale, verdict: Progression.Assessment.Verdict) {
        var session = clean("2026-11-20")
        session.effort = EffortRating(value: value, scale: scale)
        #expect(progression.assess(session).verdict == verdict)
    }

    @Test("an info or low alarm does not spoil a session; a medium one does")
    func lowAlarms() {
        var session = clean("2026-11-20")
        for (priority, verdict) in [
            (Priority.info, Progression.Assessment.Verdict.clean), (.low, .clean), (.medium, .hold), (.high, .stepBack),
        ] {
            session.highestPriority = priority
            #expect(progression.assess(session).verdict == verdict, "\(priority)")
        }
    }

    @Test("the ceiling: the last step stops at it, and a session at it holds")
    func ceiling() {
        // Given three clean sessions at 110 s under a 120 s ceiling
        let near = [clean("2026-11-14", 110), clean("2026-11-16", 110), clean("2026-11-18", 110)]
        let last = progression.propose(history: near, on: day("2026-11-25"))
        // Then the step is cut to reach the ceiling exactly
        #expect(last.backwardSeconds == 120)
        #expect(
            last.reasons == [
                "3 clean sessions since 2026-11-14 (no alarm above low, no symptom, effort easy): +10 s to 120 s, "
                    + "the plan's ceiling"
            ])
        // And clean sessions at the ceiling hold there
        let at = [clean("2026-11-20", 120), clean("2026-11-22", 120), clean("2026-11-24", 120)]
        let hold = progression.propose(history: at, on: day("2026-11-26"))
        #expect(hold.backwardSeconds == 120)
        #expect(hold.change == .hold)
        #expect(hold.reasons == ["At the plan's ceiling of 120 s: hold at 120 s"])
        // And a session above a ceiling that was lowered comes back under it
        let lowered = Progression(baseSeconds: 60, settings: ProgressionSettings(maxBackwardSeconds: 90))
        let down = lowered.propose(history: at, on: day("2026-11-26"))
        #expect(down.backwardSeconds == 90)
        #expect(down.change == .stepBack)
        #expect(down.reasons.first == "The last session's 120 s is above the plan's ceiling of 90 s")
        // And a plan without a ceiling does not grow
        let fixed = Progression(baseSeconds: 60).propose(
            history: [clean("2026-11-14"), clean("2026-11-16"), clean("2026-11-18")], on: day("2026-11-20"))
        #expect(fixed.backwardSeconds == 60)
        #expect(fixed.reasons == ["At the plan's ceiling of 60 s: hold at 60 s"])
    }

    @Test("at most +30 s within any 7 days, however often the walker goes")
    func weeklyLimit() {
        // Given daily clean sessions at 60, 60, 60, 75, 75, 75, 90, 90, 90
        let lengths = [60, 60, 60, 75, 75, 75, 90, 90, 90]
        let start = day("2026-11-01")
        let history = lengths.enumerated().map { index, seconds in
            clean(start.adding(days: index).description, seconds)
        }
        // When the tenth day comes (the increases were on days 4 and 7: +30 s in the 7 days ending on day 10)
        let held = progression.propose(history: history, on: start.adding(days: 9))
        // Then the run of clean sessions waits
        #expect(held.backwardSeconds == 90)
        #expect(held.change == .hold)
        #expect(held.reasons == ["Already +30 s since 2026-11-04 (at most +30 s in 7 days): hold at 90 s"])
        // And on day 11 the first increase has left the window
        let next = progression.propose(history: history, on: start.adding(days: 10))
        #expect(next.backwardSeconds == 105)
        #expect(next.change == .increase)
    }

    @Test("the history is taken in date order, whatever order it came in")
    func order() {
        var dizzy = clean("2026-11-10", 75)
        dizzy.symptomReports = 1
        let history = [clean("2026-11-14"), dizzy, clean("2026-11-17"), clean("2026-11-12")]
        let sorted = [dizzy, clean("2026-11-12"), clean("2026-11-14"), clean("2026-11-17")]
        let today = day("2026-11-20")
        #expect(progression.propose(history: history, on: today) == progression.propose(history: sorted, on: today))
        #expect(progression.propose(history: history, on: today).backwardSeconds == 75)
        #expect(progression.assess(dizzy).causes == ["A symptom reported on 2026-11-10"])
    }

    @Test("a walker who follows every proposal for a year: every rule holds on every day", arguments: [1, 2, 3])
    func followedForAYear(seed: UInt64) {
        // Given a walker who trains every day or two, sometimes twice a day, with random outcomes (seeded)
        var random = SplitMix64(seed: seed)
        var history: [SessionOutcome] = []
        var today = day("2026-01-01")
        var increases: [(day: CalendarDay, seconds: Int)] = []
        var reachedCeiling = false
        var weeklyLimitHeld = 0
        for _ in 0..<200 {
            today = today.adding(days: Int.random(in: 0...2, using: &random))
            // When the walker asks for the next session
            let proposal = progression.propose(history: history, on: today)
            // Then it stays within base and ceiling, and moves by at most one step
            #expect((60...120).contains(proposal.backwardSeconds))
            if let previous = history.last {
                // And it changes exactly as the rules say, checked here from the history directly
                let last = previous.backwardSeconds ?? 60
                let run = history.reversed().prefix {
                    $0.backwardSeconds == last && progression.assess($0).verdict == .clean
                }.count
                let lastWeek = increases.filter { $0.day > today.adding(days: -7) }.map(\.seconds).reduce(0, +)
                switch progression.assess(previous).verdict {
                case .stepBack:
                    #expect(proposal.change == (last > 60 ? .stepBack : .hold))
                    #expect(proposal.backwardSeconds == max(60, last - 15))
                case .hold:
                    #expect(proposal.change == .hold)
                case .clean:
                    let expected = last < 120 && run >= 3 && lastWeek + 15 <= 30
                    if last < 120, run >= 3, !expected { weeklyLimitHeld += 1 }
                    #expect(proposal.change == (expected ? .increase : .hold), "\(today) \(proposal.reasons)")
                }
                if proposal.change == .increase {
                    #expect(proposal.backwardSeconds == last + 15)
                    increases.append((today, 15))
                }
            } else {
                #expect(proposal.change == .start)
            }
            #expect(!proposal.reasons.isEmpty)
            reachedCeiling = reachedCeiling || proposal.backwardSeconds == 120
            // And the walker does it: mostly clean, sometimes an alarm, a symptom, a hard effort or a missed check-in
            var session = clean(today.description, proposal.backwardSeconds)
            switch Int.random(in: 0..<20, using: &random) {
            case 0: session.highestPriority = .medium
            case 1: session.symptomReports = 1
            case 2: session.highestPriority = .high
            case 3: session.effort = EffortRating(value: 14, scale: .borg)
            case 4: session.missedCheckIns = 1
            default: break
            }
            history.append(session)
        }
        // And the year reached the ceiling, and the weekly limit held the walker back at least once
        #expect(reachedCeiling)
        #expect(weeklyLimitHeld > 0)
    }
}

@Suite("Progression settings")
struct ProgressionSettingsTests {
    @Test("the defaults: 15 s steps, +30 s a week, 3 clean sessions, no ceiling; beginner may grow to 120 s")
    func defaults() {
        let settings = ProgressionSettings()
        #expect(settings.maxBackwardSeconds == nil)
        #expect(settings.stepSeconds == 15)
        #expect(settings.maxIncreasePerWeekSeconds == 30)
        #expect(settings.cleanSessionsPerStep == 3)
        #expect(Plan.beginner.progression == ProgressionSettings(maxBackwardSeconds: 120))
    }

    @Test("validation names the key, the value and the allowed range")
    func validation() {
        #expect(ProgressionSettings(maxBackwardSeconds: 120).validate(baseSeconds: 60).isEmpty)
        #expect(
            ProgressionSettings(maxBackwardSeconds: 50, stepSeconds: 0, cleanSessionsPerStep: 11).validate(
                baseSeconds: 60
            ).map(\.description) == [
                "progression.step_s: 0 is out of range; allowed 5...60",
                "progression.clean_sessions: 11 is out of range; allowed 1...10",
                "progression.max_backward_s: 50 is below the plan's backward_s (60); the ceiling must be at "
                    + "least the starting bout length",
            ])
        #expect(
            ProgressionSettings(maxBackwardSeconds: 700).validate(baseSeconds: 60).map(\.description) == [
                "progression.max_backward_s: 700 is out of range; allowed 10...600"
            ])
    }
}
