import BlueZTransport
import RetroWalkCore
import StrapProtocol
import WalkCoach

/// The bearer under the GATT client: a kernel L2CAP ATT socket to a real strap, or one end of a socketpair
/// whose other end the simulated strap serves. It connects and tears down on the ``LinkSupervisor``'s word.
final class CaptureLink {
    private let host: SimulatedHost?
    private let strap: (address: BluetoothAddress, adapter: String?)?
    private var socket: SeqPacketSocket?
    /// The simulator's scenario, or `nil` for a real strap.
    let scenario: Scenario?

    private init(host: SimulatedHost?, strap: (BluetoothAddress, String?)?, scenario: Scenario?) {
        self.host = host
        self.strap = strap
        self.scenario = scenario
    }

    /// Prepares the link for a source. A real strap is connected at once, so that a strap that cannot be
    /// reached (or a kernel without Bluetooth) fails before the session starts.
    ///
    /// - Throws: `CaptureError` (Bluetooth unavailable, adapter missing, connect failed).
    static func open(
        _ source: SessionOptions.Source,
        plan: Plan,
        seed: UInt64,
        faultStart: Double? = nil
    ) throws -> CaptureLink {
        switch source {
        case .simulate(let scenario):
            let host = SimulatedHost(scenario: scenario, plan: plan, seed: seed, faultStart: faultStart)
            return CaptureLink(host: host, strap: nil, scenario: scenario)
        case .strap(let address, let adapter):
            let link = CaptureLink(host: nil, strap: (address, adapter), scenario: nil)
            link.socket = try SeqPacketSocket.connectL2CAP(to: address, adapter: adapter, timeout: 20)
            return link
        }
    }

    /// Opens a connection (keeps the one `open` made for a real strap).
    ///
    /// - Returns: `true` when connected; `false` while a real strap's connect is still pending (then poll
    ///   ``completeConnect()`` each tick: the session loop never blocks on a strap that is away).
    /// - Throws: `CaptureError` when the strap cannot be reached now.
    func connect(at now: Double) throws -> Bool {
        if socket != nil { return !isConnecting }
        if let host {
            socket = try host.connect(at: now)
            return true
        }
        guard let strap else { return false }
        socket = try SeqPacketSocket.startL2CAPConnect(to: strap.address, adapter: strap.adapter)
        isConnecting = true
        return false
    }

    /// Whether a pending connect has completed.
    ///
    /// - Throws: `CaptureError` when the kernel gave up on it (the socket is closed).
    func completeConnect() throws -> Bool {
        guard isConnecting, let socket else { return socket != nil }
        do {
            guard try socket.completeConnect(waiting: 0) else { return false }
        } catch {
            teardown()
            throw error
        }
        isConnecting = false
        return true
    }

    /// Whether a real strap's connect is under way.
    private(set) var isConnecting = false

    /// Closes the connection.
    func teardown() {
        socket?.close()
        socket = nil
        isConnecting = false
        host?.disconnect()
    }

    /// Sends one PDU.
    ///
    /// - Throws: `CaptureError` `linkClosed` when there is no link or it dropped.
    func send(_ pdu: [UInt8]) throws {
        guard let socket else { throw CaptureError.closedLink }
        try socket.send(pdu)
    }

    /// The descriptor to wait on for a real strap's PDUs; `nil` for the simulator (its PDUs arrive when it is
    /// pumped, on the session's thread) and while no socket is open.
    var waitDescriptor: Int32? {
        guard host == nil, let socket, !isConnecting else { return nil }
        return socket.fileDescriptor
    }

    /// Lets the simulated strap act up to `now` (serve requests, send what is due, inject faults); returns the
    /// faults it announced. A real strap acts by itself: nothing to do.
    func pump(at now: Double, effort: Effort) -> [String] {
        host?.pump(at: now, effort: effort) ?? []
    }

    /// The next PDU that reached the client, without waiting; `nil` when none is there.
    ///
    /// - Throws: `CaptureError` `linkClosed` when the link dropped.
    func receive() throws -> [UInt8]? {
        guard let socket, !isConnecting else { return nil }
        return try socket.receiveReady()
    }
}
