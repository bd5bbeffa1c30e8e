/// The one error type of the session store.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The database file could not be opened or created.
        public static let openFailed = Code("openFailed")
        /// The schema could not be migrated.
        public static let migrationFailed = Code("migrationFailed")
        /// A write failed.
        public static let writeFailed = Code("writeFailed")
        /// A session id names no session.
        public static let notFound = Code("notFound")
        /// A read failed.
        public static let readFailed = Code("readFailed")
        /// A value is outside what the database accepts (an effort rating off its scale).
        public static let invalidValue = Code("invalidValue")
        /// A stored row cannot be understood (a start time that is not an ISO 8601 date).
        public static let badRecord = Code("badRecord")
    }

    /// What kind of failure.
    public var code: Code
    /// One line: what failed, the offending value, the remedy.
    public var message: String
    /// The GRDB or system error underneath.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
