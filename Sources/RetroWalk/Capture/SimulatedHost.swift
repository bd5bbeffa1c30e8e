import BlueZTransport
import RetroWalkCore
import StrapProtocol
import WalkCoach

/// The simulated strap's side of the link: it serves the ATT requests that reach its end of the socketpair,
/// sends the notifications that fall due, and injects the scenario's faults at their times.
///
/// Runs on the session loop's thread and clock (no thread of its own), so a simulated session is deterministic
/// for a seed while every byte still crosses a real kernel socket.
final class SimulatedHost {
    private var strap: SimulatedStrap
    private let scenario: Scenario
    private let faultStart: Double
    private var strapSide: SeqPacketSocket?
    private var isAway = false
    private var announced: Set<String> = []
    private var garbageCount = 0
    private var lastGarbage = 0.0

    /// How long the `link-drop` strap stays away, the `stall` strap stays silent, the `contact-lost` strap
    /// reports no contact.
    static let linkDropSeconds = 20.0
    static let stallSeconds = 10.0
    static let contactLostSeconds = 25.0

    /// Requests whose responses the `duplicates` strap sends twice: Exchange MTU, Read By Group Type, Read By
    /// Type, Find Information; and Write, whose response is followed by a late error.
    static let duplicated: Set<UInt8> = [0x02, 0x10, 0x08, 0x04, 0x12]

    /// - Parameter faultStart: when one-off faults start; by default the middle of the plan's bout 2.
    init(scenario: Scenario, plan: Plan, seed: UInt64, faultStart: Double? = nil) {
        self.scenario = scenario
        self.faultStart = faultStart ?? Self.faultStart(plan: plan)
        var layout = StrapLayout.polarH7
        switch scenario {
        case .noBattery: layout = .noBattery
        case .mtu247: layout.serverMTU = 247
        default: break
        }
        // slow-recovery: a heart that takes four times as long to come down (τ 120 s instead of 30 s).
        let heart = scenario == .slowRecovery ? SimulatedHeart(fallTimeConstant: 120) : SimulatedHeart()
        strap = SimulatedStrap(layout: layout, heart: heart, seed: seed)
        strap.quirks.sixteenBitHeartRate = scenario == .hr16
        strap.quirks.spuriousRR = scenario == .spuriousRR
        strap.quirks.batchesRR = scenario == .multiRR
    }

    /// When one-off faults start: the middle of bout 2 (or of bout 1 in a one-bout plan).
    static func faultStart(plan: Plan) -> Double {
        let backward = plan.steps.filter { $0.phase == .backward }
        let bout = backward.count >= 2 ? backward[1] : backward.first
        return bout.map { $0.start + $0.duration / 2 } ?? 60
    }

    /// A new connection from the client: the strap's per-connection state starts afresh.
    ///
    /// - Throws: `CaptureError` when the strap is away (`link-drop`), as a real connect would time out.
    func connect(at now: Double) throws -> SeqPacketSocket {
        guard !isAway else {
            throw CaptureError(code: .connectFailed, message: "The simulated strap is out of range (link-drop).")
        }
        disconnect()
        let (client, strapEnd) = try SeqPacketSocket.makePair()
        strapSide = strapEnd
        return client
    }

    /// The client closed the link.
    func disconnect() {
        strapSide?.close()
        strapSide = nil
        strap.disconnect()
    }

    /// Serves requests, applies the scenario's faults and sends what is due by `now`; returns the faults
    /// injected (or ended) now, for the event stream.
    func pump(at now: Double, effort: Effort) -> [String] {
        var events = updateFaults(at: now)
        guard let socket = strapSide, !isAway else {
            _ = strap.advance(to: now, effort: effort)  // the heart goes on while nobody listens
            return events
        }
        do {
            while let request = try socket.receive(timeout: 0) {
                let responses = strap.receive(request)
                for response in responses { try socket.send(response) }
                if scenario == .duplicates, let opcode = request.first, Self.duplicated.contains(opcode) {
                    // The same response again (MTU and discovery, as real peripherals do), and after a write a
                    // late error that matches nothing pending.
                    for response in responses { try socket.send(response) }
                    if opcode == 0x12 { try socket.send([0x01, 0x12, request[1], request[2], 0x0E]) }
                    events += announce("duplicates", at: now)
                }
            }
            for notification in strap.advance(to: now, effort: effort) { try socket.send(notification) }
            if scenario == .garbage, now >= 10, now - lastGarbage >= 7 {
                lastGarbage = now
                try socket.send(garbagePDU())
                events.append("garbage")
            }
        } catch {
            // The client closed its end: the strap side is done with this connection.
            disconnect()
        }
        return events
    }

    /// Garbage in turns: random bytes, a truncated notification, an unknown opcode, an empty PDU.
    private func garbagePDU() -> [UInt8] {
        garbageCount += 1
        switch garbageCount % 4 {
        case 0: return [0x1B, 0x11, 0x00, 0x19, 0x60]  // HRM notification whose flags promise energy and RR
        case 1: return [0xFF, 0x42, 0x13, 0x37, 0x00, 0xA5]
        case 2: return [0x1B, 0x11]  // notification cut inside its handle
        default: return []
        }
    }

    private func updateFaults(at now: Double) -> [String] {
        var events: [String] = []
        let elapsed = now - faultStart
        switch scenario {
        case .linkDrop:
            if elapsed >= 0, elapsed < Self.linkDropSeconds, !isAway {
                // Radio silence, as when a strap goes out of range: the socket stays open but nothing comes
                // back; the client must notice by itself.
                isAway = true
                events += announce("link-drop", at: now)
            } else if elapsed >= Self.linkDropSeconds, isAway {
                isAway = false
                events += announce("link-return", at: now)
            }
        case .stall:
            let silent = elapsed >= 0 && elapsed < Self.stallSeconds
            if silent != strap.quirks.isSilent {
                strap.quirks.isSilent = silent
                events += announce(silent ? "stall" : "stall-end", at: now)
            }
        case .contactLost:
            let lost = elapsed >= 0 && elapsed < Self.contactLostSeconds
            if lost == strap.quirks.reportsContact {
                strap.quirks.reportsContact = !lost
                events += announce(lost ? "contact-lost" : "contact-return", at: now)
            }
        case .hr16, .spuriousRR, .multiRR, .noBattery, .mtu247:
            events += announce(scenario.rawValue, at: now)
        case .steady, .ceiling, .slowRecovery, .garbage, .duplicates:
            break
        }
        return events
    }

    /// A fault announcement, once per name.
    private func announce(_ fault: String, at now: Double) -> [String] {
        announced.insert(fault).inserted ? [fault] : []
    }

    /// The simulated walker's effort in a phase; the `ceiling` scenario pushes HR up during bout 3, and
    /// `slow-recovery` by 25 bpm in every bout. A real strap (`nil` scenario) has no simulated effort.
    static func effort(scenario: Scenario?, phase: Phase, bout: Int) -> Effort {
        switch phase {
        case .warmup, .recovery, .cooldown, .walking: return .forward
        case .paused, .done: return .rest
        case .backward:
            var effort = Effort.backward
            if scenario == .ceiling, bout == 3 { effort.extraBeatsPerMinute = 75 }
            if scenario == .slowRecovery { effort.extraBeatsPerMinute = 25 }
            return effort
        }
    }
}
