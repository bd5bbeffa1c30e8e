/// Reading and writing RIFF/WAVE files of 16-bit PCM mono, the engine's format.
///
/// Byte layout written by ``encode(samples:sampleRate:)`` and ``header(sampleRate:dataBytes:)`` (all integers
/// little-endian, 44-byte canonical header):
///
/// | offset | size | value |
/// |---|---|---|
/// | 0 | 4 | `RIFF` |
/// | 4 | 4 | 36 + data bytes |
/// | 8 | 4 | `WAVE` |
/// | 12 | 4 | `fmt ` |
/// | 16 | 4 | 16 (fmt chunk size) |
/// | 20 | 2 | 1 (`WAVE_FORMAT_PCM`) |
/// | 22 | 2 | 1 channel |
/// | 24 | 4 | sample rate |
/// | 28 | 4 | byte rate = sample rate × 2 |
/// | 32 | 2 | block align = 2 |
/// | 34 | 2 | 16 bits per sample |
/// | 36 | 4 | `data` |
/// | 40 | 4 | data bytes |
/// | 44 | … | samples, `Int16` little-endian |
///
/// - SeeAlso: Microsoft "Multimedia Programming Interface and Data Specifications 1.0" (RIFF WAVE), and
///   `WAVEFORMATEXTENSIBLE` for format tag `0xFFFE`.
public enum WAV {
    /// Size of the header that ``header(sampleRate:dataBytes:)`` writes: 44 bytes.
    public static let headerSize = 44
    /// Byte offset of the RIFF size field (36 + data bytes), for writers that patch sizes on close.
    public static let riffSizeOffset = 4
    /// Byte offset of the data chunk's size field, for writers that patch sizes on close.
    public static let dataSizeOffset = 40

    private static let formatPCM: UInt16 = 1
    private static let formatExtensible: UInt16 = 0xFFFE

    /// Decodes a WAV file of 16-bit PCM mono.
    ///
    /// Reads the layout with ``layout(of:)`` (same checks and errors), then copies the samples out.
    ///
    /// - Parameter bytes: The whole file.
    /// - Returns: The sample rate in frames per second and the samples.
    /// - Throws: ``SoundEngineError``, as ``layout(of:)``.
    public static func decode(_ bytes: [UInt8]) throws(SoundEngineError) -> (sampleRate: Int, samples: [Int16]) {
        let decoded = bytes.withUnsafeBytes { raw in
            Result { () throws(SoundEngineError) in try decode(raw) }
        }
        return try decoded.get()
    }

    /// Decodes a WAV file of 16-bit PCM mono from memory the caller holds (a mapped file, say).
    ///
    /// Reads the layout with ``layout(of:)`` (same checks and errors), then copies the samples out, converting
    /// from little-endian and from any alignment.
    ///
    /// - Parameter bytes: The whole file.
    /// - Returns: The sample rate in frames per second and the samples.
    /// - Throws: ``SoundEngineError``, as ``layout(of:)``.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(SoundEngineError) -> (
        sampleRate: Int, samples: [Int16]
    ) {
        let layout = try layout(of: bytes)
        return (layout.sampleRate, samples(in: bytes, dataRange: layout.dataRange))
    }

    /// Copies the samples a ``layout(of:)`` found out of the file's bytes, from little-endian and from any
    /// alignment.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - dataRange: Where the samples are in `bytes` (whole samples, inside `bytes`).
    /// - Returns: The samples.
    public static func samples(in bytes: UnsafeRawBufferPointer, dataRange: Range<Int>) -> [Int16] {
        let count = dataRange.count / 2
        return [Int16](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                buffer[index] = Int16(
                    littleEndian: bytes.loadUnaligned(fromByteOffset: dataRange.lowerBound + 2 * index, as: Int16.self))
            }
            initialized = count
        }
    }

    /// Checks a WAV file of 16-bit PCM mono and finds its samples, without copying them.
    ///
    /// Chunks other than `fmt ` and `data` (`LIST`, `fact`, …) are skipped, and odd-sized chunks honour RIFF's pad
    /// byte. Format tag 1 (PCM) and `WAVE_FORMAT_EXTENSIBLE` with the PCM sub-format are accepted. A `data` chunk
    /// whose declared size runs past the end of the bytes (a streaming writer that never patched its sizes) is read
    /// up to the last whole sample.
    ///
    /// Chunks start at even offsets (RIFF word alignment), so `dataRange` starts at an even offset of `bytes`; its
    /// samples are `Int16` little-endian.
    ///
    /// - Parameter bytes: The whole file.
    /// - Returns: The sample rate in frames per second, and the byte offsets in `bytes` of the whole samples of the
    ///   `data` chunk (an even count; empty when the chunk is).
    /// - Throws: ``SoundEngineError`` with code ``SoundEngineError/Code/malformedWAV`` when the bytes are not
    ///   RIFF/WAVE or lack a `fmt ` or `data` chunk, and ``SoundEngineError/Code/unsupportedWAVFormat`` for anything
    ///   but 16-bit PCM mono (the message names the offending value).
    public static func layout(of bytes: UnsafeRawBufferPointer) throws(SoundEngineError) -> (
        sampleRate: Int, dataRange: Range<Int>
    ) {
        let remedy = "Regenerate the clip with Sounds/generate.sh (mono, 16-bit PCM, 16000 Hz)."
        guard bytes.count >= 12, fourCC(bytes, 0) == "RIFF", fourCC(bytes, 8) == "WAVE" else {
            let start = String(decoding: bytes.prefix(4).map { $0 >= 0x20 && $0 < 0x7F ? $0 : 0x3F }, as: UTF8.self)
            throw SoundEngineError(
                code: .malformedWAV,
                message: "Data is not a RIFF/WAVE file (starts with '\(start)', \(bytes.count) bytes). \(remedy)"
            )
        }
        var format: (tag: UInt16, channels: Int, rate: Int, bits: Int)?
        var data: Range<Int>?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = fourCC(bytes, offset)
            let size = Int(uint32(bytes, offset + 4))
            let body = offset + 8
            if id == "data" {
                let end = min(bytes.count, body + size)
                data = body..<(body + (end - body) / 2 * 2)
                if body + size > bytes.count { break }
            } else if id == "fmt " {
                guard size >= 16, body + 16 <= bytes.count else {
                    throw SoundEngineError(
                        code: .malformedWAV,
                        message: "WAV 'fmt ' chunk is \(size) bytes, cut short (at least 16 needed). \(remedy)"
                    )
                }
                var tag = uint16(bytes, body)
                if tag == formatExtensible, size >= 40, body + 26 <= bytes.count {
                    tag = uint16(bytes, body + 24)  // first two bytes of the sub-format GUID
                }
                format = (
                    tag, Int(uint16(bytes, body + 2)), Int(uint32(bytes, body + 4)), Int(uint16(bytes, body + 14))
                )
            }
            offset = body + size + (size & 1)
        }
        guard let format else {
            throw SoundEngineError(code: .malformedWAV, message: "WAV file has no 'fmt ' chunk. \(remedy)")
        }
        guard format.tag == formatPCM else {
            throw SoundEngineError(
                code: .unsupportedWAVFormat,
                message: "WAV format tag is \(format.tag); the sound engine reads PCM (tag 1) only. \(remedy)"
            )
        }
        guard format.channels == 1 else {
            throw SoundEngineError(
                code: .unsupportedWAVFormat,
                message: "WAV data uses \(format.channels) channels; the sound engine reads mono only. \(remedy)"
            )
        }
        guard format.bits == 16 else {
            throw SoundEngineError(
                code: .unsupportedWAVFormat,
                message: "WAV samples are \(format.bits)-bit; the sound engine reads 16-bit only. \(remedy)"
            )
        }
        guard format.rate > 0 else {
            throw SoundEngineError(code: .malformedWAV, message: "WAV sample rate is \(format.rate). \(remedy)")
        }
        guard let data else {
            throw SoundEngineError(code: .malformedWAV, message: "WAV file has no 'data' chunk. \(remedy)")
        }
        return (format.rate, data)
    }

    /// Encodes samples as a complete WAV file: the 44-byte header, then the samples little-endian.
    ///
    /// Does not throw: every `Int16` sequence is a valid 16-bit PCM mono file.
    ///
    /// - Parameters:
    ///   - samples: Mono 16-bit samples.
    ///   - sampleRate: Frames per second; defaults to ``AudioFormat/sampleRate``.
    /// - Returns: The file's bytes.
    public static func encode(samples: [Int16], sampleRate: Int = AudioFormat.sampleRate) -> [UInt8] {
        var bytes = header(sampleRate: sampleRate, dataBytes: samples.count * 2)
        bytes.reserveCapacity(headerSize + samples.count * 2)
        for sample in samples {
            let bits = UInt16(bitPattern: sample)
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
        }
        return bytes
    }

    /// The 44-byte header of a 16-bit PCM mono WAV file (see the table on ``WAV``).
    ///
    /// Streaming writers write it with `dataBytes: 0`, append samples, then patch the sizes at
    /// ``riffSizeOffset`` and ``dataSizeOffset`` (or rewrite the header) when they close. Sizes beyond
    /// `UInt32.max` are clamped.
    ///
    /// - Parameters:
    ///   - sampleRate: Frames per second.
    ///   - dataBytes: The size of the sample data in bytes (2 per frame).
    /// - Returns: The header bytes.
    public static func header(sampleRate: Int, dataBytes: Int) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(headerSize)
        let clampedData = UInt32(clamping: max(0, dataBytes))
        bytes += Array("RIFF".utf8)
        append32(&bytes, UInt32(clamping: 36 + Int(clampedData)))
        bytes += Array("WAVEfmt ".utf8)
        append32(&bytes, 16)
        append16(&bytes, formatPCM)
        append16(&bytes, 1)
        append32(&bytes, UInt32(clamping: sampleRate))
        append32(&bytes, UInt32(clamping: sampleRate * 2))
        append16(&bytes, 2)
        append16(&bytes, 16)
        bytes += Array("data".utf8)
        append32(&bytes, clampedData)
        return bytes
    }

    /// A little-endian `UInt32` as four bytes, for patching the size fields of a streamed header.
    ///
    /// - Parameter value: The value.
    /// - Returns: Four bytes, least significant first.
    public static func littleEndianBytes(_ value: UInt32) -> [UInt8] {
        var bytes = [UInt8]()
        append32(&bytes, value)
        return bytes
    }

    private static func fourCC(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> String {
        String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
    }

    private static func uint16(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func uint32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    private static func append16(_ bytes: inout [UInt8], _ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    private static func append32(_ bytes: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
