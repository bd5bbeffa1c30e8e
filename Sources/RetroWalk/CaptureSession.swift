import Logging
import RetroWalkCore
import StrapProtocol
import WalkCoach

/// The capture layer at work: a link to the strap, the GATT client on it and the supervisor that keeps it up.
///
/// ``poll(at:effort:wait:)`` moves the bytes both ways and returns what happened, in order: samples with their
/// arrival time and contact state, link events, the strap's details, the simulator's fault announcements.
/// The session runner and `retrowalk check` both drive it on their own clocks.
final class CaptureSession {
    /// What the capture layer saw.
    enum Event {
        case sample(HeartRateSample)
        case signal(SignalState, reason: String?, time: Double)
        case ready(StrapInfo)
        case battery(UInt8, time: Double)
        case simulatorFault(SessionEvent)
    }

    private let link: CaptureLink
    private let logger: Logger
    private var supervisor = LinkSupervisor()
    private var gatt = GATTClient()
    private var events: [Event] = []

    /// The simulator's scenario, or `nil` for a real strap.
    var scenario: Scenario? { link.scenario }

    /// Opens the link (a real strap connects now, so that failures come before the session starts).
    ///
    /// - Parameter faultStart: for the simulator, when one-off faults start (default: mid bout 2).
    /// - Throws: `CaptureError` for a real strap that cannot be reached.
    init(source: SessionOptions.Source, plan: Plan, seed: UInt64, faultStart: Double? = nil, logger: Logger) throws {
        link = try CaptureLink.open(source, plan: plan, seed: seed, faultStart: faultStart)
        self.logger = logger
    }

    /// Starts connecting.
    func start(at now: Double) -> [Event] {
        perform(supervisor.start(at: now), at: now)
        return drain()
    }

    /// Connects and listens to a walker at rest for `seconds`, on the simulator's virtual clock or in real time
    /// for a strap (what `check` and `rest` do); hands each batch of events to `handle` with its time.
    ///
    /// - Returns: The session time at which listening ended (at or just after `seconds`).
    func listen(for seconds: Double, handle: ([Event], Double) -> Void) -> Double {
        let clock: any SessionClock = scenario == nil ? PacedClock() : VirtualClock()
        handle(start(at: 0), 0)
        while true {
            let now = clock.now()
            if now >= seconds { return now }
            handle(poll(at: now, effort: .rest, wait: clock is VirtualClock ? 0 : SessionRunner.tick), now)
            clock.sleep(untilNextTickAfter: now, tick: SessionRunner.tick)
        }
    }

    /// Moves bytes both ways up to `now`, waiting at most `wait` real seconds for the first PDU of a real strap;
    /// answers to what the client sends arrive within the same call.
    func poll(at now: Double, effort: Effort, wait: Double) -> [Event] {
        if link.isConnecting {
            do {
                if try link.completeConnect() { connected(at: now) }
            } catch {
                logger.info("Strap connect failed", metadata: ["strap.error": "\(error)"])
                perform(supervisor.connectFailed("\(error)", at: now), at: now)
            }
        }
        var wait = wait
        while true {
            do {
                let (pdus, faults) = try link.exchange(at: now, effort: effort, wait: wait)
                events += faults.map(Event.simulatorFault)
                if pdus.isEmpty { break }
                for pdu in pdus {
                    for action in gatt.receive(pdu, at: now) { handle(action, at: now) }
                }
            } catch {
                perform(supervisor.linkFailed("\(error)", at: now), at: now)
                break
            }
            wait = 0
        }
        for action in gatt.tick(at: now) { handle(action, at: now) }
        perform(supervisor.tick(at: now), at: now)
        return drain()
    }

    /// Closes the link.
    func close() { link.teardown() }

    private func drain() -> [Event] {
        defer { events.removeAll() }
        return events
    }

    private func handle(_ action: GATTClient.Action, at time: Double) {
        switch action {
        case .send(let pdu):
            do {
                try link.send(pdu)
            } catch {
                perform(supervisor.linkFailed("\(error)", at: time), at: time)
            }
        case .measurement(let measurement):
            perform(supervisor.notificationReceived(at: time), at: time)
            events.append(.sample(measurement.sample(at: time)))
        case .invalidMeasurement(let message):
            logger.info("Malformed heart-rate notification", metadata: ["strap.error": "\(message)"])
        case .ready(let info):
            logger.info("Strap ready", metadata: ["strap.mtu": "\(info.mtu)"])
            perform(supervisor.ready(at: time), at: time)
            events.append(.ready(info))
        case .battery(let level):
            events.append(.battery(level, time: time))
        case .disconnect(let reason):
            perform(supervisor.linkFailed(reason, at: time), at: time)
        }
    }

    /// The transport is up: a new GATT client starts discovery.
    private func connected(at time: Double) {
        gatt = GATTClient()
        perform(supervisor.connectSucceeded(at: time), at: time)
        for action in gatt.start(at: time) { handle(action, at: time) }
    }

    private func perform(_ actions: [LinkSupervisor.Action], at time: Double) {
        for action in actions {
            switch action {
            case .connect:
                do {
                    if try link.connect(at: time) { connected(at: time) }
                } catch {
                    logger.info("Strap connect failed", metadata: ["strap.error": "\(error)"])
                    perform(supervisor.connectFailed("\(error)", at: time), at: time)
                }
            case .teardown:
                link.teardown()
            case .signal(let signal, let reason):
                events.append(.signal(signal, reason: reason, time: time))
            }
        }
    }
}
