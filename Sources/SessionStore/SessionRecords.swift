public import GRDB
public import RetroWalkCore

/// One stored session.
public struct SessionRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "session"

    /// The session id (assigned on insert).
    public var id: Int64?
    /// Wall-clock start, ISO 8601, local time with its offset (the caller passes it; the store reads no clock).
    public var startedAt: String
    /// Where the samples came from: `simulate:steady`, `strap:AA:BB:…`, `replay:FILE`.
    public var source: String
    /// The plan's name.
    public var plan: String
    /// Session length in seconds, once finished.
    public var durationSeconds: Double?
    /// Samples received, once finished.
    public var samples: Int?
    /// Highest HR, once finished.
    public var maxBPM: Int?
    /// Backward bouts completed, once finished.
    public var boutsCompleted: Int?
    /// Whether a safe stop or an interruption ended it early.
    public var endedEarly: Bool?
    /// Where the audio went (`alsa:default`, `wav:/path`).
    public var audio: String?
    /// The length of each backward bout the session ran, seconds (set at start; `nil` before migration v2).
    public var backwardSeconds: Int?
    /// Backward bouts planned (set at start; `nil` before migration v2).
    public var boutsPlanned: Int?
    /// The highest priority of the alarms raised (`info`, `low`, `medium`, `high`), once finished; `nil` when
    /// none was raised or the session was stored before migration v2.
    public var highestPriority: String?
    /// The rule of the first alarm raised at ``highestPriority``.
    public var highestRule: String?
    /// Symptom reports, once finished.
    public var symptoms: Int?
    /// The kinds of symptom reported, each once, in order, comma-separated (`dizzy,knee_pain`), once finished.
    public var symptomKinds: String?
    /// Check-ins that got no answer, once finished.
    public var missedCheckIns: Int?
    /// The effort rating given at the end (on ``rpeScale``), if any.
    public var rpe: Int?
    /// The scale of ``rpe``: `borg` (6–20) or `cr10` (0–10).
    public var rpeScale: String?
    /// How the session ended (a ``SessionEndState`` raw value); `nil` while it runs, and for a session that
    /// stopped without an end until the next start closes it as `interrupted`.
    public var endState: String?
    /// Wall-clock end, ISO 8601 with the start's offset: the start plus the duration.
    public var endedAt: String?
    /// The training zone in force at the start, bpm (migration v3; `nil` before).
    public var zoneLowerBPM: Double?
    /// The training zone's upper bound, bpm.
    public var zoneUpperBPM: Double?
    /// The ceiling of rule R2, bpm.
    public var ceilingBPM: Double?
    /// The hard ceiling of rule R3, bpm.
    public var hardCeilingBPM: Double?
    /// HRmax in force (clinician's or estimated), bpm.
    public var maxHeartRateBPM: Double?
    /// Where HRmax came from (`clinician`, `tanaka`, `gulati`, `brawner`).
    public var maxHeartRateSource: String?
    /// Resting heart rate in force, bpm.
    public var restingBPM: Int?
    /// The walker's age in years at the start (energy estimates).
    public var age: Int?
    /// The walker's sex (`male`, `female`; energy estimates).
    public var sex: String?
    /// The walker's body mass in kg, when the profile had it (energy estimates).
    public var massKg: Double?
    /// Whether the walker took a β-blocker.
    public var betaBlocker: Bool?
    /// The plan's backward speed, km/h, when it gives one (energy estimates).
    public var backwardSpeedKmh: Double?
    /// The plan's forward (recovery) speed, km/h, when it gives one.
    public var forwardSpeedKmh: Double?
    /// The plan's backward incline, percent, when it gives one.
    public var backwardInclinePercent: Double?

    /// Columns, for queries.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let startedAt = Column(CodingKeys.startedAt)
        public static let plan = Column(CodingKeys.plan)
        public static let source = Column(CodingKeys.source)
        public static let endState = Column(CodingKeys.endState)
    }

    /// Whether the samples came from the simulated strap (source `simulate:…`).
    public var isSimulated: Bool { source.hasPrefix("simulate:") }

    /// How the session ended: the stored end state, or for a session stored before end states were (migration
    /// v3), the one its summary implies; `nil` while it runs or until it is closed as interrupted.
    public var end: SessionEndState? {
        if let endState { return SessionEndState(rawValue: endState) }
        guard durationSeconds != nil, let endedEarly else { return nil }
        return endedEarly ? .endedEarly : .finished
    }

    /// Creates a record for a session that is starting.
    ///
    /// - Parameters:
    ///   - startedAt: the local start time, ISO 8601 with its offset (`2026-11-14T10:00:00+01:00`): its date part
    ///     is the walker's day of the session, which progression counts in.
    ///   - backwardSeconds: the length of each backward bout this session runs.
    ///   - boutsPlanned: the number of backward bouts this session runs.
    public init(
        startedAt: String,
        source: String,
        plan: String,
        audio: String?,
        backwardSeconds: Int? = nil,
        boutsPlanned: Int? = nil
    ) {
        self.startedAt = startedAt
        self.source = source
        self.plan = plan
        self.audio = audio
        self.backwardSeconds = backwardSeconds
        self.boutsPlanned = boutsPlanned
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One stored notification.
public struct SampleRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "sample"

    public var id: Int64?
    public var sessionId: Int64
    /// Arrival time, seconds since the session started.
    public var t: Double
    public var bpm: Int
    /// `unsupported`, `not_detected` or `detected`.
    public var contact: String
    public var energyKJ: Int?
    /// RR intervals in 1/1024 s, space-separated, oldest first.
    public var rr: String

    /// Creates a record from a sample.
    public init(sessionId: Int64, sample: HeartRateSample) {
        self.sessionId = sessionId
        t = sample.time
        bpm = Int(sample.beatsPerMinute)
        contact = sample.contact.name
        energyKJ = sample.energyKilojoules.map(Int.init)
        rr = sample.rrIntervals.map(String.init).joined(separator: " ")
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One stored timeline event (phase, cue, alarm, clear, signal, sim, summary) as its JSON line.
public struct EventRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "event"

    public var id: Int64?
    public var sessionId: Int64
    public var t: Double
    /// The `event` name of the JSON stream.
    public var kind: String
    /// The event as its JSON line.
    public var json: String

    /// Creates a record from an event.
    public init(sessionId: Int64, event: SessionEvent) {
        self.sessionId = sessionId
        t = event.time
        kind = event.name
        json = event.jsonLine
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
