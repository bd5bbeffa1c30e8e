import BlueZTransport
import Logging
import StrapProtocol

/// The bearer under the GATT client: a kernel L2CAP ATT socket to a real strap, or one end of a socketpair
/// whose other end the simulated strap serves.
///
/// With the simulator, ``exchange(at:effort:wait:)`` first lets the strap answer what the client sent and emit
/// the notifications due by `now`, then reads what reached the client's end: one thread, real bytes through a
/// real kernel socket, deterministic for a seed.
final class CaptureLink {
    private let socket: SeqPacketSocket
    private let strapSide: SeqPacketSocket?
    private var strap: SimulatedStrap?
    private(set) var isOpen = true
    /// The simulator's scenario, or `nil` for a real strap.
    let scenario: Scenario?

    private init(socket: SeqPacketSocket, strapSide: SeqPacketSocket?, strap: SimulatedStrap?, scenario: Scenario?) {
        self.socket = socket
        self.strapSide = strapSide
        self.strap = strap
        self.scenario = scenario
    }

    /// Opens the link for a source.
    ///
    /// - Throws: `CaptureError` (for a real strap: Bluetooth unavailable, adapter missing, connect failed).
    static func open(_ source: SessionOptions.Source, seed: UInt64) throws -> CaptureLink {
        switch source {
        case .simulate(let scenario):
            let (client, strapSide) = try SeqPacketSocket.makePair()
            return CaptureLink(
                socket: client,
                strapSide: strapSide,
                strap: SimulatedStrap(seed: seed),
                scenario: scenario
            )
        case .strap(let address, let adapter):
            let socket = try SeqPacketSocket.connectL2CAP(to: address, adapter: adapter, timeout: 20)
            return CaptureLink(socket: socket, strapSide: nil, strap: nil, scenario: nil)
        }
    }

    /// Sends PDUs from the client; a closed link drops them (the silence watchdog reports the loss).
    func send(_ pdus: [[UInt8]]) {
        guard isOpen else { return }
        do {
            for pdu in pdus { try socket.send(pdu) }
        } catch {
            close()
        }
    }

    /// What reached the client by `now`, waiting at most `wait` real seconds for the first PDU.
    func exchange(at now: Double, effort: Effort, wait: Double) -> [[UInt8]] {
        guard isOpen else { return [] }
        do {
            if let strapSide, var strap {
                while let request = try strapSide.receive(timeout: 0) {
                    for response in strap.receive(request) { try strapSide.send(response) }
                }
                for notification in strap.advance(to: now, effort: effort) { try strapSide.send(notification) }
                self.strap = strap
            }
            var received: [[UInt8]] = []
            var timeout = strapSide == nil ? wait : 0
            while let pdu = try socket.receive(timeout: timeout) {
                received.append(pdu)
                timeout = 0
            }
            return received
        } catch {
            close()
            return []
        }
    }

    /// Closes both ends.
    func close() {
        isOpen = false
        socket.close()
        strapSide?.close()
    }
}
