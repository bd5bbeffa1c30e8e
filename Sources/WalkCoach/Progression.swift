public import RetroWalkCore

/// Proposes the backward-bout length of a plan's next session from the plan's stored sessions.
///
/// The rules (the issue's "+15 s per bout (up to +30 s) per week after clean sessions; hold after a medium
/// alarm or a missed check-in; step back after a symptom or a high alarm; a ceiling per plan"), with the
/// defaults of ``ProgressionSettings``:
///
/// - **Start**: no session of the plan yet → the plan's own bout length (its *base*).
/// - The last session decides, and the bout length it used is the current level (kept within base…ceiling):
///   - **Step back** (−15 s, never below the base) after a symptom report or a high-priority alarm.
///   - **Hold** after a medium-priority alarm, a missed check-in, a session cut short without such an alarm
///     (ended early, or fewer bouts than planned), an effort that was not easy, or no effort rating at all.
///   - Otherwise the session was **clean**: no alarm above low, no symptom, all bouts, every check-in answered,
///     effort easy (Borg ≤ 11 or CR10 ≤ 2, see ``EffortRating/intensity``).
/// - **Increase** (+15 s) when the last 3 sessions in a row were clean at the current length (the run starts
///   again after every change of length), unless the plan's ceiling is reached, and at most +30 s within any
///   7 days: the increases between consecutive sessions dated in the 7 days ending on the proposal's day, plus
///   the proposed one, add up to no more than 30 s. With three sessions a week that is +15 s a week; with six
///   or more it is +30 s.
///
/// Deterministic and pure: the caller passes the history and the day the next session is for.
public struct Progression: Sendable, Hashable {
    /// The plan's own bout length, seconds: where progression starts and the floor of a step back.
    public var baseSeconds: Int
    /// Ceiling, step, weekly limit and run length.
    public var settings: ProgressionSettings

    /// Creates a progression for a plan whose bouts are `baseSeconds` long.
    public init(baseSeconds: Int, settings: ProgressionSettings = ProgressionSettings()) {
        self.baseSeconds = baseSeconds
        self.settings = settings
    }

    /// The longest bout proposed: the plan's `max_backward_s`, never below the base.
    public var ceilingSeconds: Int { max(baseSeconds, settings.maxBackwardSeconds ?? baseSeconds) }

    /// What progression proposes for the next session.
    public struct Proposal: Sendable, Hashable {
        /// The kind of change from the last session.
        public enum Change: String, Sendable, Hashable, CaseIterable {
            /// No session yet: the plan's base.
            case start
            /// Longer bouts than last time.
            case increase
            /// The same bouts as last time.
            case hold
            /// Shorter bouts than last time.
            case stepBack = "step_back"
        }

        /// The proposed length of each backward bout, seconds.
        public var backwardSeconds: Int
        /// How it compares with the last session.
        public var change: Change
        /// The bout length of the last session, seconds (`nil` with no session yet).
        public var previousSeconds: Int?
        /// Why, one line per reason, for people.
        public var reasons: [String]

        /// Creates a proposal.
        public init(backwardSeconds: Int, change: Change, previousSeconds: Int?, reasons: [String]) {
            self.backwardSeconds = backwardSeconds
            self.change = change
            self.previousSeconds = previousSeconds
            self.reasons = reasons
        }
    }

    /// How one session counts for progression.
    public struct Assessment: Sendable, Hashable {
        /// What the session calls for.
        public enum Verdict: String, Sendable, Hashable {
            /// Counts towards a step up.
            case clean
            /// Stay at its length.
            case hold
            /// Shorter bouts next time.
            case stepBack = "step_back"
        }

        /// What the session calls for (the most cautious of its causes).
        public var verdict: Verdict
        /// What caused the verdict, for people, each naming the session's day (`Medium alarm R2 on
        /// 2026-11-20`); empty when clean.
        public var causes: [String]
    }

    /// Assesses one session: step back, hold or clean, and why.
    public func assess(_ session: SessionOutcome) -> Assessment {
        let day = session.date.description
        var stepBack: [String] = []
        if session.symptomReports > 0 || !session.symptoms.isEmpty {
            stepBack.append("\(Self.describeSymptoms(session)) reported on \(day)")
        }
        if let priority = session.highestPriority, priority == .high {
            stepBack.append("High alarm\(session.highestRule.map { " " + $0 } ?? "") on \(day)")
        }
        if !stepBack.isEmpty { return Assessment(verdict: .stepBack, causes: stepBack) }

        var hold: [String] = []
        let alarmed = session.highestPriority.map { $0 >= .medium } ?? false
        if alarmed {
            hold.append("Medium alarm\(session.highestRule.map { " " + $0 } ?? "") on \(day)")
        }
        if session.missedCheckIns > 0 {
            let plural = session.missedCheckIns == 1 ? "" : "s"
            hold.append("\(session.missedCheckIns) missed check-in\(plural) on \(day)")
        }
        if session.isIncomplete, !alarmed {
            let bouts = session.boutsPlanned.map { " (\(session.boutsCompleted) of \($0) bouts)" } ?? ""
            hold.append(session.endedEarly ? "Ended early on \(day)\(bouts)" : "Fewer bouts on \(day)\(bouts)")
        }
        if let effort = session.effort {
            if !effort.intensity.isEasy {
                hold.append(
                    "Effort rated \(effort.value) on \(effort.scale.displayName) (\(effort.intensity.rawValue); easy "
                        + "is \(effort.scale.easyLimit) or less) on \(day)"
                )
            }
        } else {
            hold.append("No effort rating on \(day) (an easy rating is needed to progress)")
        }
        return hold.isEmpty ? Assessment(verdict: .clean, causes: []) : Assessment(verdict: .hold, causes: hold)
    }

    /// Proposes the next session's bout length.
    ///
    /// - Parameters:
    ///   - history: the plan's sessions, oldest first (sessions of one day keep their order).
    ///   - today: the day the next session is for; the 7-day limit counts back from it (from the last
    ///     session's day if that is later).
    public func propose(history: [SessionOutcome], on today: CalendarDay) -> Proposal {
        let sessions = history.enumerated()
            .sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }
            .map(\.element)
        guard let last = sessions.last else {
            return Proposal(
                backwardSeconds: baseSeconds, change: .start, previousSeconds: nil,
                reasons: ["No session of this plan yet: start at the plan's \(baseSeconds) s"]
            )
        }
        let previous = length(of: last)
        let ceiling = ceilingSeconds
        let level = min(max(previous, baseSeconds), ceiling)
        var reasons: [String] = []
        if previous > ceiling {
            reasons.append("The last session's \(previous) s is above the plan's ceiling of \(ceiling) s")
        } else if previous < baseSeconds {
            reasons.append("The last session's \(previous) s is below the plan's \(baseSeconds) s")
        }

        var target = level
        let assessment = assess(last)
        switch assessment.verdict {
        case .stepBack:
            target = max(baseSeconds, level - settings.stepSeconds)
            let outcome = target < level ? "back to \(target) s" : "stay at the plan's \(baseSeconds) s"
            reasons += assessment.causes.map { "\($0): \(outcome)" }
        case .hold:
            reasons += assessment.causes.map { "\($0): hold at \(level) s" }
        case .clean:
            let run = Array(
                sessions.reversed().prefix { length(of: $0) == previous && assess($0).verdict == .clean }.reversed())
            let since = run.first?.date.description ?? last.date.description
            let needed = settings.cleanSessionsPerStep
            if level >= ceiling {
                reasons.append("At the plan's ceiling of \(ceiling) s: hold at \(level) s")
            } else if run.count < needed {
                let runText = run.count == 1 ? "1 clean session" : "\(run.count) clean sessions"
                reasons.append(
                    "\(runText) at \(level) s since \(since); \(needed) needed for +\(settings.stepSeconds) s: hold "
                        + "at \(level) s"
                )
            } else {
                let week = weeklyIncrease(sessions, endingOn: max(today, last.date))
                let room = settings.maxIncreasePerWeekSeconds - week.seconds
                let step = min(settings.stepSeconds, room, ceiling - level)
                if step <= 0 {
                    reasons.append(
                        "Already +\(week.seconds) s since \(week.since?.description ?? since) (at most "
                            + "+\(settings.maxIncreasePerWeekSeconds) s in 7 days): hold at \(level) s"
                    )
                } else {
                    target = level + step
                    let limit =
                        target == ceiling
                        ? ", the plan's ceiling"
                        : step < settings.stepSeconds ? ", the most 7 days allow" : ""
                    reasons.append(
                        "\(run.count) clean sessions since \(since) (no alarm above low, no symptom, effort easy): "
                            + "+\(step) s to \(target) s\(limit)"
                    )
                }
            }
        }
        let change: Proposal.Change = target > previous ? .increase : target < previous ? .stepBack : .hold
        return Proposal(backwardSeconds: target, change: change, previousSeconds: previous, reasons: reasons)
    }

    /// The bout length a session used (the base for sessions that did not record it).
    private func length(of session: SessionOutcome) -> Int { session.backwardSeconds ?? baseSeconds }

    /// The increases between consecutive sessions whose later session falls in the 7 days ending on `day`,
    /// and the day of the first of them.
    private func weeklyIncrease(_ sessions: [SessionOutcome], endingOn day: CalendarDay) -> (
        seconds: Int, since: CalendarDay?
    ) {
        let start = day.adding(days: -6)
        var seconds = 0
        var since: CalendarDay?
        for (earlier, later) in zip(sessions, sessions.dropFirst()) where later.date >= start {
            let increase = length(of: later) - length(of: earlier)
            guard increase > 0 else { continue }
            seconds += increase
            since = since ?? later.date
        }
        return (seconds, since)
    }

    private static func describeSymptoms(_ session: SessionOutcome) -> String {
        guard !session.symptoms.isEmpty else {
            return session.symptomReports == 1 ? "A symptom" : "\(session.symptomReports) symptoms"
        }
        let names = session.symptoms.map { symptom in
            switch symptom {
            case .dizzy: "dizziness"
            case .kneePain: "knee pain"
            case .chestPain: "chest pain"
            case .breathless: "breathlessness"
            }
        }
        let text =
            names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}
