import RetroWalkCore

/// The link's health as the session reports it: one place that decides `connecting`, `connected`, `lost` and
/// `restored`, whether the samples come from a strap or a recording.
///
/// `lost` comes once per outage: from a transport failure the capture layer reports, or from a stall (no
/// notification for ``Session/stallLimit`` seconds while the link was up); `restored` (with how long it was
/// gone) comes with the first notification after it.
struct LinkHealth: Sendable {
    /// A link event for the timeline.
    struct Event: Sendable, Hashable {
        var state: SignalState
        var reason: String?
    }

    private(set) var state = LinkState.idle
    private var lastSample: Double?
    private var lostAt: Double?

    /// The capture layer started connecting.
    mutating func connecting() -> Event? {
        guard state == .idle else { return nil }
        state = .connecting
        return Event(state: .connecting)
    }

    /// A notification arrived at `time`.
    mutating func sample(at time: Double) -> Event? {
        lastSample = time
        switch state {
        case .idle, .connecting:
            state = .up
            return Event(state: .connected)
        case .lost:
            state = .up
            let gone = lostAt.map { JSONValue.format(time - $0, decimals: 1, trim: true) } ?? "?"
            lostAt = nil
            return Event(state: .restored, reason: "after \(gone) s")
        case .up, .ended:
            return nil
        }
    }

    /// The transport failed.
    mutating func failed(_ reason: String, at time: Double) -> Event? {
        guard state == .up || state == .connecting else { return nil }
        state = .lost
        lostAt = time
        return Event(state: .lost, reason: reason)
    }

    /// Time passed: a link that is up but silent for ``Session/stallLimit`` is lost.
    mutating func tick(at time: Double) -> Event? {
        guard state == .up, let lastSample, time - lastSample >= Session.stallLimit else { return nil }
        return failed("no notification for \(Int(Session.stallLimit)) s", at: time)
    }

    /// The recording ended: silence from now on is not a lost link.
    mutating func end() { state = .ended }
}
