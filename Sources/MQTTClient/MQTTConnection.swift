internal import CMosquitto
import Glibc
import Synchronization

/// One MQTT client connection through libmosquitto, the broker project's own client library.
///
/// Not thread-safe by design: one thread owns it (the publisher's, or the clinic's subscriber) and calls
/// ``loop(timeoutMilliseconds:)`` often; libmosquitto's callbacks run inside that call, on that thread, and come back
/// as ``Event`` values. Nothing here retries by itself: the owner decides when to connect again (with its own backoff)
/// so that it can say once, in its own words, that the broker is away.
public final class MQTTConnection: @unchecked Sendable {
    /// A message received on a subscribed topic.
    public struct Message: Sendable, Hashable {
        public var topic: String
        public var payload: [UInt8]
        public var retained: Bool
    }

    /// What happened during one ``loop(timeoutMilliseconds:)``.
    public enum Event: Sendable, Hashable {
        /// The broker accepted the connection (CONNACK 0).
        case connected
        /// The broker refused the connection: `reason` is the CONNACK's text ("not authorised", …).
        case refused(code: Int32, reason: String)
        /// The link ended; `expected` when we asked for it.
        case disconnected(expected: Bool)
        /// A message arrived on a subscribed topic.
        case message(Message)
        /// The broker acknowledged a QoS 1 publish (or a QoS 0 one left the socket).
        case published(messageID: Int32)
    }

    /// A last will: what the broker publishes for us when the link dies without a DISCONNECT.
    public struct Will: Sendable, Hashable {
        public var topic: String
        public var payload: [UInt8]
        public var qos: Int32
        public var retain: Bool

        public init(topic: String, payload: [UInt8], qos: Int32, retain: Bool) {
            self.topic = topic
            self.payload = payload
            self.qos = qos
            self.retain = retain
        }
    }

    /// The events of the callbacks, collected during one loop.
    private final class Inbox {
        var events: [Event] = []
    }

    private static let libraryReady: Bool = {
        mosquitto_lib_init()
        return true
    }()

    private let handle: OpaquePointer
    private let inbox: Unmanaged<Inbox>
    /// Whether a CONNECT was sent and no loop failure or disconnect has been seen since.
    public private(set) var isLinked = false
    /// libmosquitto's text for the failure that ended the link, when a loop failed ("A TLS error occurred.").
    public private(set) var lastFailure: String?

    /// Creates a client; nothing is sent until ``connect(to:password:will:tlsCAFile:keepAliveSeconds:)``.
    ///
    /// - Parameter clientID: The MQTT client id (unique per broker: `retrowalk-STATION`, `retrowalk-clinic-PID`).
    /// - Throws: ``MQTTError`` (`setup`) when libmosquitto cannot make a client.
    public init(clientID: String) throws(MQTTError) {
        _ = Self.libraryReady
        let box = Unmanaged.passRetained(Inbox())
        guard let handle = mosquitto_new(clientID, true, box.toOpaque()) else {
            box.release()
            throw MQTTError(
                code: .setup,
                message: "Could not create the MQTT client '\(clientID)': \(String(cString: strerror(errno))).")
        }
        self.handle = handle
        self.inbox = box
        _ = mosquitto_int_option(handle, MOSQ_OPT_PROTOCOL_VERSION, Int32(MQTT_PROTOCOL_V311))
        mosquitto_connect_callback_set(handle) { _, object, code in
            guard let object else { return }
            let inbox = Unmanaged<Inbox>.fromOpaque(object).takeUnretainedValue()
            if code == 0 {
                inbox.events.append(.connected)
            } else {
                inbox.events.append(.refused(code: code, reason: String(cString: mosquitto_connack_string(code))))
            }
        }
        mosquitto_disconnect_callback_set(handle) { _, object, code in
            guard let object else { return }
            Unmanaged<Inbox>.fromOpaque(object).takeUnretainedValue().events.append(.disconnected(expected: code == 0))
        }
        mosquitto_publish_callback_set(handle) { _, object, messageID in
            guard let object else { return }
            Unmanaged<Inbox>.fromOpaque(object).takeUnretainedValue().events.append(.published(messageID: messageID))
        }
        mosquitto_message_callback_set(handle) { _, object, message in
            guard let object, let message else { return }
            let topic = String(cString: message.pointee.topic)
            let count = Int(message.pointee.payloadlen)
            var payload: [UInt8] = []
            if count > 0, let bytes = message.pointee.payload {
                payload = Array(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            Unmanaged<Inbox>.fromOpaque(object).takeUnretainedValue().events.append(
                .message(Message(topic: topic, payload: payload, retained: message.pointee.retain)))
        }
    }

    deinit {
        mosquitto_destroy(handle)
        inbox.release()
    }

    /// Opens the TCP (and TLS) link and sends CONNECT; the broker's answer comes from a later loop as
    /// ``Event/connected`` or ``Event/refused(code:reason:)``.
    ///
    /// - Parameters:
    ///   - broker: Host, port, user, TLS.
    ///   - password: With `broker.user`; `nil` for none.
    ///   - will: The last will, if any.
    ///   - tlsCAFile: The CA certificate(s) that signed the broker's certificate (`mqtts`); `nil` uses the system's.
    ///   - keepAliveSeconds: How often the client pings; the broker publishes the will after 1.5 times this.
    /// - Throws: ``MQTTError`` (`connection`): refused, unreachable, a TLS failure; (`setup`): a CA file rejected.
    public func connect(
        to broker: BrokerURL, password: String?, will: Will?, tlsCAFile: String?, keepAliveSeconds: Int32 = 5
    ) throws(MQTTError) {
        if let user = broker.user {
            try check(mosquitto_username_pw_set(handle, user, password), "set the user name for \(broker)")
        }
        if let will {
            let result = will.payload.withUnsafeBytes { bytes in
                mosquitto_will_set(handle, will.topic, Int32(bytes.count), bytes.baseAddress, will.qos, will.retain)
            }
            try check(result, "set the last will on '\(will.topic)'")
        }
        if broker.isTLS {
            let result: Int32
            if let tlsCAFile {
                result = mosquitto_tls_set(handle, tlsCAFile, nil, nil, nil, nil)
            } else {
                result = mosquitto_tls_set(handle, nil, "/etc/ssl/certs", nil, nil, nil)
            }
            guard result == Int32(MOSQ_ERR_SUCCESS.rawValue) else {
                throw MQTTError(
                    code: .setup,
                    message: "The TLS CA file '\(tlsCAFile ?? "/etc/ssl/certs")' was not accepted ("
                        + "\(Self.text(of: result))); give a PEM file with --mqtt-ca.")
            }
        }
        let result = mosquitto_connect(handle, broker.host, Int32(broker.port), keepAliveSeconds)
        guard result == Int32(MOSQ_ERR_SUCCESS.rawValue) else {
            throw MQTTError(code: .connection, message: "\(broker): \(Self.text(of: result))")
        }
        isLinked = true
    }

    /// Runs the network for up to `timeoutMilliseconds`: reads, writes, keep-alive; returns what happened.
    public func loop(timeoutMilliseconds: Int32) -> [Event] {
        let result = mosquitto_loop(handle, timeoutMilliseconds, 1)
        var events = inbox.takeUnretainedValue().events
        inbox.takeUnretainedValue().events.removeAll()
        if result != Int32(MOSQ_ERR_SUCCESS.rawValue), isLinked {
            isLinked = false
            lastFailure = Self.text(of: result)
            if !events.contains(where: { if case .disconnected = $0 { true } else { false } }) {
                events.append(.disconnected(expected: false))
            }
        }
        for event in events {
            if case .disconnected = event { isLinked = false }
        }
        return events
    }

    /// Why the last loop failed, when it did: libmosquitto's text for its last error.
    public static func text(of code: Int32) -> String {
        if code == Int32(MOSQ_ERR_ERRNO.rawValue) { return String(cString: strerror(errno)) }
        return String(cString: mosquitto_strerror(code))
    }

    /// Queues a publish; libmosquitto writes it during the next loops (and keeps a QoS 1 message until PUBACK,
    /// resending it after a reconnect).
    ///
    /// - Returns: The message id (matches ``Event/published(messageID:)``).
    /// - Throws: ``MQTTError`` (`publish`) when the library refuses it (not connected, too large).
    @discardableResult
    public func publish(topic: String, payload: [UInt8], qos: Int32, retain: Bool) throws(MQTTError) -> Int32 {
        var messageID: Int32 = 0
        let result = payload.withUnsafeBytes { bytes in
            mosquitto_publish(handle, &messageID, topic, Int32(bytes.count), bytes.baseAddress, qos, retain)
        }
        try check(result, "publish to '\(topic)'")
        return messageID
    }

    /// Subscribes to `pattern` (MQTT wildcards `+` and `#`).
    public func subscribe(_ pattern: String, qos: Int32) throws(MQTTError) {
        try check(mosquitto_subscribe(handle, nil, pattern, qos), "subscribe to '\(pattern)'")
    }

    /// Sends DISCONNECT (the broker then does not publish the will) and closes the link.
    public func disconnect() {
        _ = mosquitto_disconnect(handle)
        isLinked = false
    }

    private func check(_ result: Int32, _ what: String) throws(MQTTError) {
        guard result == Int32(MOSQ_ERR_SUCCESS.rawValue) else {
            throw MQTTError(code: .publish, message: "Could not \(what): \(Self.text(of: result)).")
        }
    }
}
