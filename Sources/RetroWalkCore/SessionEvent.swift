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
        /// The strap finished discovery: what it told about itself.
        case strap(StrapDetails)
        /// The strap's battery level, percent (read at discovery, then as it notifies).
        case battery(Int)
        /// An output (`sink`: `stdout`, `log`, `view`, …) fell behind and dropped its `dropped` oldest events; it
        /// says so once, when it is writing again. The session itself never waited for it.
        case outputStalled(sink: String, dropped: Int)
        /// The session database stopped (or resumed) recording; the session goes on either way.
        case store(StoreState)
        /// The session was asked to end now (`reason`: `SIGINT`, `SIGTERM`, `quit`): it ends gracefully.
        case stopRequested(reason: String)
        /// Someone watching from elsewhere (the clinic dashboard) acknowledged the alarm or asked for the cool-down.
        case remote(RemoteCommand)
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
        case .strap: "strap"
        case .battery: "battery"
        case .outputStalled: "output"
        case .store: "store"
        case .stopRequested: "stop"
        case .remote: "remote"
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
        case .strap(let strap):
            strap.addFields(to: &object)
        case .battery(let percent):
            object.add("percent", .int(percent))
        case .outputStalled(let sink, let dropped):
            object.add("state", .string("stalled"))
            object.add("sink", .string(sink))
            object.add("dropped", .int(dropped))
        case .store(let state):
            switch state {
            case .failed(let reason):
                object.add("state", .string("failed"))
                object.add("reason", .string(reason))
            case .recovered(let written):
                object.add("state", .string("recovered"))
                object.add("written", .int(written))
            }
        case .stopRequested(let reason):
            object.add("reason", .string(reason))
        case .remote(let command):
            object.add("command", .string(command.action.rawValue))
            object.add("by", .string(command.by))
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
    /// How the session ended.
    public var endState: EndState

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
        rpe: Int? = nil,
        endState: EndState? = nil
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
        self.endState = endState ?? (endedEarly ? .endedEarly : .finished)
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
        object.add("end_state", .string(endState.rawValue))
    }
}

/// How a session ended.
public enum EndState: String, Sendable, Hashable, CaseIterable {
    /// The plan ran to its end (or the recording did).
    case finished
    /// A safe stop, the walker's "end", `--duration`, or fewer bouts than planned.
    case endedEarly = "ended_early"
    /// SIGINT or SIGTERM (or Q) ended it gracefully: everything measured was stored.
    case endedBySignal = "ended_by_signal"
    /// The process died without ending it (found and closed on the next start).
    case interrupted
}

/// The session database's recording state, as the session reports it.
public enum StoreState: Sendable, Hashable {
    /// Writing failed (disk full, read-only, I/O error, queue overflow); the session goes on unrecorded from here
    /// while the store keeps retrying.
    case failed(reason: String)
    /// Writing works again; `written` events that were waiting have been stored.
    case recovered(written: Int)
}

/// What a strap told about itself when discovery finished.
public struct StrapDetails: Sendable, Hashable {
    /// The effective ATT_MTU.
    public var mtu: Int
    /// The battery level, percent, when the strap has a Battery Service.
    public var batteryPercent: Int?
    /// The body sensor location (`chest`, `wrist`, …), when the strap reports one.
    public var bodyLocation: String?
    /// Device Information strings, when the strap has them.
    public var manufacturer: String?
    public var model: String?
    public var firmware: String?

    /// Creates strap details.
    public init(
        mtu: Int, batteryPercent: Int? = nil, bodyLocation: String? = nil, manufacturer: String? = nil,
        model: String? = nil, firmware: String? = nil
    ) {
        self.mtu = mtu
        self.batteryPercent = batteryPercent
        self.bodyLocation = bodyLocation
        self.manufacturer = manufacturer
        self.model = model
        self.firmware = firmware
    }

    func addFields(to object: inout JSONObject) {
        object.add("state", .string("ready"))
        object.add("mtu", .int(mtu))
        object.add("battery", batteryPercent.map { .int($0) } ?? .null)
        object.add("location", bodyLocation.map { .string($0) } ?? .null)
        object.add("manufacturer", manufacturer.map { .string($0) } ?? .null)
        object.add("model", model.map { .string($0) } ?? .null)
        object.add("firmware", firmware.map { .string($0) } ?? .null)
    }
}
