/// The error of the audio output layer: a device that cannot be opened or fails, clips that cannot be loaded,
/// a WAV file that cannot be written.
///
/// Every message names what failed, the offending value and the remedy, for example
/// `Audio device 'hw:5' could not be opened (snd_pcm_open: No such file or directory). No sound card? Use
/// --render-audio FILE.wav or --audio-device NAME; list devices with 'aplay -L'.`
public struct AudioError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The ALSA PCM device could not be opened or configured.
        public static let deviceUnavailable = Code("deviceUnavailable")
        /// The device failed while playing and could not be recovered.
        public static let deviceFailed = Code("deviceFailed")
        /// The player cannot do this in its current state (for example, start after stop).
        public static let invalidState = Code("invalidState")
        /// No `Sounds/` folder with a `manifest.tsv` was found.
        public static let soundsNotFound = Code("soundsNotFound")
        /// `manifest.tsv` is unreadable or has a malformed line.
        public static let invalidManifest = Code("invalidManifest")
        /// A clip named by the manifest, or a phrase key the product speaks, has no WAV file.
        public static let clipMissing = Code("clipMissing")
        /// A clip's WAV file exists but cannot be read or is not 16-bit mono PCM at 16000 Hz.
        public static let clipUnreadable = Code("clipUnreadable")
        /// A WAV output file could not be created or written.
        public static let fileWriteFailed = Code("fileWriteFailed")

        /// The code's name, for logs.
        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// One line: what failed, the offending value and the remedy.
    public var message: String
    /// The lower-level error, when there is one (a ``SoundEngine/SoundEngineError`` or a system error).
    public var underlying: (any Error)?

    /// Creates an error.
    public init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}
