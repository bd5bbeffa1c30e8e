/// The error of the sound engine: a WAV it cannot read.
///
/// Every message names what failed, the offending value and the remedy, for example
/// `WAV data uses 2 channels; the sound engine reads mono only. Regenerate the clip with Sounds/generate.sh.`
public struct SoundEngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The bytes are not a RIFF/WAVE file, or a chunk is cut short.
        public static let malformedWAV = Code("malformedWAV")
        /// A well-formed WAV whose format the engine does not read (not 16-bit PCM mono).
        public static let unsupportedWAVFormat = Code("unsupportedWAVFormat")

        /// The code's name, for logs.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// One line: what failed, the offending value and the remedy.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
