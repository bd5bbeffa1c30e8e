/// A broker's address as given on the command line or in a config file: `mqtt://[USER@]HOST[:PORT]` or
/// `mqtts://[USER@]HOST[:PORT]` (TLS). The password never appears here: it comes from a file or the environment.
public struct BrokerURL: Sendable, Hashable, CustomStringConvertible {
    /// Whether the link is TLS (`mqtts`).
    public var isTLS: Bool
    /// The user name, if any.
    public var user: String?
    /// The host name or address (IPv6 without brackets).
    public var host: String
    /// The TCP port: 1883 for `mqtt`, 8883 for `mqtts` unless given.
    public var port: Int

    /// Parses `text`.
    ///
    /// - Throws: ``MQTTError`` (`badURL`) naming the text and the accepted form; a password in the URL is refused
    ///   (it would show in `ps` and in the shell's history).
    public init(parsing text: String) throws(MQTTError) {
        let form = "expected mqtt://[USER@]HOST[:PORT] or mqtts://[USER@]HOST[:PORT], e.g. 'mqtt://gym-pi.local'"
        let rest: Substring
        if text.hasPrefix("mqtt://") {
            isTLS = false
            rest = text.dropFirst("mqtt://".count)
        } else if text.hasPrefix("mqtts://") {
            isTLS = true
            rest = text.dropFirst("mqtts://".count)
        } else {
            throw MQTTError(code: .badURL, message: "Broker '\(text)' is not an MQTT URL: \(form).")
        }
        var hostPart = rest
        if hostPart.hasSuffix("/") { hostPart = hostPart.dropLast() }
        if let at = hostPart.lastIndex(of: "@") {
            let userPart = hostPart[..<at]
            if userPart.contains(":") {
                throw MQTTError(
                    code: .badURL,
                    message: "Broker '\(text)' carries a password: give it in a 0600 file (--mqtt-password-file) or "
                        + "in RETROWALK_MQTT_PASSWORD, never on the command line.")
            }
            guard !userPart.isEmpty else {
                throw MQTTError(code: .badURL, message: "Broker '\(text)' has an empty user name before '@': \(form).")
            }
            user = String(userPart)
            hostPart = hostPart[hostPart.index(after: at)...]
        } else {
            user = nil
        }
        var portText: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else {
                throw MQTTError(code: .badURL, message: "Broker '\(text)' has an unclosed '[': \(form).")
            }
            host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw MQTTError(code: .badURL, message: "Broker '\(text)': unexpected '\(after)' after the host.")
            }
        } else if let colon = hostPart.lastIndex(of: ":") {
            host = String(hostPart[..<colon])
            portText = hostPart[hostPart.index(after: colon)...]
        } else {
            host = String(hostPart)
        }
        guard !host.isEmpty, !host.contains("/") else {
            throw MQTTError(code: .badURL, message: "Broker '\(text)' has no host name: \(form).")
        }
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw MQTTError(
                    code: .badURL, message: "Broker '\(text)' has port '\(portText)'; expected a number 1-65535.")
            }
            port = value
        } else {
            port = isTLS ? 8883 : 1883
        }
    }

    /// The URL as given, without the user: for logs.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(isTLS ? "mqtts" : "mqtt")://\(shownHost):\(port)"
    }
}
