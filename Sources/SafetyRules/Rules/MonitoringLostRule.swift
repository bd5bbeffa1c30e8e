public import RetroWalkCore

/// S2, monitoring lost: the link has been down, or the strap silent, for ≥ `s2.link_s` (10 s), or S1's poor-signal
/// condition has held for ≥ `s2.contact_s` (15 s): a medium "Heart monitor lost. Please stop walking.". It clears
/// as soon as the link is up, data flow and the signal is no longer poor (SAFETY.md, section C).
public struct MonitoringLostRule: Sendable {
    /// The rule id.
    public static let id = "S2"
    /// Spoken message (phrase key `alarm_s2`).
    public static let text = "Heart monitor lost. Please stop walking."
    /// The alert's message.
    public static let message = RuleMessage(rule: id, priority: .medium, phrase: "alarm_s2", text: text)

    private let linkLossPersistence: Double
    private let poorSignalPersistence: Double
    private var linkDownSince: Double?
    private var lastData: Double?
    private var poorSince: Double?
    /// Whether the alarm is raised.
    public private(set) var isRaised = false

    /// Creates the rule; `linkDownAt` is when monitoring starts without a link (the session start).
    public init(settings: RuleSettings = .defaults, linkDownAt start: Double? = 0) {
        linkLossPersistence = settings.s2LinkSeconds
        poorSignalPersistence = settings.s2ContactSeconds
        linkDownSince = start
    }

    /// Takes a link event (contact events are ignored: the poor-signal input covers contact).
    public mutating func receive(signal state: SignalState, at now: Double) -> Alert? {
        noteLink(state, at: now)
        return evaluate(at: now)
    }

    /// Takes a notification: data are flowing.
    public mutating func receive(_ sample: HeartRateSample) -> Alert? {
        noteData(at: sample.time)
        return evaluate(at: sample.time)
    }

    /// Notes that data flow at `time` without evaluating (the engine evaluates once per call).
    public mutating func noteData(at time: Double) {
        linkDownSince = nil
        lastData = time
    }

    /// Notes a link event without evaluating.
    public mutating func noteLink(_ state: SignalState, at now: Double) {
        switch state {
        case .lost, .connecting:
            if linkDownSince == nil { linkDownSince = now }
        case .connected, .restored:
            linkDownSince = nil
            lastData = now
        case .contactLost, .contactRestored:
            break
        }
    }

    /// Takes S1's condition (no contact or too few valid beats, while data flow) at `now`.
    public mutating func notePoorSignal(_ isPoor: Bool, at now: Double) {
        if isPoor {
            if poorSince == nil { poorSince = now }
        } else {
            poorSince = nil
        }
    }

    /// Checks persistence at `now`.
    public mutating func evaluate(at now: Double) -> Alert? {
        let linkDown = linkDownSince.map { now - $0 + timeTolerance >= linkLossPersistence } ?? false
        let silent = lastData.map { now - $0 + timeTolerance >= linkLossPersistence } ?? false
        let poor = poorSince.map { now - $0 + timeTolerance >= poorSignalPersistence } ?? false
        if !isRaised {
            guard linkDown || silent || poor else { return nil }
            isRaised = true
            return Self.message.alert(.raised)
        }
        guard linkDownSince == nil, poorSince == nil, !silent else { return nil }
        isRaised = false
        return Self.message.alert(.cleared)
    }
}
