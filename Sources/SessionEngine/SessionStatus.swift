public import RetroWalkCore

/// What a screen or a publisher shows of a session at one moment (``SessionEffect/status(_:)``).
public struct SessionStatus: Sendable, Hashable {
    /// An alarm that is raised and not cleared.
    public struct ActiveAlarm: Sendable, Hashable {
        /// The alert as raised.
        public var alert: Alert
        /// Whether the walker acknowledged it (its sound stopped repeating).
        public var acknowledged: Bool

        /// Creates an active alarm.
        public init(alert: Alert, acknowledged: Bool) {
            self.alert = alert
            self.acknowledged = acknowledged
        }
    }

    /// What the session waits for from the walker.
    public enum Awaiting: String, Sendable, Hashable {
        /// The safe-stop script repeats until acknowledged (A).
        case acknowledge
        /// A check-in question is open (D, K, or any other key for "fine").
        case checkIn = "check_in"
        /// A safe stop was acknowledged: resume (R) or end (E).
        case resumeOrEnd = "resume_or_end"
        /// The effort rating (a number, then Enter).
        case rating
    }

    /// Session time, seconds.
    public var time: Double
    /// The phase.
    public var phase: Phase
    /// The current bout (0 outside bouts) and the plan's bouts (0 without a plan).
    public var bout: Int
    public var bouts: Int
    /// When the current step ends, session seconds (`nil` without a plan or after it).
    public var stepEndsAt: Double?
    /// The displayed heart rate, when the signal is good.
    public var beatsPerMinute: Double?
    /// Where that heart rate falls, when the signal is good.
    public var band: ZoneBand?
    /// The link's state as the walker sees it.
    public var link: LinkState
    /// The strap's last reported skin contact.
    public var contact: Contact?
    /// The strap's battery, percent, when known.
    public var battery: Int?
    /// The alarms raised and not cleared, oldest first.
    public var alarms: [ActiveAlarm]
    /// What the session waits for from the walker, if anything.
    public var awaiting: Awaiting?

    /// Creates a status.
    public init(
        time: Double, phase: Phase, bout: Int, bouts: Int, stepEndsAt: Double?, beatsPerMinute: Double?,
        band: ZoneBand?, link: LinkState, contact: Contact?, battery: Int?, alarms: [ActiveAlarm],
        awaiting: Awaiting?
    ) {
        self.time = time
        self.phase = phase
        self.bout = bout
        self.bouts = bouts
        self.stepEndsAt = stepEndsAt
        self.beatsPerMinute = beatsPerMinute
        self.band = band
        self.link = link
        self.contact = contact
        self.battery = battery
        self.alarms = alarms
        self.awaiting = awaiting
    }
}

/// The link to the strap as the walker sees it.
public enum LinkState: String, Sendable, Hashable {
    /// Not started yet.
    case idle
    /// Connecting for the first time.
    case connecting
    /// Notifications are flowing.
    case up
    /// Lost; the capture layer is reconnecting.
    case lost
    /// The recording ended (replay).
    case ended
}
