import Dispatch
import Foundation
public import Logging
public import MQTTClient
public import RetroWalkCore
public import SessionEngine
import Synchronization

/// Publishes a session to an MQTT broker (`walk --publish`): the station's topics of ``StationTopics``.
///
/// A sink like every output: ``publish(_:)-(SessionEvent)`` only appends to a bounded queue and
/// ``publish(_:)-(SessionStatus)`` only replaces the latest status; a thread of its own owns the libmosquitto client,
/// connects (with backoff), publishes, and reads the command topic. A broker that is down, slow or unreachable holds
/// back that thread only: the session's alarms, sounds and recording go on exactly as without `--publish`.
///
/// While the broker is away the queue keeps up to ``capacity`` events; when it is full, the oldest sample is dropped
/// first (a heart-rate sample is stale after a second; alarms, clears, acks, symptoms and phases are what a
/// supervisor must see), and an alarm is dropped only when the queue holds nothing else. After the reconnect the
/// queue is published in order, and the drop count is reported once as an `output` event. The outage is one log line
/// when it starts and one when it ends.
public final class MQTTOutput: SessionOutput {
    /// Where to publish and as whom.
    public struct Settings: Sendable {
        /// The broker.
        public var broker: BrokerURL
        /// The station's name: the topics' second level.
        public var station: String
        /// The password for `broker.user`.
        public var password: String?
        /// The CA file that signed the broker's certificate (`mqtts`).
        public var caFile: String?

        /// Creates settings.
        public init(broker: BrokerURL, station: String, password: String?, caFile: String?) {
            self.broker = broker
            self.station = station
            self.password = password
            self.caFile = caFile
        }
    }

    /// Events held while the broker is away: at one sample a second, about an hour of samples; alarms are kept
    /// before samples.
    public static let defaultCapacity = 4096

    /// The first wait before reconnecting, doubled after each failure up to ``maximumBackoff``.
    static let firstBackoff = Duration.milliseconds(250)
    /// The longest wait between two connection attempts.
    static let maximumBackoff = Duration.seconds(5)
    /// How long the broker has to answer a CONNECT.
    static let connackTimeout = Duration.seconds(10)
    /// How long a session that ended with the broker away keeps trying to deliver what is queued.
    static let closingGrace = Duration.seconds(3)
    /// The retained state is republished at least this often (and at most ten times a second on changes).
    static let stateInterval = Duration.seconds(1)

    struct Item: Sendable {
        var line: String
        var important: Bool
    }

    private struct Shared {
        var items: [Item] = []
        var dropped = 0
        var status: SessionStatus?
        var statusVersion = 0
        var closing = false
    }

    private let settings: Settings
    private let capacity: Int
    private let shared = Mutex(Shared())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the publisher's thread; it connects in the background.
    ///
    /// - Parameters:
    ///   - settings: Broker, station, credentials.
    ///   - logger: Where the outage and its end are said (one line each).
    ///   - reporter: The session's inbox: dropped events are reported there as an `output` event.
    ///   - commands: Called on the publisher's thread with each valid command from the command topic.
    ///   - capacity: Events held while the broker is away.
    public init(
        settings: Settings,
        logger: Logger,
        reporter: (any OutputReporter)?,
        commands: @escaping @Sendable (RemoteCommand) -> Void,
        capacity: Int = MQTTOutput.defaultCapacity
    ) {
        self.settings = settings
        self.capacity = max(16, capacity)
        let link = PublisherLink(settings: settings, logger: logger, reporter: reporter, commands: commands)
        let thread = Thread { [self] in
            link.run(self)
            finished.signal()
        }
        thread.name = "retrowalk-mqtt"
        thread.start()
    }

    public func publish(_ event: SessionEvent) {
        let item = Item(line: event.jsonLine, important: Self.isImportant(event))
        shared.withLock { shared in
            guard !shared.closing else { return }
            if shared.items.count >= capacity {
                let victim = shared.items.firstIndex { !$0.important } ?? 0
                shared.items.remove(at: victim)
                shared.dropped += 1
            }
            shared.items.append(item)
        }
        wake.signal()
    }

    public func publish(_ status: SessionStatus) {
        shared.withLock { shared in
            shared.status = status
            shared.statusVersion += 1
        }
    }

    public func finish(timeout: Duration) -> Bool {
        shared.withLock { $0.closing = true }
        wake.signal()
        let milliseconds =
            Int(timeout.components.seconds) * 1000 + Int(timeout.components.attoseconds / 1_000_000_000_000_000)
        guard finished.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else { return false }
        finished.signal()
        return true
    }

    /// QoS 1 for what a supervisor must not miss (alarms, clears, acks, symptoms, phases, remote commands, the
    /// summary); QoS 0 for samples and the rest.
    static func isImportant(_ event: SessionEvent) -> Bool {
        switch event.kind {
        case .alert, .symptom, .phase, .checkIn, .user, .remote, .summary, .stopRequested, .signal, .audioFault:
            true
        default:
            false
        }
    }

    // MARK: - The publisher's side

    /// Everything queued since the last call, the drops, and the latest status when it changed.
    fileprivate func take(afterStatus version: Int) -> (
        items: [Item], dropped: Int, status: SessionStatus?, version: Int, closing: Bool
    ) {
        shared.withLock { shared in
            defer {
                shared.items.removeAll(keepingCapacity: true)
                shared.dropped = 0
            }
            let status = shared.statusVersion != version ? shared.status : nil
            return (shared.items, shared.dropped, status, shared.statusVersion, shared.closing)
        }
    }

    /// Puts back items that could not be published (the link broke): in front of what came since.
    fileprivate func putBack(_ items: [Item]) {
        guard !items.isEmpty else { return }
        shared.withLock { shared in
            shared.items = items + shared.items
            while shared.items.count > capacity {
                let victim = shared.items.firstIndex { !$0.important } ?? 0
                shared.items.remove(at: victim)
                shared.dropped += 1
            }
        }
    }

    /// Whether the session has ended.
    fileprivate var isClosing: Bool { shared.withLock { $0.closing } }

    /// The latest status, whatever its version.
    fileprivate var latestStatus: SessionStatus? { shared.withLock { $0.status } }

    /// Waits up to `duration` for something to publish or the end.
    fileprivate func sleep(_ duration: Duration) {
        _ = wake.wait(
            timeout: .now()
                + .milliseconds(
                    Int(duration.components.seconds) * 1000
                        + Int(duration.components.attoseconds / 1_000_000_000_000_000)))
    }
}

/// The publisher's thread: owns the libmosquitto client.
private final class PublisherLink: @unchecked Sendable {
    private let settings: MQTTOutput.Settings
    private let logger: Logger
    private let reporter: (any OutputReporter)?
    private let commands: @Sendable (RemoteCommand) -> Void
    private var connection: MQTTConnection?
    private var isConnected = false
    private var backoff = MQTTOutput.firstBackoff
    private var nextAttempt = ContinuousClock.now
    /// The outage being reported (one line at its start), or `nil` while publishing works.
    private var outage: String?
    private var statusVersion = 0
    private var lastState = ContinuousClock.now - .seconds(10)
    private var pendingDrops = 0
    private var stateChanged = false
    private var closingStarted: ContinuousClock.Instant?
    private var connectStarted = ContinuousClock.now
    private var everConnected = false
    /// The QoS 1 events the broker has not acknowledged yet, in the order sent: published again after a reconnect
    /// (a new client does not inherit the old one's), so an alarm sent into a dying link still arrives.
    private var inflight: [(messageID: Int32, item: MQTTOutput.Item)] = []

    init(
        settings: MQTTOutput.Settings, logger: Logger, reporter: (any OutputReporter)?,
        commands: @escaping @Sendable (RemoteCommand) -> Void
    ) {
        self.settings = settings
        self.logger = logger
        self.reporter = reporter
        self.commands = commands
    }

    private var station: String { settings.station }

    func run(_ output: MQTTOutput) {
        while true {
            guard isConnected, let connection else {
                if connection?.isLinked == true {
                    // CONNECT sent: wait for the broker's answer, not for ever (something else on that port).
                    handle(connection?.loop(timeoutMilliseconds: 100) ?? [], output)
                    if !isConnected, ContinuousClock.now - connectStarted > MQTTOutput.connackTimeout {
                        connection?.disconnect()
                        failed("no answer to CONNECT within 10 s; is this an MQTT broker?")
                    }
                } else if output.isClosing, closingSince(output) >= MQTTOutput.closingGrace {
                    endWithoutBroker(output)
                    return
                } else if ContinuousClock.now >= nextAttempt {
                    attempt()
                } else {
                    output.sleep(min(.milliseconds(100), nextAttempt - ContinuousClock.now))
                }
                continue
            }
            let (items, dropped, status, version, closing) = output.take(afterStatus: statusVersion)
            pendingDrops += dropped
            var unsent = items[...]
            while let item = unsent.first, isConnected {
                do {
                    let messageID = try connection.publish(
                        topic: StationTopics.events(station), payload: Array(item.line.utf8),
                        qos: item.important ? 1 : 0, retain: false)
                    if item.important { inflight.append((messageID, item)) }
                    unsent.removeFirst()
                } catch {
                    lost("\(error)", output)
                }
            }
            output.putBack(Array(unsent))
            guard isConnected else { continue }
            if pendingDrops > 0 {
                reporter?.report(.outputStalled(sink: "mqtt", dropped: pendingDrops))
                pendingDrops = 0
            }
            if status != nil { stateChanged = true }
            statusVersion = version
            let sinceState = ContinuousClock.now - lastState
            if (stateChanged && sinceState >= .milliseconds(100)) || sinceState >= MQTTOutput.stateInterval,
                let latest = output.latestStatus
            {
                publishState(latest, online: true)
            }
            if closing {
                endCleanly(output)
                return
            }
            handle(connection.loop(timeoutMilliseconds: 50), output)
        }
    }

    /// How long ago the session ended; at its end the backoff starts again from the shortest wait, so that the
    /// last events get their best chance.
    private func closingSince(_ output: MQTTOutput) -> Duration {
        guard let closingStarted else {
            closingStarted = ContinuousClock.now
            backoff = MQTTOutput.firstBackoff
            nextAttempt = min(nextAttempt, ContinuousClock.now + backoff)
            return .zero
        }
        return ContinuousClock.now - closingStarted
    }

    private func attempt() {
        connectStarted = ContinuousClock.now
        do {
            let connection = try MQTTConnection(clientID: "retrowalk-\(station)")
            self.connection = connection
            try connection.connect(
                to: settings.broker, password: settings.password,
                will: MQTTConnection.Will(
                    topic: StationTopics.online(station), payload: Array("0".utf8), qos: 1, retain: true),
                tlsCAFile: settings.caFile)
        } catch {
            failed(error.message + Self.remedy(for: error.message))
        }
    }

    private func handle(_ events: [MQTTConnection.Event], _ output: MQTTOutput) {
        for event in events {
            switch event {
            case .connected:
                isConnected = true
                everConnected = true
                backoff = MQTTOutput.firstBackoff
                do {
                    try connection?.subscribe(StationTopics.command(station), qos: 1)
                    try connection?.publish(
                        topic: StationTopics.online(station), payload: Array("1".utf8), qos: 1, retain: true)
                } catch {
                    lost("\(error)", output)
                    return
                }
                if let status = output.latestStatus { publishState(status, online: true) }
                if let outage {
                    logger.notice("Publishing to \(settings.broker) resumed (it had stopped: \(outage)).")
                    self.outage = nil
                } else {
                    logger.info("Publishing to \(settings.broker) as station '\(station)'.")
                }
            case .refused(_, let reason):
                connection?.disconnect()
                failed("the broker refused the connection: \(reason)" + Self.remedy(for: reason))
            case .disconnected:
                let failure = connection?.lastFailure
                let reason =
                    isConnected
                    ? "the connection was lost" + (failure.map { " (\($0))" } ?? "")
                    : "could not connect (\(failure ?? "the broker closed the connection"))"
                lost(reason + Self.remedy(for: reason), output)
                return
            case .message(let message):
                receive(message)
            case .published(let messageID):
                inflight.removeAll { $0.messageID == messageID }
            }
        }
    }

    private func receive(_ message: MQTTConnection.Message) {
        guard message.topic == StationTopics.command(station) else { return }
        guard let command = MQTTOutput.command(from: message.payload) else {
            let text = String(decoding: message.payload.prefix(200), as: UTF8.self)
            logger.warning(
                "\("Ignored a command on \(message.topic): '\(text)' is not ")\(#"{"command": "acknowledge" | "cooldown", "by": NAME}."#)"
            )
            return
        }
        // Retained commands would act again at every reconnect: only live ones count.
        guard !message.retained else { return }
        logger.notice("Remote \(command.action.rawValue) by \(command.by) (\(message.topic)).")
        commands(command)
    }

    private func publishState(_ status: SessionStatus, online: Bool) {
        let json = StationState.json(
            station: station, status: status, online: online, updatedAt: Date().timeIntervalSince1970)
        lastState = ContinuousClock.now
        stateChanged = false
        // A failure here shows in the next loop as a lost link.
        _ = try? connection?.publish(
            topic: StationTopics.state(station), payload: Array(json.utf8), qos: 0, retain: true)
    }

    /// A connection attempt failed: say so once, wait, try again.
    private func failed(_ reason: String) {
        isConnected = false
        connection = nil
        if outage == nil {
            outage = reason
            logger.warning(
                "Publishing to \(settings.broker) paused: \(reason). The session goes on; events are kept (up to \(MQTTOutput.defaultCapacity)) and sent when the broker is back."
            )
        }
        nextAttempt = ContinuousClock.now + backoff
        backoff = min(backoff * 2, MQTTOutput.maximumBackoff)
    }

    /// An established link broke: the unacknowledged QoS 1 events go back to the front of the queue.
    private func lost(_ reason: String, _ output: MQTTOutput) {
        guard isConnected || connection != nil else { return }
        output.putBack(inflight.map(\.item))
        inflight.removeAll()
        failed(reason)
    }

    /// The session ended while connected: the last state, `online` 0, DISCONNECT (no will).
    private func endCleanly(_ output: MQTTOutput) {
        guard let connection else { return }
        if let status = output.latestStatus { publishState(status, online: false) }
        _ = try? connection.publish(
            topic: StationTopics.online(station), payload: Array("0".utf8), qos: 1, retain: true)
        // Let the queued QoS 1 messages reach the broker (bounded by the caller's finish timeout).
        let deadline = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < deadline, connection.isLinked, !inflight.isEmpty {
            for case .published(let messageID) in connection.loop(timeoutMilliseconds: 20) {
                inflight.removeAll { $0.messageID == messageID }
            }
        }
        connection.disconnect()
        _ = connection.loop(timeoutMilliseconds: 10)
    }

    /// The session ended with the broker away: what is queued is lost, said once.
    private func endWithoutBroker(_ output: MQTTOutput) {
        let left = output.take(afterStatus: statusVersion).items.count + inflight.count
        // A broker never reached was said once already; a broker lost during the session gets its count.
        if left > 0, everConnected {
            logger.warning(
                "Publishing to \(settings.broker) never resumed: \(left) events of this session were not sent.")
        }
    }

    static func remedy(for reason: String) -> String {
        let lowered = reason.lowercased()
        if lowered.contains("password") || lowered.contains("authori") {
            return " (check the user in the URL and the password in --mqtt-password-file or RETROWALK_MQTT_PASSWORD)"
        }
        if lowered.contains("tls") || lowered.contains("certificate") || lowered.contains("ssl") {
            return "; check that --mqtt-ca is the CA that signed the broker's certificate and that the certificate "
                + "names the URL's host"
        }
        return ""
    }
}

extension MQTTOutput {
    /// Parses a command message: `{"command": "acknowledge" | "cooldown", "by": NAME}`; `nil` when it is not one.
    static func command(from payload: [UInt8]) -> RemoteCommand? {
        guard payload.count <= 1024,
            let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
            let name = object["command"] as? String, let action = RemoteCommand.Action(rawValue: name),
            let by = (object["by"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !by.isEmpty
        else { return nil }
        let cleaned = String(by.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return RemoteCommand(action: action, by: String(cleaned.prefix(RemoteCommand.maximumNameLength)))
    }
}
