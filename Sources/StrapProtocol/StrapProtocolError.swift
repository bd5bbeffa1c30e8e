/// The error of the StrapProtocol module: what failed, the offending value, and what to do about it.
///
/// The 0x2A37 decoder reports its own closed set of failures as ``HeartRateMeasurementError`` (typed throws);
/// everywhere else (the ATT codec, hex input, the recording readers) this type is thrown. A ``HeartRateMeasurementError`` converts to
/// it with ``init(_:)``.
public struct StrapProtocolError: Error, Sendable, CustomStringConvertible {
    /// A category of failure, stable enough to branch on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, e.g. `malformedPDU`.
        public var name: String

        private init(_ name: String) { self.name = name }

        /// A byte sequence is not a valid ATT PDU (wrong length, bad format byte, …).
        public static let malformedPDU = Code("malformedPDU")
        /// A Heart Rate Measurement (0x2A37) value could not be decoded.
        public static let invalidMeasurement = Code("invalidMeasurement")
        /// Text given as hex is not a sequence of hex byte pairs.
        public static let invalidHex = Code("invalidHex")
        /// A recording file is in none of the formats the readers accept (CSV, RR text, FIT, TCX).
        public static let unrecognizedRecording = Code("unrecognizedRecording")
        /// A recording file is in a known format but its content is wrong: a bad value, a bad checksum, time going
        /// backwards, a truncated file.
        public static let malformedRecording = Code("malformedRecording")
        /// A recording file is empty or holds no heart-rate reading.
        public static let emptyRecording = Code("emptyRecording")

        /// The code's name.
        public var description: String { name }
    }

    /// The category of failure.
    public var code: Code
    /// One line naming what failed, the offending value and the remedy.
    public var message: String
    /// The error this one wraps, if any.
    public var underlying: (any Error)?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The category of failure.
    ///   - message: One line naming what failed, the offending value and the remedy.
    ///   - underlying: The error this one wraps, if any.
    public init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// Wraps a Heart Rate Measurement decoding failure, keeping its message.
    ///
    /// - Parameter error: The decoder's error.
    public init(_ error: HeartRateMeasurementError) {
        self.init(code: .invalidMeasurement, message: error.description, underlying: error)
    }

    /// The message.
    public var description: String { message }
}
