/// The one sample format the sound engine works in: mono, signed 16-bit, 16000 frames per second.
///
/// Voice clips in `Sounds/` are generated in this format (`Sounds/generate.sh`), alarm tones are synthesised in it,
/// and ALSA or WAV outputs receive it unchanged. One frame is one `Int16` sample.
public enum AudioFormat {
    /// Frames (samples) per second: 16000 Hz.
    public static let sampleRate = 16000
    /// Channels per frame: 1 (mono).
    public static let channelCount = 1
    /// Bits per sample: 16 (signed, little-endian on the wire).
    public static let bitsPerSample = 16

    /// The number of frames in `milliseconds` at `sampleRate`, rounded to the nearest frame.
    ///
    /// - Parameters:
    ///   - milliseconds: A duration in milliseconds; negative values and NaN give 0, and durations are capped at
    ///     10¹² ms (about 31 years) so that no input traps.
    ///   - sampleRate: Frames per second; defaults to ``sampleRate``.
    /// - Returns: The frame count.
    public static func frames(milliseconds: Double, sampleRate: Int = sampleRate) -> Int {
        frames(seconds: milliseconds / 1000, sampleRate: sampleRate)
    }

    /// The number of frames in `seconds` at `sampleRate`, rounded to the nearest frame.
    ///
    /// - Parameters:
    ///   - seconds: A duration in seconds; negative values and NaN give 0, and durations are capped at 10⁹ s.
    ///   - sampleRate: Frames per second; defaults to ``sampleRate``.
    /// - Returns: The frame count.
    public static func frames(seconds: Double, sampleRate: Int = sampleRate) -> Int {
        let clamped = seconds.isNaN ? 0 : min(max(seconds, 0), 1e9)
        return Int((clamped * Double(sampleRate)).rounded())
    }
}
