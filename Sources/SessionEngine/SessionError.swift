/// The one error type of the session engine: input it cannot take.
public struct SessionError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A scripted key (`--keys`) is malformed.
        public static let badKeyScript = Code("badKeyScript")
    }

    /// What kind of failure.
    public var code: Code
    /// What failed, the offending value and the remedy.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
