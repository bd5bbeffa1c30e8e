import RetroWalkCore
import RetroWalkTesting
import StrapProtocol
import Testing

@Suite("FIT recordings: files from an independent encoder, values from independent decoders")
struct FITDecoderTests {
    static func bytes(_ hex: String) throws -> [UInt8] {
        try MeasurementDecoding.bytes(fromHex: hex.split(separator: "\n").joined(separator: " "))
    }

    static func read(_ bytes: [UInt8], name: String = "walk.fit") throws -> Recording {
        try FITDecoder.read(bytes: bytes, name: name)
    }

    /// A FIT file around `records`: a 14-byte header with its CRC, the records, the file CRC.
    static func file(_ records: [UInt8], headerSize: UInt8 = 14) -> [UInt8] {
        let size = UInt32(records.count)
        var header: [UInt8] = [headerSize, 0x20, 0x5D, 0x52]
        header += [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24)]
        header += Array(".FIT".utf8)
        if headerSize >= 14 {
            let crc = FITDecoder.crc16(header)
            header += [UInt8(crc & 0xFF), UInt8(crc >> 8)]
        }
        let body = header + records
        let crc = FITDecoder.crc16(body)
        return body + [UInt8(crc & 0xFF), UInt8(crc >> 8)]
    }

    /// Definition of local type `local` as `record` (20) with timestamp (253, uint32) and heart_rate (3, uint8).
    static func recordDefinition(local: UInt8 = 0, bigEndian: Bool = false) -> [UInt8] {
        [0x40 | local, 0, bigEndian ? 1 : 0] + (bigEndian ? [0, 20] : [20, 0]) + [2, 253, 4, 0x86, 3, 1, 0x02]
    }

    /// A `record` data message on local type `local` (little-endian layout of ``recordDefinition``).
    static func record(local: UInt8 = 0, timestamp: UInt32, bpm: UInt8) -> [UInt8] {
        [
            local, UInt8(timestamp & 0xFF), UInt8(timestamp >> 8 & 0xFF), UInt8(timestamp >> 16 & 0xFF),
            UInt8(timestamp >> 24), bpm,
        ]
    }

    @Test("the FIT CRC-16 is CRC-16/ARC: check value of '123456789' is 0xBB3D")
    func crcCheckValue() {
        #expect(FITDecoder.crc16(Array("123456789".utf8)) == 0xBB3D)
        #expect(FITDecoder.crc16(Array("6789".utf8), startingWith: FITDecoder.crc16(Array("12345".utf8))) == 0xBB3D)
    }

    @Test("walk with hrv messages: every record and RR value as fitdecode, fitparse and garmin-fit-sdk read them")
    func walkHRV() throws {
        // Given the file with a record per second and an hrv message after each.
        let recording = try Self.read(Self.bytes(FITFixtures.walkHRVHex))
        // Then the records with a valid heart rate are the decoders' records, at seconds since the first record.
        let withRate = recording.samples.filter { $0.time != 8 }
        #expect(withRate.map(\.time) == FITFixtures.walkHRVRecords.map(\.time))
        #expect(withRate.map(\.beatsPerMinute) == FITFixtures.walkHRVRecords.map(\.bpm))
        // And each record carries the RR values of the hrv message after it (ms → 1/1024 s).
        #expect(recording.samples.count == FITFixtures.walkHRVHRVMilliseconds.count)
        for (sample, milliseconds) in zip(recording.samples, FITFixtures.walkHRVHRVMilliseconds) {
            #expect(sample.rrIntervals == milliseconds.map { RRInterval.raw(fromMilliseconds: Double($0)) })
            #expect(sample.contact == .unsupported)
        }
        // And the record without heart_rate (8 s) is kept for its beats, with bpm from its last RR (738 ms → 81).
        let derived = try #require(recording.samples.first { $0.time == 8 })
        #expect(derived.beatsPerMinute == 81)
        #expect(derived.rrIntervals == [745, 756])
        // And the session's start, sport and the device come from session and device_info.
        #expect(
            recording.metadata
                == Recording.Metadata(
                    startDate: FITFixtures.walkHRVSessionStart,
                    sport: "walking",
                    deviceName: "Forerunner 255"
                )
        )
        #expect(recording.format == .fit)
        #expect(recording.hasRR)
        #expect(recording.notes.isEmpty)
    }

    @Test("big-endian definitions, compressed timestamps, developer fields and an invalid heart rate")
    func compressedBigEndian() throws {
        let recording = try Self.read(Self.bytes(FITFixtures.compressedBigEndianHex), name: "bouts.fit")
        #expect(recording.samples.map(\.time) == FITFixtures.compressedBigEndianRecords.map(\.time))
        #expect(recording.samples.map(\.beatsPerMinute) == FITFixtures.compressedBigEndianRecords.map(\.bpm))
        #expect(!recording.hasRR)
        #expect(
            recording.metadata
                == Recording.Metadata(
                    startDate: FITFixtures.compressedBigEndianSessionStart,
                    sport: "training",
                    deviceName: "retrowalk fixture"
                )
        )
        #expect(recording.notes == ["1 record message(s) without a valid heart rate or timestamp were skipped"])
    }

    @Test("a 12-byte header reads the same as the 14-byte one")
    func legacyHeader() throws {
        // Given the compressed file rewritten with a 12-byte header (no header CRC) and a new file CRC.
        let original = try Self.bytes(FITFixtures.compressedBigEndianHex)
        let records = Array(original[14..<(original.count - 2)])
        let legacy = Self.file(records, headerSize: 12)
        #expect(legacy.count == original.count - 2)
        // Then the samples are the same.
        #expect(try Self.read(legacy).samples == Self.read(original).samples)
    }

    @Test("chained FIT files are read one after the other")
    func chained() throws {
        let first = try Self.bytes(FITFixtures.compressedBigEndianHex)  // 2024
        let second = try Self.bytes(FITFixtures.walkHRVHex)  // 2025
        let recording = try Self.read(first + second)
        #expect(recording.samples.count == 25 + 31)
        #expect(recording.metadata.startDate == FITFixtures.compressedBigEndianSessionStart)
        let offset = Double(FITFixtures.walkHRVFirstRecordUnixTime - FITFixtures.compressedBigEndianFirstRecordUnixTime)
        #expect(recording.samples[25].time == offset)
    }

    @Test("hrv before the first record belongs to it; 0xFFFF padding in hrv arrays is skipped")
    func hrvBeforeFirstRecord() throws {
        // Given an hrv message (750 ms and a 0xFFFF pad) before any record, then two records, the second with an
        // invalid heart rate and no hrv after it.
        var records: [UInt8] = [0x40 | 2, 0, 0, 78, 0, 1, 0, 4, 0x84]  // local 2: hrv, time uint16[2]
        records += [0x02, 0xEE, 0x02, 0xFF, 0xFF]
        records += Self.recordDefinition() + Self.record(timestamp: 500, bpm: 80)
        records += Self.record(timestamp: 501, bpm: 0xFF)
        let recording = try Self.read(Self.file(records))
        // Then the first record carries the RR value, and the second is skipped with a note.
        #expect(
            recording.samples == [
                HeartRateSample(time: 0, beatsPerMinute: 80, contact: .unsupported, rrIntervals: [768])
            ]
        )
        #expect(recording.notes == ["1 record message(s) without a valid heart rate or timestamp were skipped"])
    }

    @Test("bytes after the last FIT file are ignored, and the recording says so")
    func trailingBytes() throws {
        let recording = try Self.read(Self.bytes(FITFixtures.walkHRVHex) + [0, 0, 0, 0])
        #expect(recording.samples.count == 31)
        #expect(recording.notes == ["4 bytes after the FIT data (not another FIT file) were ignored"])
    }

    @Test("hand-made records: big-endian fields, compressed offsets that roll over, 0xFF skipped")
    func handMade() throws {
        // Given a big-endian record definition, a full timestamp of 1000 (low 5 bits = 8), then compressed headers
        // with offsets 30 (→ 992 + 30 = 1022), 2 (below 30: rolls over → 1024 + 2 = 1026, invalid rate) and 5
        // (→ 1024 + 5 = 1029).
        var records = Self.recordDefinition(local: 0, bigEndian: true)
        records += [0x00, 0, 0, 0x03, 0xE8, 70]  // timestamp 1000 big-endian, 70 bpm
        records += [0x40 | 1, 0, 0, 20, 0, 1, 3, 1, 0x02]  // local 1: heart_rate only (little-endian)
        records += [0x80 | 1 << 5 | 30, 72]  // compressed: local 1, offset 30
        records += [0x80 | 1 << 5 | 2, 0xFF]  // compressed: offset 2, invalid rate → skipped
        records += [0x80 | 1 << 5 | 5, 75]  // compressed: offset 5 → 1029
        let recording = try Self.read(Self.file(records))
        #expect(recording.samples.map(\.time) == [0, 22, 29])
        #expect(recording.samples.map(\.beatsPerMinute) == [70, 72, 75])
        #expect(recording.metadata.startDate == "1989-12-31T00:16:40Z")
    }

    /// The malformed inputs, by name.
    static func malformedInput(_ name: String) throws -> [UInt8] {
        switch name {
        case "bad CRC":
            return try bytes(FITFixtures.badCRCHex)
        case "truncated":
            return Array(try bytes(FITFixtures.walkHRVHex).prefix(600))
        case "shorter than a header":
            return Array(try bytes(FITFixtures.walkHRVHex).prefix(9))
        case "bad header CRC":
            var input = try bytes(FITFixtures.compressedBigEndianHex)
            input[12] ^= 0xFF
            return input
        case "no signature":
            return Array("twelve bytes and more".utf8)
        case "undefined local type":
            return file(recordDefinition() + record(local: 3, timestamp: 5, bpm: 60))
        case "compressed before any timestamp":
            return file([0x40 | 1, 0, 0, 20, 0, 1, 3, 1, 0x02, 0xA4, 70])
        case "definition past the end":
            return file(Array(recordDefinition().prefix(9)))
        case "data message past the end":
            return file(recordDefinition() + [0x00, 1, 2])
        case "bad architecture":
            return file([0x40, 0, 7, 20, 0, 0])
        default:  // "time going backwards"
            let records =
                record(timestamp: 100, bpm: 60) + record(timestamp: 160, bpm: 61) + record(timestamp: 130, bpm: 62)
            return file(recordDefinition() + records)
        }
    }

    static let malformedCases: [(name: String, message: String)] = [
        (
            "bad CRC",
            "FIT file 'walk.fit' has a bad file CRC: stored 0xBC67, computed 0x53E7; the file is damaged (copy it "
                + "again from the device)"
        ),
        (
            "truncated",
            "FIT file 'walk.fit' is truncated: the header declares 1135 data bytes and a 2-byte CRC but 588 bytes "
                + "follow the header; the file was cut off (copy it again)"
        ),
        ("shorter than a header", "FIT file 'walk.fit' is truncated: 9 bytes, a FIT file header alone has 12 or more"),
        (
            "bad header CRC",
            "FIT file 'walk.fit' has a bad header CRC: stored 0x0FC2, computed 0x0F3D; the header is damaged"
        ),
        (
            "no signature",
            "FIT file 'walk.fit' has no FIT file header: header size 116 and bytes 8-11 '79 74 65 73'; expected a size "
                + "of 12 or more and '.FIT' (2e 46 49 54)"
        ),
        (
            "undefined local type",
            "FIT file 'walk.fit' has a data message at byte 26 for local message type 3, which no definition message "
                + "defined before it; the file is damaged"
        ),
        (
            "compressed before any timestamp",
            "FIT file 'walk.fit' has a compressed-timestamp record at byte 23 before any timestamp; a normal record "
                + "with field 253 must come first"
        ),
        (
            "definition past the end",
            "FIT file 'walk.fit' is truncated: the definition message at byte 14 runs past the end of the data "
                + "(byte 23); the file was cut off or its data size is wrong"
        ),
        (
            "data message past the end",
            "FIT file 'walk.fit' is truncated: the data message at byte 26 (global message 20, 5 bytes) runs past the "
                + "end of the data (byte 29)"
        ),
        (
            "bad architecture",
            "FIT file 'walk.fit' has a definition message at byte 14 with architecture 7; expected 0 (little-endian) "
                + "or 1 (big-endian)"
        ),
        (
            "time going backwards",
            "FIT file 'walk.fit' has a record at byte 38 timed 1989-12-31T00:02:10Z, 30 s before the record before "
                + "it; records must be in time order"
        ),
    ]

    @Test("malformed FIT: the message names what failed, where, and what to do", arguments: malformedCases)
    func malformed(name: String, message: String) throws {
        let input = try Self.malformedInput(name)
        #expect {
            try Self.read(input)
        } throws: { error in
            let error = error as? StrapProtocolError
            return error?.code == .malformedRecording && error?.message == message
        }
    }

    @Test("a file without heart rate is an empty recording")
    func noHeartRate() {
        let records = FITDecoderTests.recordDefinition() + FITDecoderTests.record(timestamp: 100, bpm: 0xFF)
        #expect {
            try Self.read(Self.file(records))
        } throws: { error in
            let error = error as? StrapProtocolError
            return error?.code == .emptyRecording
                && error?.message == "FIT file 'walk.fit' has no heart-rate readings (no record message with "
                    + "heart_rate or hrv data); record with a heart-rate sensor paired, or give another file"
        }
    }
}
