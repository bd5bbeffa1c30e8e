/// Keeps the connection to the strap alive: reconnects with bounded backoff, never gives up.
///
/// A pure state machine: the caller reports what the transport and the GATT client saw, with the session time,
/// and performs the returned actions. It judges connection *attempts*: a connect that fails, a discovery that does
/// not finish within ``discoveryLimit``, a connection whose notifications never start within
/// ``firstNotificationLimit`` of being enabled. Whether a link that streamed has stalled, and what the walker is
/// told about the link (`connected`, `lost`, `restored`), is the session's call (SessionEngine's `Session`): it
/// reports a stall here as ``linkFailed(_:at:)``.
///
/// After a link that streamed, reconnecting starts after ``settleSeconds``; attempts that fail to connect wait
/// 0.5, then 1 s, for as long as the session lasts: a strap that comes back is streaming again within 2 s. A
/// retry a second is cheap: a connect to a strap that is away fails at once only when the adapter refuses it;
/// on the real stack it stays pending in the kernel until the strap advertises or the connect times out. A connection that failed before it streamed is retried
/// only after ``lingerSeconds`` at least, so that the kernel has dropped the idle LE link (found on the real
/// stack: an immediate retry reuses a link whose peer is gone, and nothing answers).
public struct LinkSupervisor: Sendable {
    /// What the caller must do.
    public enum Action: Sendable, Hashable {
        /// Open a new connection now, then report ``connectSucceeded(at:)`` or ``connectFailed(_:at:)``.
        case connect
        /// Close the current connection: it failed for `reason` (reported to the session as a link failure).
        case teardown(reason: String)
    }

    /// Waits before the 1st, 2nd, … reconnect attempt; the last value repeats.
    public static let backoff: [Double] = [0, 0.5, 1]
    /// The wait before the first reconnect after a link that streamed.
    public static let settleSeconds = 0.3
    /// Seconds a connection may take from connect to notifications enabled (a strap needs well under one).
    public static let discoveryLimit = 5.0
    /// Seconds a connection may take from notifications enabled to the first notification (straps send one a
    /// second).
    public static let firstNotificationLimit = 3.0
    /// The least wait after a connection that failed before streaming: Linux keeps an unused LE link for 2 s
    /// (`HCI_DISCONN_TIMEOUT`) before it disconnects, and a new socket within that time rides the old link.
    public static let lingerSeconds = 2.5

    private enum State: Sendable, Hashable {
        case idle
        case connecting(attempt: Int)
        case waiting(until: Double, attempt: Int)
        case discovering(since: Double)
        /// Notifications are enabled; `confirmed` once one has arrived.
        case streaming(since: Double, confirmed: Bool)
    }

    private var state = State.idle
    /// Connections in a row that failed before their first notification.
    private var failedConnections = 0

    /// Creates a supervisor that has not connected yet.
    public init() {}

    /// Whether notifications are enabled on the current connection.
    public var isStreaming: Bool { if case .streaming = state { true } else { false } }

    /// Starts the first connection.
    public mutating func start(at now: Double) -> [Action] {
        guard state == .idle else { return [] }
        state = .connecting(attempt: 0)
        return [.connect]
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

    /// Discovery finished and notifications are enabled; the connection counts with its first notification.
    public mutating func ready(at now: Double) -> [Action] {
        state = .streaming(since: now, confirmed: false)
        return []
    }

    /// A notification arrived: the first one confirms the connection.
    public mutating func notificationReceived(at now: Double) -> [Action] {
        guard case .streaming(let since, false) = state else { return [] }
        state = .streaming(since: since, confirmed: true)
        failedConnections = 0
        return []
    }

    /// The transport or the GATT client failed, or the session saw the link stall: tear down and reconnect.
    public mutating func linkFailed(_ reason: String, at now: Double) -> [Action] {
        switch state {
        case .streaming(_, true):
            // The first attempt after a link that streamed waits ``settleSeconds``: a strap that disconnected
            // cleanly (powered off) is still finishing, and a connect in that window reached a peer that was
            // going away (seen in the VM; it left a dead link and upset the kernel).
            state = .waiting(until: now + Self.settleSeconds, attempt: 0)
            return [.teardown(reason: reason)]
        case .discovering, .streaming:
            // This connection never streamed: let the kernel drop the link before the next one.
            failedConnections += 1
            let wait = max(Self.lingerSeconds, Self.delay(beforeAttempt: failedConnections))
            state = .waiting(until: now + wait, attempt: 1)
            return [.teardown(reason: reason)]
        case .idle, .connecting, .waiting:
            return []
        }
    }

    /// Lets time pass: gives up on attempts that do not get going and starts scheduled attempts.
    public mutating func tick(at now: Double) -> [Action] {
        switch state {
        case .streaming(let since, false) where now - since >= Self.firstNotificationLimit:
            return linkFailed("no notification within \(Int(Self.firstNotificationLimit)) s of enabling them", at: now)
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
