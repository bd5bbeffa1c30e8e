import SoundEngine

/// The WAV reader behind the voice clips: a session maps every `<key>.wav` of `Sounds/` (or of the folder
/// `RETROWALK_SOUNDS` names) and views its samples where ``WAV/layout(of:)`` says they are.
enum SoundTargets {
    /// `WAV.layout(of:)` and `WAV.decode`: they agree on every input; what layout finds lies inside the bytes, at an
    /// even offset, in whole samples; decoded samples encode to a file that decodes to the same samples.
    static let wav = FuzzTarget(
        name: "wav",
        summary: "WAV reader of the voice clips: layout and decode agree, the samples lie inside the file at an even "
            + "offset, and encode back to the same samples",
        run: { bytes in
            let layout = bytes.withUnsafeBytes { raw in try? WAV.layout(of: raw) }
            let decoded = try? WAV.decode(bytes)
            FuzzCheck.require(
                (layout == nil) == (decoded == nil),
                "layout and decode disagree: layout \(layout == nil ? "failed" : "read"), decode "
                    + "\(decoded == nil ? "failed" : "read")", input: bytes)
            guard let layout, let decoded else { return }
            let range = layout.dataRange
            FuzzCheck.require(
                range.lowerBound >= 12 && range.upperBound <= bytes.count && range.lowerBound % 2 == 0
                    && range.count % 2 == 0,
                "the samples' range \(range) is not whole samples at an even offset inside \(bytes.count) bytes",
                input: bytes)
            FuzzCheck.require(
                decoded.samples.count == range.count / 2 && decoded.sampleRate == layout.sampleRate
                    && layout.sampleRate > 0,
                "decode read \(decoded.samples.count) samples at \(decoded.sampleRate) Hz, layout \(range.count / 2) "
                    + "at \(layout.sampleRate) Hz", input: bytes)
            let again = try? WAV.decode(WAV.encode(samples: decoded.samples, sampleRate: decoded.sampleRate))
            FuzzCheck.require(
                again?.samples == decoded.samples && again?.sampleRate == decoded.sampleRate,
                "the samples encode to a file that decodes differently", input: bytes)
        },
        seeds: {
            // As Sounds/generate.sh writes clips (16 kHz mono 16-bit), with the chunks other writers add.
            let tone = (0..<400).map { Int16(truncatingIfNeeded: ($0 * 2_731) % 20_000 - 10_000) }
            let clip = WAV.encode(samples: tone)
            let list = Array("LIST".utf8) + WAV.littleEndianBytes(5) + Array("INFOx".utf8) + [0]
            var withList = Array(clip[0..<36]) + list + Array(clip[36...])
            withList.replaceSubrange(4..<8, with: WAV.littleEndianBytes(UInt32(withList.count - 8)))
            var unpatched = clip
            unpatched.replaceSubrange(WAV.dataSizeOffset..<(WAV.dataSizeOffset + 4), with: [0xFF, 0xFF, 0xFF, 0xFF])
            return [
                .init("clip-16k", clip),
                .init("list-chunk-odd-size", withList),
                .init("unpatched-sizes", unpatched),
                .init("empty-data", WAV.encode(samples: [])),
            ]
        }
    )
}
