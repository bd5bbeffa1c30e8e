/// The one error type of the app library: configuration and session set-up problems.
public struct AppError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A config or plan file is missing or invalid.
        public static let badConfig = Code("badConfig")
        /// A resource folder (config, sounds) was not found.
        public static let missingResource = Code("missingResource")
        /// The session could not run.
        public static let sessionFailed = Code("sessionFailed")
        /// A command-line value is malformed.
        public static let badArgument = Code("badArgument")
        /// A session asked for is not in the database (or the database has none).
        public static let noSession = Code("noSession")
        /// An output file could not be written.
        public static let outputFailed = Code("outputFailed")
    }

    /// What kind of failure.
    public var code: Code
    /// One or more lines: what failed, the offending value, the remedy.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
