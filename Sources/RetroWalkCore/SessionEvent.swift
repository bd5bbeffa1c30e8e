/// One entry of a session's timeline: what the engine saw, decided or said, at a session time.
///
/// This is the stable schema of `retrowalk walk --json` and `retrowalk replay --json` (see README, "Event
/// stream"). Every later feature extends it by adding kinds or keys, never by renaming.
public struct SessionEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        /// The plan entered a phase; `bout` counts backward bouts from 1 (0 outside them), `of` is their total.
        case phase(Phase, bout: Int, of: Int)
        /// The coach spoke a cue.
        case cue(Cue)
        /// A rule raised or cleared an alert.
        case alert(Alert)
        /// The link to the strap changed state.
        case signal(SignalState, reason: String?)
        /// A Heart Rate Measurement arrived.
        case sample(HeartRateSample)
        /// The simulator injected a fault (or ended one).
        case simulatorFault(String)
        /// The audio device failed: alarms cannot be heard until it is back (they still show on screen).
        case audioFault(String)
        /// The walker reported a symptom (a key, a check-in answer or a U2 question); `source` says which:
        /// `key`, `checkin` or `question`.
        case symptom(Symptom, source: String)
        /// A check-in after bout `bout` was answered (or missed).
        case checkIn(CheckInAnswer, bout: Int)
        /// The walker pressed a key that is not a symptom (acknowledge, resume, end, heart rate, repeat, stop).
        case user(UserAction)
        /// The walker rated their effort (`scale` is `borg` for 6–20 or `cr10` for 0–10).
        case rpe(Int, scale: String)
        /// The session's closing summary.
        case summary(SessionSummary)
    }

    /// Seconds since the session started, on the session clock.
    public var time: Double
    /// What happened.
    public var kind: Kind

    /// Creates an event.
    public init(time: Double, kind: Kind) {
        self.time = time
        self.kind = kind
    }

    /// The `event` name in the JSON stream.
    public var name: String {
        switch kind {
        case .phase: "phase"
        case .cue: "cue"
        case .alert(let alert):
            switch alert.change {
            case .raised where alert.priority == .info: "prompt"
            case .raised: "alarm"
            case .cleared: "clear"
            case .acknowledged: "ack"
            }
        case .signal: "signal"
        case .sample: "sample"
        case .simulatorFault: "sim"
        case .audioFault: "audio"
        case .symptom: "symptom"
        case .checkIn: "checkin"
        case .user: "user"
        case .rpe: "rpe"
        case .summary: "summary"
        }
    }

    /// The event as one line of JSON, keys in a fixed order (`t`, `event`, then the kind's keys).
    public var jsonLine: String {
        var object = JSONObject()
        object.add("t", .fixed(time, decimals: 2, trim: true))
        object.add("event", .string(name))
        switch kind {
        case .phase(let phase, let bout, let of):
            object.add("phase", .string(phase.rawValue))
            object.add("bout", .int(bout))
            object.add("of", .int(of))
        case .cue(let cue):
            object.add("cue", .string(cue.id))
            object.add("text", .string(cue.text))
        case .alert(let alert):
            object.add("rule", .string(alert.rule))
            object.add("priority", .string(alert.priority.rawValue))
            object.add("text", .string(alert.text))
        case .signal(let state, let reason):
            object.add("state", .string(state.rawValue))
            if let reason { object.add("reason", .string(reason)) }
        case .sample(let sample):
            object.add("bpm", .int(Int(sample.beatsPerMinute)))
            object.add("contact", .string(sample.contact.name))
            object.add("energy_kj", sample.energyKilojoules.map { .int(Int($0)) } ?? .null)
            object.add("rr", .array(sample.rrIntervals.map { .int(Int($0)) }))
        case .simulatorFault(let fault):
            object.add("fault", .string(fault))
        case .audioFault(let reason):
            object.add("state", .string("fault"))
            object.add("reason", .string(reason))
        case .symptom(let symptom, let source):
            object.add("symptom", .string(symptom.rawValue))
            object.add("source", .string(source))
        case .checkIn(let answer, let bout):
            object.add("answer", .string(answer.rawValue))
            object.add("bout", .int(bout))
        case .user(let action):
            object.add("action", .string(action.rawValue))
        case .rpe(let value, let scale):
            object.add("value", .int(value))
            object.add("scale", .string(scale))
        case .summary(let summary):
            summary.addFields(to: &object)
        }
        return object.rendered
    }
}

/// The closing summary of a session.
public struct SessionSummary: Sendable, Hashable {
    /// Session length in seconds.
    public var duration: Double
    /// Number of samples received.
    public var samples: Int
    /// Highest reported heart rate, if any sample arrived.
    public var maxBPM: Int?
    /// Alarms raised per rule id.
    public var alarmsPerRule: [String: Int]
    /// Backward bouts completed.
    public var boutsCompleted: Int
    /// Whether the session ended early (safe stop or interruption).
    public var endedEarly: Bool
    /// Seconds spent in each heart-rate band (`below`, `zone`, `above`, `ceiling`, `hard_ceiling`, `unknown`).
    public var timeInZones: [String: Double]
    /// Symptoms reported (keys and check-in answers).
    public var symptoms: Int
    /// Check-ins that got no answer.
    public var missedCheckIns: Int
    /// The effort rating given at the end, if any.
    public var rpe: Int?

    /// Creates a summary.
    public init(
        duration: Double,
        samples: Int,
        maxBPM: Int?,
        alarmsPerRule: [String: Int],
        boutsCompleted: Int,
        endedEarly: Bool,
        timeInZones: [String: Double] = [:],
        symptoms: Int = 0,
        missedCheckIns: Int = 0,
        rpe: Int? = nil
    ) {
        self.duration = duration
        self.samples = samples
        self.maxBPM = maxBPM
        self.alarmsPerRule = alarmsPerRule
        self.boutsCompleted = boutsCompleted
        self.endedEarly = endedEarly
        self.timeInZones = timeInZones
        self.symptoms = symptoms
        self.missedCheckIns = missedCheckIns
        self.rpe = rpe
    }

    func addFields(to object: inout JSONObject) {
        object.add("duration_s", .fixed(duration, decimals: 1, trim: false))
        object.add("samples", .int(samples))
        object.add("max_bpm", maxBPM.map { .int($0) } ?? .null)
        var alarms = JSONObject()
        for rule in alarmsPerRule.keys.sorted() { alarms.add(rule, .int(alarmsPerRule[rule] ?? 0)) }
        object.add("alarms", .object(alarms))
        object.add("bouts_completed", .int(boutsCompleted))
        object.add("ended_early", .bool(endedEarly))
        var zones = JSONObject()
        for zone in timeInZones.keys.sorted() {
            zones.add(zone, .fixed(timeInZones[zone] ?? 0, decimals: 1, trim: false))
        }
        object.add("time_in_zones_s", .object(zones))
        object.add("symptoms", .int(symptoms))
        object.add("missed_checkins", .int(missedCheckIns))
        object.add("rpe", rpe.map { .int($0) } ?? .null)
    }
}
