/// The voice clips, by phrase key, and the composition of phrases from them.
///
/// Keys are those of `Sounds/phrases.tsv` (`turn_around`, `alarm_r3`, …) and the number words `num_0` … `num_250`.
/// Samples are in the engine format (``AudioFormat``). The catalogue is a value: loading it from disk is the job of
/// the I/O layer (`ClipLibrary` in ALSAOutput); tests build one from synthetic clips.
public struct ClipCatalog: Sendable, Hashable {
    private var clips: [String: [Int16]]

    /// Creates a catalogue from clips keyed by phrase key.
    ///
    /// - Parameter clips: Samples per key, mono 16-bit at ``AudioFormat/sampleRate``.
    public init(clips: [String: [Int16]]) {
        self.clips = clips
    }

    /// Every key in the catalogue, sorted.
    public var keys: [String] { clips.keys.sorted() }

    /// The samples of one clip, or `nil` when the catalogue has no clip for `key`.
    ///
    /// - Parameter key: A phrase key.
    /// - Returns: The clip's samples, or `nil`.
    public func samples(for key: String) -> [Int16]? {
        clips[key]
    }

    /// The keys, among `keys`, that the catalogue has no clip for, in the order given and without duplicates.
    ///
    /// Run this at start-up over every key the plans and rules can speak, so a missing clip is reported before a
    /// session rather than heard as silence during one.
    ///
    /// - Parameter keys: Phrase keys to check.
    /// - Returns: The missing keys; empty when all are present.
    public func missingKeys(_ keys: [String]) -> [String] {
        var seen = Set<String>()
        return keys.filter { clips[$0] == nil && seen.insert($0).inserted }
    }

    /// Speaks several phrase keys as one utterance: the clips in order with `gapMilliseconds` of silence between.
    ///
    /// Keys without a clip are skipped (check with ``missingKeys(_:)`` first); no gap is added before the first
    /// clip or after the last.
    ///
    /// - Parameters:
    ///   - keys: Phrase keys, for example `["backward_for", "num_1", "minute"]`.
    ///   - gapMilliseconds: Silence between consecutive clips; defaults to 120 ms.
    /// - Returns: The composed samples; empty when no key has a clip.
    public func compose(_ keys: [String], gapMilliseconds: Int = 120) -> [Int16] {
        let gap = [Int16](repeating: 0, count: AudioFormat.frames(milliseconds: Double(gapMilliseconds)))
        var out = [Int16]()
        for key in keys {
            guard let clip = clips[key] else { continue }
            if !out.isEmpty { out += gap }
            out += clip
        }
        return out
    }
}
