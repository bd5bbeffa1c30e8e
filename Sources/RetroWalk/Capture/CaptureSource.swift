import Logging
import RetroWalkCore
import SessionEngine
import StrapProtocol
import WalkCoach

/// Where a session's readings come from: a strap (real or simulated) or a recording. The session driver asks it
/// for what arrived, stamped with the session clock.
protocol SessionSource: AnyObject {
    /// Descriptors the driver waits on, besides its own wake-up: a real strap's socket. Empty when readings only
    /// arrive when the driver asks (the simulator, a recording).
    var descriptors: [Int32] { get }
    /// When the source next has a reading of its own accord (a recording's next line), or `nil`.
    var nextDue: Duration? { get }
    /// Starts (connects); what happened, stamped.
    func start(clock: any SessionClock) -> [(SessionInput, Duration)]
    /// What arrived by now, each stamped with its arrival time; `phase` and `bout` drive a simulated walker's heart.
    func poll(clock: any SessionClock, phase: Phase, bout: Int) -> [(SessionInput, Duration)]
    /// The session saw the link stall: reconnect.
    func restart(reason: String, clock: any SessionClock) -> [(SessionInput, Duration)]
    /// Closes the link.
    func close()
}

/// The capture layer at work: a link to the strap, the GATT client on it and the supervisor that keeps it up.
///
/// Each ``poll(clock:phase:bout:)`` moves the bytes both ways and returns what happened, in order, each stamped
/// when it arrived: samples, link failures, the strap's details and battery, the simulator's fault announcements.
/// Whether the link is lost or restored for the walker is the session's call.
final class CaptureSource: SessionSource {
    private let link: CaptureLink
    private let logger: Logger
    private var supervisor = LinkSupervisor()
    private var gatt = GATTClient()
    private var out: [(SessionInput, Duration)] = []
    private var stamp = Duration.zero
    private let atRest: Bool

    /// The simulator's scenario, or `nil` for a real strap.
    var scenario: Scenario? { link.scenario }

    /// Opens the link (a real strap connects now, so that failures come before the session starts).
    ///
    /// - Parameters:
    ///   - faultStart: for the simulator, when one-off faults start (default: mid bout 2).
    ///   - atRest: whether the walker stands still (`check`, `rest`): the simulated heart rests whatever the phase.
    /// - Throws: `CaptureError` for a real strap that cannot be reached.
    init(
        source: SessionOptions.Source, plan: Plan, seed: UInt64, faultStart: Double? = nil, atRest: Bool = false,
        logger: Logger
    ) throws {
        link = try CaptureLink.open(source, plan: plan, seed: seed, faultStart: faultStart)
        self.atRest = atRest
        self.logger = logger
    }

    var descriptors: [Int32] { link.waitDescriptor.map { [$0] } ?? [] }

    var nextDue: Duration? { nil }

    func start(clock: any SessionClock) -> [(SessionInput, Duration)] {
        stamp = clock.now
        out.append((.linkConnecting, stamp))
        perform(supervisor.start(at: stamp.inSeconds))
        return drain()
    }

    func poll(clock: any SessionClock, phase: Phase, bout: Int) -> [(SessionInput, Duration)] {
        stamp = clock.now
        let now = stamp.inSeconds
        if link.isConnecting {
            do {
                if try link.completeConnect() { connected() }
            } catch {
                logger.info("Strap connect failed", metadata: ["strap.error": "\(error)"])
                perform(supervisor.connectFailed("\(error)", at: now))
            }
        }
        let effort = atRest ? Effort.rest : SimulatedHost.effort(scenario: scenario, phase: phase, bout: bout)
        do {
            out += link.pump(at: now, effort: effort).map { (.simulatorFault($0), stamp) }
            while let pdu = try link.receive() {
                // Stamped when it arrived, not when this poll began.
                stamp = clock.now
                for action in gatt.receive(pdu, at: stamp.inSeconds) { handle(action) }
            }
        } catch {
            perform(supervisor.linkFailed("\(error)", at: now))
        }
        stamp = clock.now
        for action in gatt.tick(at: stamp.inSeconds) { handle(action) }
        perform(supervisor.tick(at: stamp.inSeconds))
        return drain()
    }

    func restart(reason: String, clock: any SessionClock) -> [(SessionInput, Duration)] {
        stamp = clock.now
        // The session already told the walker; only the connection is dropped and retried here.
        for action in supervisor.linkFailed(reason, at: stamp.inSeconds) {
            if case .teardown = action { link.teardown() } else { perform([action]) }
        }
        return drain()
    }

    func close() { link.teardown() }

    private func drain() -> [(SessionInput, Duration)] {
        defer { out.removeAll(keepingCapacity: true) }
        return out
    }

    private func handle(_ action: GATTClient.Action) {
        let now = stamp.inSeconds
        switch action {
        case .send(let pdu):
            do {
                try link.send(pdu)
            } catch {
                perform(supervisor.linkFailed("\(error)", at: now))
            }
        case .measurement(let measurement):
            perform(supervisor.notificationReceived(at: now))
            out.append((.sample(measurement.sample(at: now)), stamp))
        case .invalidMeasurement(let message):
            logger.info("Malformed heart-rate notification", metadata: ["strap.error": "\(message)"])
        case .ready(let info):
            logger.info("Strap ready", metadata: ["strap.mtu": "\(info.mtu)"])
            perform(supervisor.ready(at: now))
            out.append((.strapReady(info.details), stamp))
        case .battery(let level):
            out.append((.battery(Int(level)), stamp))
        case .disconnect(let reason):
            perform(supervisor.linkFailed(reason, at: now))
        }
    }

    /// The transport is up: a new GATT client starts discovery.
    private func connected() {
        gatt = GATTClient()
        perform(supervisor.connectSucceeded(at: stamp.inSeconds))
        for action in gatt.start(at: stamp.inSeconds) { handle(action) }
    }

    private func perform(_ actions: [LinkSupervisor.Action]) {
        for action in actions {
            switch action {
            case .connect:
                do {
                    if try link.connect(at: stamp.inSeconds) { connected() }
                } catch {
                    logger.info("Strap connect failed", metadata: ["strap.error": "\(error)"])
                    perform(supervisor.connectFailed("\(error)", at: stamp.inSeconds))
                }
            case .teardown(let reason):
                link.teardown()
                out.append((.linkFailed(reason: reason), stamp))
            }
        }
    }
}

extension StrapInfo {
    /// What the session reports of the strap.
    var details: StrapDetails {
        StrapDetails(
            mtu: Int(mtu),
            batteryPercent: batteryLevel.map(Int.init),
            bodyLocation: bodySensorLocation.map { "\($0)" },
            manufacturer: manufacturer,
            model: model,
            firmware: firmware
        )
    }
}

/// A recording as a source: its readings at their times, then the end.
final class RecordingSource: SessionSource {
    private let samples: [HeartRateSample]
    /// Each sample's time as a `Duration`, converted once: the driver asks for the next one on every turn.
    private let times: [Duration]
    private var next = 0
    private var ended = false

    init(_ recording: Recording) {
        samples = recording.samples
        times = recording.samples.map { .seconds($0.time) }
    }

    var descriptors: [Int32] { [] }

    var nextDue: Duration? { next < times.count ? times[next] : nil }

    /// A recording has no connection phase: its first reading is the link coming up.
    func start(clock: any SessionClock) -> [(SessionInput, Duration)] { [] }

    func poll(clock: any SessionClock, phase: Phase, bout: Int) -> [(SessionInput, Duration)] {
        let now = clock.now
        var due: [(SessionInput, Duration)] = []
        while next < samples.count, times[next] <= now {
            due.append((.sample(samples[next]), times[next]))
            next += 1
        }
        if next == samples.count, !ended {
            ended = true
            due.append((.sourceEnded, due.last?.1 ?? now))
        }
        return due
    }

    func restart(reason: String, clock: any SessionClock) -> [(SessionInput, Duration)] { [] }

    func close() {}
}
