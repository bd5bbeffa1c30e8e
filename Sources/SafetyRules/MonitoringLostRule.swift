public import RetroWalkCore

/// S2, monitoring lost: the strap has been disconnected or silent for ≥ 10 s, or without skin contact for
/// ≥ 15 s, while the walker is on the move. Medium priority; clears as soon as samples with contact flow again
/// (SAFETY.md, section C: "S1 for ≥ 15 s, or BLE disconnected for ≥ 10 s").
public struct MonitoringLostRule: Sendable, Hashable {
    /// The rule id.
    public static let id = "S2"
    /// Spoken message (phrase key `alarm_s2`).
    public static let text = "Heart monitor lost. Please stop walking."

    /// Seconds of link loss before the alarm.
    public var linkLossPersistence: Double = 10
    /// Seconds without contact before the alarm.
    public var contactLossPersistence: Double = 15

    private var linkDownSince: Double?
    private var contactLostSince: Double?
    /// Whether the alarm is raised.
    public private(set) var isRaised = false

    /// Creates the rule; `linkDownAt` is when monitoring starts without a link (the session start).
    public init(linkDownAt start: Double? = 0) { linkDownSince = start }

    /// Takes a link event.
    public mutating func receive(signal state: SignalState, at now: Double) -> Alert? {
        switch state {
        case .lost, .connecting:
            if linkDownSince == nil { linkDownSince = now }
        case .contactLost:
            if contactLostSince == nil { contactLostSince = now }
        case .connected, .restored:
            linkDownSince = nil
        case .contactRestored:
            contactLostSince = nil
        }
        return evaluate(at: now)
    }

    /// Takes a sample: data is flowing; contact as the strap says ("unsupported" is never "no contact").
    public mutating func receive(_ sample: HeartRateSample) -> Alert? {
        linkDownSince = nil
        switch sample.contact {
        case .notDetected: if contactLostSince == nil { contactLostSince = sample.time }
        case .detected, .unsupported: contactLostSince = nil
        }
        return evaluate(at: sample.time)
    }

    /// Checks persistence at `now`.
    public mutating func evaluate(at now: Double) -> Alert? {
        let linkLost = linkDownSince.map { now - $0 >= linkLossPersistence } ?? false
        let contactLost = contactLostSince.map { now - $0 >= contactLossPersistence } ?? false
        let lost = linkLost || contactLost
        guard lost != isRaised else { return nil }
        if !lost, linkDownSince != nil || contactLostSince != nil { return nil }
        isRaised = lost
        return Alert(
            rule: Self.id,
            priority: .medium,
            change: lost ? .raised : .cleared,
            phrase: "alarm_s2",
            text: Self.text
        )
    }
}
