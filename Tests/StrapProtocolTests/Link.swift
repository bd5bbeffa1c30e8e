import StrapProtocol

/// A GATT client and a simulated strap joined in memory: every PDU either side sends is handed to the other.
///
/// Time moves only when a test says so. Everything the client reports other than `.send` is collected in
/// ``events``; every PDU is recorded in ``transcript`` for byte-exact checks.
struct Link {
    enum Direction: Equatable {
        case toStrap
        case toClient
    }

    var client: GATTClient
    var strap: SimulatedStrap
    var now: Double = 0
    var events: [GATTClient.Action] = []
    var transcript: [(Direction, [UInt8])] = []
    /// Responses the strap produced but the test holds back (see ``holdResponses``).
    var held: [[UInt8]] = []
    /// When set, the strap's answers to client PDUs with this opcode are held instead of delivered.
    var holdResponses: ATTOpcode?

    init(layout: StrapLayout, client: GATTClient = GATTClient(), seed: UInt64 = 1) {
        self.client = client
        self.strap = SimulatedStrap(layout: layout, seed: seed)
    }

    /// The PDUs the client sent, in order.
    var clientPDUs: [[UInt8]] { transcript.filter { $0.0 == .toStrap }.map(\.1) }

    /// The `.ready` info, if discovery finished.
    var info: StrapInfo? {
        for event in events {
            if case .ready(let info) = event { return info }
        }
        return nil
    }

    /// The decoded measurements delivered so far.
    var measurements: [HeartRateMeasurement] {
        events.compactMap { event in
            if case .measurement(let measurement) = event { return measurement }
            return nil
        }
    }

    /// The disconnect reason, if the client gave up.
    var disconnectReason: String? {
        for event in events {
            if case .disconnect(let reason) = event { return reason }
        }
        return nil
    }

    mutating func start() {
        perform(client.start(at: now))
    }

    /// Performs client actions until nothing is left to pass along.
    mutating func perform(_ actions: [GATTClient.Action]) {
        var queue = actions
        while !queue.isEmpty {
            let action = queue.removeFirst()
            guard case .send(let pdu) = action else {
                events.append(action)
                continue
            }
            transcript.append((.toStrap, pdu))
            let answers = strap.receive(pdu)
            if let holdResponses, pdu.first == holdResponses.rawValue {
                held += answers
                continue
            }
            for answer in answers {
                transcript.append((.toClient, answer))
                queue += client.receive(answer, at: now)
            }
        }
    }

    /// Hands PDUs to the client as if the strap had sent them.
    mutating func deliver(_ pdus: [[UInt8]]) {
        for pdu in pdus {
            transcript.append((.toClient, pdu))
            perform(client.receive(pdu, at: now))
        }
    }

    /// Delivers the held responses.
    mutating func releaseHeld() {
        let pdus = held
        held = []
        holdResponses = nil
        deliver(pdus)
    }

    /// Moves time to `time`: the strap emits what fell due, the client checks its timeout.
    mutating func advance(to time: Double, effort: Effort = .rest) {
        now = time
        deliver(strap.advance(to: time, effort: effort))
        perform(client.tick(at: time))
    }
}
