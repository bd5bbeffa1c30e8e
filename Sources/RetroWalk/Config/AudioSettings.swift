public import SoundEngine

/// The sound settings of `audio.yaml`: the ALSA device, the folder of voice clips, and the volume of each priority.
///
/// The shipped defaults are in `config/audio.yaml`; the user's `$XDG_CONFIG_HOME/retrowalk/audio.yaml` overrides
/// them key by key (see ``load(locator:)``). A value that is not in its range stops the session before it starts,
/// with one line per problem naming the file, the key, the value and the allowed range.
///
/// Volumes are gains in dB relative to the level the sounds were made at (0 dB = as made; alarm bursts peak at
/// −1 to −6 dBFS, voice clips are normalised to −16 dBFS RMS). Every volume may be set from −30 to 0 dB, except
/// the alarms (``Volume/high`` and ``Volume/medium``), which may not go below the floor of −10 dB: the volume
/// control must not be able to make an alarm inaudible (SAFETY.md 5.3).
public struct AudioSettings: Sendable, Codable, Hashable {
    /// The volume of each priority, in dB.
    public struct Volume: Sendable, Codable, Hashable {
        /// High-priority alarms (burst and message); −10…0 dB, default 0.
        public var high: Double
        /// Medium-priority alarms (burst and message); −10…0 dB, default 0.
        public var medium: Double
        /// Low-priority alarms (burst and message); −30…0 dB, default 0.
        public var low: Double
        /// Info alerts (chime and message); −30…0 dB, default −3.
        public var info: Double
        /// Spoken cues; −30…0 dB, default 0.
        public var speech: Double

        /// Creates volumes; the defaults are those of the shipped `config/audio.yaml`.
        public init(high: Double = 0, medium: Double = 0, low: Double = 0, info: Double = -3, speech: Double = 0) {
            self.high = high
            self.medium = medium
            self.low = low
            self.info = info
            self.speech = speech
        }
    }

    /// The range every volume must be in, in dB: −30…0.
    public static let allowedDecibels: ClosedRange<Double> = -30...0
    /// The lowest volume an alarm (high or medium) may be set to: −10 dB.
    public static let alarmFloorDecibels: Double = -10

    /// The ALSA playback device, e.g. `default`, `plughw:1,0` (`aplay -L` lists them); `--audio-device` overrides it.
    public var device: String
    /// The folder of voice clips (with `manifest.tsv`), as an absolute path; `nil` for the shipped `Sounds/`.
    /// `RETROWALK_SOUNDS` overrides it.
    public var sounds: String?
    /// The volume of each priority.
    public var volume: Volume

    /// Creates settings; the defaults are those of the shipped `config/audio.yaml`.
    ///
    /// - Parameters:
    ///   - device: The ALSA device; defaults to `default`.
    ///   - sounds: The clips folder; `nil` (the default) for the shipped `Sounds/`.
    ///   - volume: The volumes; defaults to 0 dB except info at −3 dB.
    public init(device: String = "default", sounds: String? = nil, volume: Volume = Volume()) {
        self.device = device
        self.sounds = sounds
        self.volume = volume
    }

    /// The volumes as the sound engine's gains.
    public var gains: SoundGains {
        SoundGains(
            high: volume.high, medium: volume.medium, low: volume.low, info: volume.info, speech: volume.speech)
    }

    /// The folder to load the voice clips from: `RETROWALK_SOUNDS` when set, else ``sounds``, else the shipped
    /// `Sounds/` next to the executable or in `/usr/share/retrowalk`.
    ///
    /// - Parameter locator: Where the environment and the shipped resources are.
    /// - Returns: The folder, or `nil` when none is known.
    public func soundsDirectory(locator: ResourceLocator) -> String? {
        if let variable = locator.environment["RETROWALK_SOUNDS"], !variable.isEmpty { return variable }
        return sounds ?? locator.soundsDirectory
    }
}
