/// One stored timeline event, read back from its JSON line (the schema of `walk --json`; README, "Event stream").
///
/// Only the keys the reports use are read; unknown keys are ignored, so that events of later versions still read.
public struct TimelineEvent: Sendable, Hashable, Decodable {
    /// Seconds since the session started.
    public var t: Double
    /// The `event` name: `phase`, `alarm`, `clear`, `symptom`, `checkin`, `signal`, `rpe`, …
    public var event: String
    public var phase: String?
    public var bout: Int?
    public var of: Int?
    public var rule: String?
    public var priority: String?
    public var text: String?
    public var state: String?
    public var reason: String?
    public var symptom: String?
    public var source: String?
    public var answer: String?
    public var value: Int?
    public var scale: String?
    public var action: String?

    /// Creates an event (tests; the store decodes them from JSON).
    public init(
        t: Double, event: String, phase: String? = nil, bout: Int? = nil, of: Int? = nil, rule: String? = nil,
        priority: String? = nil, text: String? = nil, state: String? = nil, reason: String? = nil,
        symptom: String? = nil, source: String? = nil, answer: String? = nil, value: Int? = nil,
        scale: String? = nil, action: String? = nil
    ) {
        self.t = t
        self.event = event
        self.phase = phase
        self.bout = bout
        self.of = of
        self.rule = rule
        self.priority = priority
        self.text = text
        self.state = state
        self.reason = reason
        self.symptom = symptom
        self.source = source
        self.answer = answer
        self.value = value
        self.scale = scale
        self.action = action
    }

    enum CodingKeys: String, CodingKey {
        case t, event, phase, bout, of, rule, priority, text, state, reason, symptom, source, answer, value, scale
        case action
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        t = try c.decode(Double.self, forKey: .t)
        event = try c.decode(String.self, forKey: .event)
        phase = try c.decodeIfPresent(String.self, forKey: .phase)
        bout = try c.decodeIfPresent(Int.self, forKey: .bout)
        of = try c.decodeIfPresent(Int.self, forKey: .of)
        rule = try c.decodeIfPresent(String.self, forKey: .rule)
        priority = try c.decodeIfPresent(String.self, forKey: .priority)
        text = try c.decodeIfPresent(String.self, forKey: .text)
        state = try c.decodeIfPresent(String.self, forKey: .state)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        symptom = try c.decodeIfPresent(String.self, forKey: .symptom)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        answer = try c.decodeIfPresent(String.self, forKey: .answer)
        // `value` is the rpe event's whole number; other kinds do not have it.
        value = try? c.decodeIfPresent(Int.self, forKey: .value)
        scale = try c.decodeIfPresent(String.self, forKey: .scale)
        action = try c.decodeIfPresent(String.self, forKey: .action)
    }
}
