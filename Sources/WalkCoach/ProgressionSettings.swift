/// How a plan's backward bouts grow from session to session: the `progression:` section of a plan file.
///
/// ```yaml
/// progression:
///   max_backward_s: 120          # the ceiling: bouts never get longer than this
///   step_s: 15                   # one step up or back
///   max_increase_per_week_s: 30  # at most this much longer within any 7 days
///   clean_sessions: 3            # clean sessions in a row at one length before a step up
/// ```
///
/// Without `max_backward_s` the plan has no room to grow: its ceiling is its own bout length.
public struct ProgressionSettings: Sendable, Hashable {
    /// The ceiling: the longest backward bout the plan allows, seconds; `nil` for the plan's own length.
    public var maxBackwardSeconds: Int?
    /// One step up or back, seconds.
    public var stepSeconds: Int
    /// The most the bouts may grow within any 7 days, seconds.
    public var maxIncreasePerWeekSeconds: Int
    /// Clean sessions in a row at the same bout length before a step up.
    public var cleanSessionsPerStep: Int

    /// Creates settings; the defaults are the issue's "+15 s per bout (up to +30 s) per week after clean
    /// sessions": 15 s steps, at most 30 s in 7 days, 3 clean sessions (about one week of three sessions) per
    /// step.
    public init(
        maxBackwardSeconds: Int? = nil,
        stepSeconds: Int = 15,
        maxIncreasePerWeekSeconds: Int = 30,
        cleanSessionsPerStep: Int = 3
    ) {
        self.maxBackwardSeconds = maxBackwardSeconds
        self.stepSeconds = stepSeconds
        self.maxIncreasePerWeekSeconds = maxIncreasePerWeekSeconds
        self.cleanSessionsPerStep = cleanSessionsPerStep
    }

    /// The allowed range of each field (the ceiling has the range of a plan's `backward_s`, and must not be
    /// below the plan's own bout length).
    public static let limits: [(key: String, range: ClosedRange<Int>)] = [
        ("max_backward_s", 10...600),
        ("step_s", 5...60),
        ("max_increase_per_week_s", 0...120),
        ("clean_sessions", 1...10),
    ]

    /// Problems with the settings for a plan whose bouts are `baseSeconds` long, one line each, keys prefixed
    /// with `progression.` (empty when valid).
    public func validate(baseSeconds: Int) -> [Plan.Problem] {
        var problems: [Plan.Problem] = []
        let values: [String: Int?] = [
            "max_backward_s": maxBackwardSeconds,
            "step_s": stepSeconds,
            "max_increase_per_week_s": maxIncreasePerWeekSeconds,
            "clean_sessions": cleanSessionsPerStep,
        ]
        for limit in Self.limits {
            guard let value = values[limit.key] ?? nil, !limit.range.contains(value) else { continue }
            problems.append(
                Plan.Problem(
                    "progression.\(limit.key)",
                    "\(value) is out of range; allowed \(limit.range.lowerBound)...\(limit.range.upperBound)"))
        }
        if let ceiling = maxBackwardSeconds, ceiling < baseSeconds {
            problems.append(
                Plan.Problem(
                    "progression.max_backward_s",
                    "\(ceiling) is below the plan's backward_s (\(baseSeconds)); the ceiling must be at least the "
                        + "starting bout length"))
        }
        return problems
    }
}
