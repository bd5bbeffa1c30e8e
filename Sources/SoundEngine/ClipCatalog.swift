/// The voice clips, by phrase key, and the composition of phrases from them.
///
/// Keys are those of `Sounds/phrases.tsv` (`turn_around`, `alarm_r3`, …) and the number words `num_0` … `num_250`.
/// Samples are in the engine format (``AudioFormat``). The catalogue is a value: loading it from disk is the job of
/// the I/O layer (`ClipLibrary` in ALSAOutput, which maps the WAV files and views their samples in place, see
/// ``ClipSamples``); tests build one from synthetic clips. Two catalogues are equal when they have the same keys
/// with the same samples.
public struct ClipCatalog: Sendable, Hashable {
    private var clips: [String: ClipSamples]

    /// Creates a catalogue from clips keyed by phrase key.
    ///
    /// - Parameter clips: Samples per key, mono 16-bit at ``AudioFormat/sampleRate``.
    public init(clips: [String: [Int16]]) {
        self.clips = clips.mapValues(ClipSamples.init)
    }

    /// Creates a catalogue from clips keyed by phrase key, owned or viewed in place.
    ///
    /// - Parameter samples: Samples per key, mono 16-bit at ``AudioFormat/sampleRate``.
    public init(samples: [String: ClipSamples]) {
        clips = samples
    }

    /// Every key in the catalogue, sorted.
    public var keys: [String] { clips.keys.sorted() }

    /// One clip, without copying its samples, or `nil` when the catalogue has no clip for `key`.
    ///
    /// - Parameter key: A phrase key.
    /// - Returns: The clip, or `nil`.
    public func clip(for key: String) -> ClipSamples? {
        clips[key]
    }

    /// The samples of one clip as an array, or `nil` when the catalogue has no clip for `key`.
    ///
    /// A clip viewed in a mapped file is copied (its pages are read); use ``clip(for:)`` to read it in place.
    ///
    /// - Parameter key: A phrase key.
    /// - Returns: The clip's samples, or `nil`.
    public func samples(for key: String) -> [Int16]? {
        clips[key]?.array
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
    /// clip or after the last. Each clip is copied once, straight from where it lives, into the result.
    ///
    /// - Parameters:
    ///   - keys: Phrase keys, for example `["backward_for", "num_1", "minute"]`.
    ///   - gapMilliseconds: Silence between consecutive clips; defaults to 120 ms.
    /// - Returns: The composed samples; empty when no key has a clip.
    public func compose(_ keys: [String], gapMilliseconds: Int = 120) -> [Int16] {
        let found = keys.compactMap { clips[$0] }
        let gap = AudioFormat.frames(milliseconds: Double(gapMilliseconds))
        var out = [Int16]()
        out.reserveCapacity(found.reduce(0) { $0 + $1.count } + max(0, found.count - 1) * gap)
        for clip in found {
            if !out.isEmpty { out.append(contentsOf: repeatElement(0, count: gap)) }
            clip.withUnsafeBufferPointer { out.append(contentsOf: $0) }
        }
        return out
    }
}
