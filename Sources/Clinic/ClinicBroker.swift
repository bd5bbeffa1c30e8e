import Dispatch
import Foundation
public import Logging
public import MQTTClient
import RetroWalk
public import RetroWalkCore
import Synchronization

/// The clinic's MQTT client: subscribes to every station's `state`, `online` and `events` and fills the
/// ``StationBoard``; publishes the dashboard's commands. One thread owns the libmosquitto client; it reconnects
/// with backoff and says so once per outage.
public final class ClinicBroker: Sendable {
    private let broker: BrokerURL
    private let password: String?
    private let caFile: String?
    private let board: StationBoard
    private let logger: Logger
    private let outgoing = Mutex<(messages: [(topic: String, payload: String)], stopped: Bool)>(([], false))
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the client's thread.
    public init(broker: BrokerURL, password: String?, caFile: String?, board: StationBoard, logger: Logger) {
        self.broker = broker
        self.password = password
        self.caFile = caFile
        self.board = board
        self.logger = logger
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "retrowalk-clinic-mqtt"
        thread.start()
    }

    /// Sends `command` to `station` as `by` (QoS 1): `retrowalk/STATION/command`.
    public func send(_ command: RemoteCommand, to station: String) {
        let payload =
            "{\"command\": \(StationBoard.quote(command.action.rawValue)), \"by\": \(StationBoard.quote(command.by))}"
        outgoing.withLock { $0.messages.append((StationTopics.command(station), payload)) }
    }

    /// Stops the client (DISCONNECT) and waits for its thread, at most a second.
    public func stop() {
        outgoing.withLock { $0.stopped = true }
        _ = finished.wait(timeout: .now() + .seconds(1))
    }

    private func run() {
        var backoff = Duration.milliseconds(250)
        var outage: String?
        while !outgoing.withLock({ $0.stopped }) {
            var connection: MQTTConnection?
            var connected = false
            do {
                let client = try MQTTConnection(
                    clientID: "retrowalk-clinic-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
                connection = client
                try client.connect(to: broker, password: password, will: nil, tlsCAFile: caFile, keepAliveSeconds: 10)
                loop: while client.isLinked, !outgoing.withLock({ $0.stopped }) {
                    for event in client.loop(timeoutMilliseconds: 50) {
                        switch event {
                        case .connected:
                            connected = true
                            backoff = .milliseconds(250)
                            for kind in ["state", "online", "events"] {
                                try client.subscribe("\(StationTopics.root)/+/\(kind)", qos: 1)
                            }
                            if let reason = outage {
                                logger.notice("The broker \(broker) is back (it was away: \(reason)).")
                                outage = nil
                            } else {
                                logger.info("Listening to the stations on \(broker).")
                            }
                        case .refused(_, let reason):
                            throw MQTTError(code: .connection, message: "the broker refused the connection: \(reason)")
                        case .message(let message):
                            board.receive(topic: message.topic, payload: message.payload)
                        case .disconnected, .published:
                            break
                        }
                    }
                    guard connected else { continue }
                    let messages = outgoing.withLock { state in
                        defer { state.messages.removeAll() }
                        return state.messages
                    }
                    for message in messages {
                        try client.publish(
                            topic: message.topic, payload: Array(message.payload.utf8), qos: 1, retain: false)
                    }
                }
                if outgoing.withLock({ $0.stopped }) {
                    client.disconnect()
                    return
                }
                throw MQTTError(code: .connection, message: "the connection was lost")
            } catch {
                connection?.disconnect()
                if outage == nil {
                    outage = "\(error)"
                    logger.warning("The broker \(broker) cannot be reached: \(error). Retrying in the background.")
                }
                let deadline = ContinuousClock.now + backoff
                while ContinuousClock.now < deadline, !outgoing.withLock({ $0.stopped }) {
                    Thread.sleep(forTimeInterval: 0.05)
                }
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }
}
