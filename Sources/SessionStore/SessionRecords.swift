public import GRDB
public import RetroWalkCore

/// One stored session.
public struct SessionRecord: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "session"

    /// The session id (assigned on insert).
    public var id: Int64?
    /// Wall-clock start, ISO 8601 (the caller passes it; the store reads no clock).
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

    /// Columns, for queries.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let startedAt = Column(CodingKeys.startedAt)
    }

    /// Creates a record for a session that is starting.
    public init(startedAt: String, source: String, plan: String, audio: String?) {
        self.startedAt = startedAt
        self.source = source
        self.plan = plan
        self.audio = audio
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
