public import RetroWalkCore

/// Keeps the link to the strap alive: notices when it is gone, reconnects with bounded backoff, never gives up.
///
/// A pure state machine: the caller reports what the transport and the GATT client saw, with the session time,
/// and performs the returned actions. A link counts as lost on a transport error (end of file, reset,
/// supervision timeout, not connected), on a GATT protocol failure (transaction timeout), on a stall (no
/// notification for ``stallLimit`` seconds while connected), or when discovery does not finish within
/// ``discoveryLimit`` seconds. After a link that streamed, reconnecting starts after ``settleSeconds``; attempts
/// that fail to connect wait 0.5, 1, 2, then 4 s, for as long as the session lasts. A connection that failed before it
/// streamed is retried only after ``lingerSeconds`` at least, so that the kernel has dropped the idle LE link
/// (found on the real stack: an immediate retry reuses a link whose peer is gone, and nothing answers).
///
/// Link events: `connecting` when the first connection starts, `connected` with the first notification,
/// `lost` (with the reason) once per outage, `restored` (with how long it was gone) with the first notification
/// after an outage. A reconnect that delivers nothing is not a restored link.
public struct LinkSupervisor: Sendable {
    /// What the caller must do.
    public enum Action: Sendable, Hashable {
        /// Open a new connection now, then report ``connectSucceeded(at:)`` or ``connectFailed(_:at:)``.
        case connect
        /// Close the current connection (the link is considered lost).
        case teardown
        /// Report a link event.
        case signal(SignalState, reason: String?)
    }

    /// Seconds without a notification, while streaming, that count as a stall.
    public static let stallLimit = 3.0
    /// Waits before the 1st, 2nd, … reconnect attempt; the last value repeats.
    public static let backoff: [Double] = [0, 0.5, 1, 2, 4]
    /// The wait before the first reconnect after a link that streamed.
    public static let settleSeconds = 0.3
    /// Seconds a connection may take from connect to notifications enabled (a strap needs well under one).
    public static let discoveryLimit = 5.0
    /// The least wait after a connection that failed before streaming: Linux keeps an unused LE link for 2 s
    /// (`HCI_DISCONN_TIMEOUT`) before it disconnects, and a new socket within that time rides the old link.
    public static let lingerSeconds = 2.5

    private enum State: Sendable, Hashable {
        case idle
        case connecting(attempt: Int)
        case waiting(until: Double, attempt: Int)
        case discovering(since: Double)
        /// Notifications are enabled; `confirmed` once one has arrived.
        case streaming(lastNotification: Double, confirmed: Bool)
    }

    private var state = State.idle
    private var lostAt: Double?
    private var hasStreamed = false
    /// Connections in a row that failed before their first notification.
    private var failedConnections = 0
    /// Number of outages so far.
    public private(set) var outages = 0

    /// Creates a supervisor that has not connected yet.
    public init() {}

    /// Whether notifications are flowing.
    public var isStreaming: Bool { if case .streaming = state { true } else { false } }

    /// Starts the first connection.
    public mutating func start(at now: Double) -> [Action] {
        guard state == .idle else { return [] }
        state = .connecting(attempt: 0)
        return [.signal(.connecting, reason: nil), .connect]
    }

    /// The transport connected; GATT discovery is under way.
    public mutating func connectSucceeded(at now: Double) -> [Action] {
        state = .discovering(since: now)
        return []
    }

    /// The connection attempt failed; the next one is scheduled.
    public mutating func connectFailed(_ reason: String, at now: Double) -> [Action] {
        guard case .connecting(let attempt) = state else { return [] }
        let next = attempt + 1
        state = .waiting(until: now + Self.delay(beforeAttempt: next), attempt: next)
        return []
    }

    /// Discovery finished and notifications are enabled; the link counts as up with the first notification.
    public mutating func ready(at now: Double) -> [Action] {
        state = .streaming(lastNotification: now, confirmed: false)
        return []
    }

    /// A notification arrived: the first one after (re)connecting reports `connected` or `restored`.
    public mutating func notificationReceived(at now: Double) -> [Action] {
        guard case .streaming(_, let confirmed) = state else { return [] }
        state = .streaming(lastNotification: now, confirmed: true)
        guard !confirmed else { return [] }
        failedConnections = 0
        defer { hasStreamed = true }
        guard hasStreamed else { return [.signal(.connected, reason: nil)] }
        guard let lostAt else { return [] }
        self.lostAt = nil
        let gone = JSONValue.format(now - lostAt, decimals: 1, trim: true)
        return [.signal(.restored, reason: "after \(gone) s")]
    }

    /// The transport or the GATT client failed: tear down, report the loss (once per outage), reconnect at once.
    public mutating func linkFailed(_ reason: String, at now: Double) -> [Action] {
        switch state {
        case .discovering, .streaming:
            var actions: [Action] = [.teardown]
            if lostAt == nil {
                lostAt = now
                outages += 1
                actions.append(.signal(.lost, reason: reason))
            }
            if case .streaming(_, true) = state {
                // The first attempt after a link that streamed waits ``settleSeconds``: a strap that disconnected
                // cleanly (powered off) is still finishing, and a connect in that window reached a peer that was
                // going away (seen in the VM; it left a dead link and upset the kernel).
                state = .waiting(until: now + Self.settleSeconds, attempt: 0)
                return actions
            }
            // This connection never streamed: let the kernel drop the link before the next one.
            failedConnections += 1
            let wait = max(Self.lingerSeconds, Self.delay(beforeAttempt: failedConnections))
            state = .waiting(until: now + wait, attempt: 1)
            return actions
        case .idle, .connecting, .waiting:
            return []
        }
    }

    /// Lets time pass: detects stalls and starts scheduled attempts.
    public mutating func tick(at now: Double) -> [Action] {
        switch state {
        case .streaming(let last, _) where now - last >= Self.stallLimit:
            return linkFailed("no notification for \(Int(Self.stallLimit)) s", at: now)
        case .discovering(let since) where now - since >= Self.discoveryLimit:
            return linkFailed("the strap did not answer discovery within \(Int(Self.discoveryLimit)) s", at: now)
        case .waiting(let until, let attempt) where now >= until:
            state = .connecting(attempt: attempt)
            return [.connect]
        default:
            return []
        }
    }

    /// The wait before reconnect attempt `attempt` (0 is the first).
    public static func delay(beforeAttempt attempt: Int) -> Double { backoff[min(attempt, backoff.count - 1)] }
}
