/// The one error type of the MQTT adapter: a bad broker address, or what libmosquitto refused.
public struct MQTTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// `--publish` / `--broker` is not `mqtt://[USER@]HOST[:PORT]` or `mqtts://…`.
        public static let badURL = Code("badURL")
        /// The client could not be set up (out of memory, a CA file libmosquitto rejects).
        public static let setup = Code("setup")
        /// The broker could not be reached, refused the connection, or the link broke.
        public static let connection = Code("connection")
        /// A publish or subscribe was refused by the library (not connected, payload too large).
        public static let publish = Code("publish")
    }

    /// What kind of failure.
    public var code: Code
    /// What failed, the offending value in quotes, and the remedy.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
