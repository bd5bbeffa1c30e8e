/// What progression needs to know about one past session of a plan.
///
/// The session store builds these from its `session` rows (and, for sessions recorded before a field was
/// stored, from their timeline events); progression reads them. Both sides share this type, so neither depends
/// on the other.
public struct SessionOutcome: Sendable, Hashable {
    /// The walker's calendar day of the session.
    public var date: CalendarDay
    /// The length of each backward bout, seconds; `nil` when it was not recorded (sessions stored before bout
    /// lengths were: they ran the plan's own length).
    public var backwardSeconds: Int?
    /// Backward bouts planned; `nil` when not recorded.
    public var boutsPlanned: Int?
    /// Backward bouts completed.
    public var boutsCompleted: Int
    /// Whether the session ended early (a safe stop, the walker's "end", an interruption).
    public var endedEarly: Bool
    /// The highest priority of the alarms raised, `nil` when none was.
    public var highestPriority: Priority?
    /// The rule (SAFETY.md id) of the first alarm raised at ``highestPriority``, when known.
    public var highestRule: String?
    /// Symptoms reported (keys, check-in answers, questions); 0 when none.
    public var symptomReports: Int
    /// The kinds of symptom reported, each once, in the order first reported (empty when unknown or none).
    public var symptoms: [Symptom]
    /// Check-ins that got no answer.
    public var missedCheckIns: Int
    /// The effort rating given at the end, if any.
    public var effort: EffortRating?

    /// Creates an outcome; the defaults describe a complete session with nothing to report and no rating.
    public init(
        date: CalendarDay,
        backwardSeconds: Int?,
        boutsPlanned: Int?,
        boutsCompleted: Int,
        endedEarly: Bool = false,
        highestPriority: Priority? = nil,
        highestRule: String? = nil,
        symptomReports: Int = 0,
        symptoms: [Symptom] = [],
        missedCheckIns: Int = 0,
        effort: EffortRating? = nil
    ) {
        self.date = date
        self.backwardSeconds = backwardSeconds
        self.boutsPlanned = boutsPlanned
        self.boutsCompleted = boutsCompleted
        self.endedEarly = endedEarly
        self.highestPriority = highestPriority
        self.highestRule = highestRule
        self.symptomReports = max(symptomReports, symptoms.count)
        self.symptoms = symptoms
        self.missedCheckIns = missedCheckIns
        self.effort = effort
    }

    /// Whether the walker did less than planned: ended early, or completed fewer bouts than planned.
    public var isIncomplete: Bool { endedEarly || boutsPlanned.map { boutsCompleted < $0 } ?? false }
}
