import SoundEngine
import Testing

struct WAVTests {
    @Test("encode then decode gives the same samples and rate")
    func roundTrip() throws {
        let samples: [Int16] = [0, 1, -1, 32767, -32768, 1234, -4321]
        let bytes = WAV.encode(samples: samples, sampleRate: 16000)
        #expect(bytes.count == WAV.headerSize + samples.count * 2)
        let decoded = try WAV.decode(bytes)
        #expect(decoded.sampleRate == 16000)
        #expect(decoded.samples == samples)
    }

    @Test("the header is the canonical 44-byte PCM mono layout")
    func headerLayout() {
        let header = WAV.header(sampleRate: 16000, dataBytes: 10)
        #expect(header.count == 44)
        #expect(Array(header[0..<4]) == Array("RIFF".utf8))
        #expect(Array(header[4..<8]) == [46, 0, 0, 0])  // 36 + 10
        #expect(Array(header[8..<16]) == Array("WAVEfmt ".utf8))
        #expect(Array(header[16..<24]) == [16, 0, 0, 0, 1, 0, 1, 0])  // fmt size, PCM, mono
        #expect(Array(header[24..<32]) == [0x80, 0x3E, 0, 0, 0x00, 0x7D, 0, 0])  // 16000, 32000 bytes/s
        #expect(Array(header[32..<36]) == [2, 0, 16, 0])
        #expect(Array(header[36..<44]) == Array("data".utf8) + [10, 0, 0, 0])
        #expect(WAV.littleEndianBytes(0x0102_0304) == [4, 3, 2, 1])
    }

    @Test("unknown chunks (odd-sized, padded) are skipped")
    func skipsUnknownChunks() throws {
        let plain = WAV.encode(samples: [5, -5, 7], sampleRate: 22050)
        var bytes = Array(plain[0..<36])
        bytes += Array("LIST".utf8) + [3, 0, 0, 0] + [0x61, 0x62, 0x63, 0x00]  // 3 bytes + pad
        bytes += Array(plain[36...])
        let decoded = try WAV.decode(bytes)
        #expect(decoded.sampleRate == 22050)
        #expect(decoded.samples == [5, -5, 7])
    }

    @Test("WAVE_FORMAT_EXTENSIBLE with the PCM sub-format is read")
    func extensible() throws {
        var bytes = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WAVEfmt ".utf8) + [40, 0, 0, 0]
        bytes += [0xFE, 0xFF, 1, 0, 0x80, 0x3E, 0, 0, 0x00, 0x7D, 0, 0, 2, 0, 16, 0]
        bytes += [22, 0, 16, 0, 4, 0, 0, 0] + [1, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71]
        bytes += Array("data".utf8) + [4, 0, 0, 0, 1, 0, 0xFF, 0xFF]
        let decoded = try WAV.decode(bytes)
        #expect(decoded.samples == [1, -1])
    }

    @Test("a data chunk whose size runs past the end is read to the last whole sample")
    func unpatchedStream() throws {
        var bytes = WAV.header(sampleRate: 16000, dataBytes: 0x7FFF_FFF0)
        bytes += [1, 0, 2, 0, 3]
        let decoded = try WAV.decode(bytes)
        #expect(decoded.samples == [1, 2])
    }

    @Test(
        "formats other than 16-bit PCM mono are rejected, naming the value",
        arguments: [
            (field: 22, value: UInt8(2), expected: "2 channels"),
            (field: 34, value: UInt8(8), expected: "8-bit"),
            (field: 20, value: UInt8(3), expected: "format tag is 3"),
        ])
    func rejectsOtherFormats(field: Int, value: UInt8, expected: String) {
        var bytes = WAV.encode(samples: [1, 2], sampleRate: 16000)
        bytes[field] = value
        let error = #expect(throws: SoundEngineError.self) { try WAV.decode(bytes) }
        #expect(error?.code == .unsupportedWAVFormat)
        #expect(error?.message.contains(expected) == true)
        #expect(error?.message.contains("Sounds/generate.sh") == true)
    }

    @Test("bytes that are not RIFF/WAVE, or lack chunks, are malformed")
    func rejectsMalformed() {
        let notRIFF = #expect(throws: SoundEngineError.self) { try WAV.decode(Array("ID3\u{3}not a wav".utf8)) }
        #expect(notRIFF?.code == .malformedWAV)
        #expect(notRIFF?.message.contains("'ID3?'") == true)
        let header = WAV.header(sampleRate: 16000, dataBytes: 0)
        let noData = #expect(throws: SoundEngineError.self) { try WAV.decode(Array(header[0..<36])) }
        #expect(noData?.message.contains("no 'data' chunk") == true)
    }

    @Test("the layout points at the samples in place, as decode reads them, for unusual files too")
    func layoutInPlace() throws {
        let plain = WAV.encode(samples: [5, -5, 7], sampleRate: 16000)
        var listed = Array(plain[0..<36]) + Array("LIST".utf8) + [3, 0, 0, 0, 0x61, 0x62, 0x63, 0x00]
        listed += Array(plain[36...]) + [9]  // an odd byte after the data chunk
        var unpatched = WAV.header(sampleRate: 16000, dataBytes: 0x7FFF_FFF0)
        unpatched += [1, 0, 2, 0, 3]
        for (bytes, range, samples) in [
            (plain, 44..<50, [Int16]([5, -5, 7])), (listed, 56..<62, [5, -5, 7]), (unpatched, 44..<48, [1, 2]),
        ] {
            let layout = try bytes.withUnsafeBytes { raw in try WAV.layout(of: raw) }
            #expect(layout.sampleRate == 16000)
            #expect(layout.dataRange == range)
            let decoded = try bytes.withUnsafeBytes { raw in try WAV.decode(raw) }
            #expect(decoded.samples == samples)
            #expect(try WAV.decode(bytes).samples == samples)
        }
    }

    @Test("layout refuses what decode refuses, with the same error")
    func layoutErrors() {
        var stereo = WAV.encode(samples: [1, 2], sampleRate: 16000)
        stereo[22] = 2
        for bytes in [stereo, Array("not a wav".utf8), []] {
            let layout = #expect(throws: SoundEngineError.self) {
                try bytes.withUnsafeBytes { raw in try WAV.layout(of: raw) }
            }
            let decode = #expect(throws: SoundEngineError.self) { try WAV.decode(bytes) }
            #expect(layout != nil && layout == decode)
        }
    }
}
