import RetroWalkCore

/// Reads heart rate and RR intervals from a Garmin FIT file (Flexible and Interoperable Data Transfer).
///
/// What is read, from the FIT SDK's protocol description and its profile (Profile 21.x; the same numbers appear in
/// the SDK's generated `profile.py` and in third-party decoders generated from it):
/// - **File header**, 12 or 14 bytes (larger sizes are accepted and the extra bytes skipped): size (1),
///   protocol version (1), profile version (2, LE), data size (4, LE), ASCII `.FIT` (bytes 8–11), and in the
///   14-byte form a CRC of bytes 0–11 (LE; 0 means "not computed"). After the data records comes the file CRC
///   (2, LE), the CRC of the header and data. Both CRCs are the FIT CRC-16 (nibble table
///   `0000 CC01 D801 1400 F001 3C00 2800 E401 A001 6C00 7800 B401 5000 9C01 8801 4400`).
///   Chained files (one FIT file after another) are read one after the other.
/// - **Record headers**: bit 7 clear is a *normal* header (bit 6 definition, bit 5 developer data in a definition,
///   bits 0–3 local message type); bit 7 set is a *compressed-timestamp* data header (bits 5–6 local type,
///   bits 0–4 a time offset: timestamp = last timestamp with its low 5 bits replaced by the offset, plus 32 when the
///   offset is below the last timestamp's low 5 bits).
/// - **Definition messages**: reserved (1), architecture (1: 0 little-, 1 big-endian), global message number (2, in
///   that architecture), field count, 3 bytes per field (number, size, base type); with the developer bit, a
///   developer field count and 3 bytes each (number, size, developer data index). Developer fields are skipped by
///   size.
/// - **Messages and fields**: `record` (global 20): `timestamp` (253, `date_time` uint32, seconds since
///   1989-12-31T00:00:00Z) and `heart_rate` (3, uint8, bpm); `hrv` (78): `time` (0, uint16 array, scale 1000,
///   seconds: RR intervals); `session` (18): `start_time` (2) and `sport` (5, enum); `file_id` (0): `manufacturer`
///   (1), `product` (2), `time_created` (4), `product_name` (8); `device_info` (23): `device_index` (0),
///   `manufacturer` (2), `product` (4), `product_name` (27). Field 253 in any message sets the last timestamp
///   used by compressed headers.
/// - **Invalid values** are skipped: all-ones for unsigned types (`0xFF` uint8, `0xFFFF` uint16,
///   `0xFFFFFFFF` uint32), zero for the `z` types, and values too large for the field's profile type when a file
///   declares it wider (a 64-bit `heart_rate` above 65535, a 64-bit `start_time` above 2^32 − 1).
///
/// Samples: one per `record` with a timestamp, time 0 = the first record's timestamp, bpm from `heart_rate`,
/// contact ``RetroWalkCore/Contact/unsupported``. The RR values of each `hrv` message go to the `record` before it
/// (Garmin devices write a record, then the hrv message of the beats in that second; hrv messages before the first
/// record go to the first). A record whose heart rate is invalid becomes a sample only if it got RR values, with bpm
/// 60000 / the last RR in ms.
///
/// - SeeAlso: Garmin FIT SDK, "FIT Protocol" (developer.garmin.com/fit/protocol) and `Profile.xlsx`.
public enum FITDecoder {
    /// Reads a FIT file.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - name: The file's name or path, for messages.
    /// - Returns: The recording, format ``Recording/Format/fit``, with the session's start time and sport and the
    ///   device name when the file has them.
    /// - Throws: ``StrapProtocolError``: ``StrapProtocolError/Code/malformedRecording`` for a bad header, a CRC
    ///   mismatch, a truncated file or record, a data message of an undefined local type, a compressed timestamp
    ///   before any timestamp, or records going back in time; ``StrapProtocolError/Code/emptyRecording`` when no
    ///   record has a heart rate.
    public static func read(bytes: [UInt8], name: String) throws(StrapProtocolError) -> Recording {
        var reader = Reader(bytes: bytes, name: name)
        try reader.readAll()
        return try reader.recording()
    }

    /// Whether the bytes start with a FIT file header: a header size of at least 12 and `.FIT` at bytes 8–11.
    ///
    /// - Parameter bytes: The file, or its first 12 bytes.
    /// - Returns: `true` for a FIT file header.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 12 && bytes[0] >= 12 && bytes[8] == 0x2E && bytes[9] == 0x46 && bytes[10] == 0x49
            && bytes[11] == 0x54
    }

    /// The FIT CRC-16 of `bytes`, continuing from `crc` (start with 0).
    ///
    /// - Parameters:
    ///   - bytes: The bytes to add.
    ///   - crc: The CRC so far.
    /// - Returns: The CRC including `bytes`.
    public static func crc16(_ bytes: some Collection<UInt8>, startingWith crc: UInt16 = 0) -> UInt16 {
        var crc = crc
        for byte in bytes {
            var temp = crcTable[Int(crc & 0xF)]
            crc = (crc >> 4) & 0x0FFF
            crc = crc ^ temp ^ crcTable[Int(byte & 0xF)]
            temp = crcTable[Int(crc & 0xF)]
            crc = (crc >> 4) & 0x0FFF
            crc = crc ^ temp ^ crcTable[Int((byte >> 4) & 0xF)]
        }
        return crc
    }

    private static let crcTable: [UInt16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
        0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ]

    /// Global message numbers and field numbers of the FIT profile that the reader uses.
    enum Profile {
        static let fileID: UInt16 = 0
        static let session: UInt16 = 18
        static let record: UInt16 = 20
        static let deviceInfo: UInt16 = 23
        static let hrv: UInt16 = 78
        static let timestampField: UInt8 = 253

        /// `sport` enum values (Profile `sport` type) and their profile names.
        static let sports: [UInt64: String] = [
            0: "generic", 1: "running", 2: "cycling", 3: "transition", 4: "fitness_equipment", 5: "swimming",
            6: "basketball", 7: "soccer", 8: "tennis", 9: "american_football", 10: "training", 11: "walking",
            12: "cross_country_skiing", 13: "alpine_skiing", 14: "snowboarding", 15: "rowing", 16: "mountaineering",
            17: "hiking", 18: "multisport", 19: "paddling",
        ]

        /// A few `manufacturer` values (Profile `manufacturer` type), for a device name when the file has none.
        static let manufacturers: [UInt64: String] = [
            1: "Garmin", 15: "Dynastream", 23: "Suunto", 32: "Wahoo Fitness", 123: "Polar", 255: "development",
            260: "Zwift", 265: "Strava", 294: "Coros",
        ]
    }

    /// One field of a definition message.
    struct FieldDefinition {
        var number: UInt8
        var size: Int
        var baseType: UInt8
    }

    /// A definition message: how the data messages of one local type are laid out.
    struct Definition {
        var globalNumber: UInt16
        var isBigEndian: Bool
        var fields: [FieldDefinition]
        /// Total size of the developer fields, skipped.
        var developerSize: Int
        var dataSize: Int { fields.reduce(developerSize) { $0 + $1.size } }
    }

    /// The decoding state over one buffer (possibly several chained FIT files).
    struct Reader {
        let bytes: [UInt8]
        let name: String
        var definitions: [Definition?] = Array(repeating: nil, count: 16)
        var lastTimestamp: UInt32?
        var firstRecordTimestamp: UInt32?
        var samples: [HeartRateSample] = []
        var pendingRecord: (time: Double, bpm: UInt16?, rr: [UInt16])?
        var orphanRR: [UInt16] = []
        var skippedRecords = 0
        var trailingBytes = 0
        var sessionStart: UInt32?
        var sport: String?
        var fileProductName: String?
        var fileManufacturer: UInt64?
        var fileProduct: UInt64?
        var fileTimeCreated: UInt32?
        var creatorName: String?
        var anyDeviceName: String?

        init(bytes: [UInt8], name: String) {
            self.bytes = bytes
            self.name = name
        }

        func fail(_ problem: String) -> StrapProtocolError {
            StrapProtocolError(code: .malformedRecording, message: "FIT file '\(name)' \(problem)")
        }

        mutating func readAll() throws(StrapProtocolError) {
            var start = 0
            var index = 0
            while start < bytes.count {
                if index > 0, !FITDecoder.hasSignature(Array(bytes[start..<min(bytes.count, start + 12)])) {
                    trailingBytes = bytes.count - start  // after the last chained file (padding): ignored
                    break
                }
                start = try readFile(at: start, index: index)
                index += 1
            }
            finishPendingRecord()
        }

        /// Reads one FIT file starting at `start`; returns the offset after its CRC.
        mutating func readFile(at start: Int, index: Int) throws(StrapProtocolError) -> Int {
            let which = index == 0 ? "" : " (chained file \(index + 1), byte \(start))"
            let available = bytes.count - start
            guard available >= 12 else {
                throw fail("is truncated\(which): \(Bytes.count(available)), a FIT file header alone has 12 or more")
            }
            let headerSize = Int(bytes[start])
            guard headerSize >= 12, FITDecoder.hasSignature(Array(bytes[start..<start + 12])) else {
                throw fail(
                    "has no FIT file header\(which): header size \(headerSize) and bytes 8-11 "
                        + "'\(Bytes.hexDump(Array(bytes[start + 8..<start + 12])))'; expected a size of 12 or more and "
                        + "'.FIT' (2e 46 49 54)"
                )
            }
            guard available >= headerSize else {
                throw fail("is truncated\(which): the header declares \(headerSize) bytes but \(available) follow")
            }
            if headerSize >= 14 {
                let stored = UInt16(bytes[start + 12]) | UInt16(bytes[start + 13]) << 8
                let computed = FITDecoder.crc16(bytes[start..<start + 12])
                if stored != 0, stored != computed {
                    throw fail(
                        "has a bad header CRC\(which): stored \(Bytes.hex16(stored)), computed "
                            + "\(Bytes.hex16(computed)); the header is damaged"
                    )
                }
            }
            let dataSize =
                Int(bytes[start + 4]) | Int(bytes[start + 5]) << 8 | Int(bytes[start + 6]) << 16
                | Int(bytes[start + 7]) << 24
            let dataStart = start + headerSize
            let dataEnd = dataStart + dataSize
            guard dataEnd + 2 <= bytes.count else {
                throw fail(
                    "is truncated\(which): the header declares \(dataSize) data bytes and a 2-byte CRC but "
                        + "\(bytes.count - dataStart) bytes follow the header; the file was cut off (copy it again)"
                )
            }
            let stored = UInt16(bytes[dataEnd]) | UInt16(bytes[dataEnd + 1]) << 8
            let computed = FITDecoder.crc16(bytes[start..<dataEnd])
            guard stored == computed else {
                throw fail(
                    "has a bad file CRC\(which): stored \(Bytes.hex16(stored)), computed \(Bytes.hex16(computed)); "
                        + "the file is damaged (copy it again from the device)"
                )
            }
            definitions = Array(repeating: nil, count: 16)
            var offset = dataStart
            while offset < dataEnd {
                offset = try readRecord(at: offset, end: dataEnd)
            }
            return dataEnd + 2
        }

        /// Reads one record (definition or data message) at `offset`; returns the offset after it.
        mutating func readRecord(at offset: Int, end: Int) throws(StrapProtocolError) -> Int {
            let header = bytes[offset]
            if header & 0x80 != 0 {
                let localType = Int((header >> 5) & 0x03)
                let timeOffset = UInt32(header & 0x1F)
                guard let last = lastTimestamp else {
                    throw fail(
                        "has a compressed-timestamp record at byte \(offset) before any timestamp; a normal record "
                            + "with field 253 must come first"
                    )
                }
                var timestamp = (last & ~0x1F) &+ timeOffset
                if timeOffset < last & 0x1F { timestamp = timestamp &+ 0x20 }
                lastTimestamp = timestamp
                return try readData(at: offset, localType: localType, end: end, compressedTimestamp: timestamp)
            }
            if header & 0x40 != 0 {
                return try readDefinition(at: offset, hasDeveloperFields: header & 0x20 != 0, end: end)
            }
            return try readData(at: offset, localType: Int(header & 0x0F), end: end, compressedTimestamp: nil)
        }

        mutating func readDefinition(
            at offset: Int,
            hasDeveloperFields: Bool,
            end: Int
        ) throws(StrapProtocolError) -> Int {
            let localType = Int(bytes[offset] & 0x0F)
            var cursor = offset + 1
            func need(_ count: Int) throws(StrapProtocolError) {
                guard cursor + count <= end else {
                    throw fail(
                        "is truncated: the definition message at byte \(offset) runs past the end of the data "
                            + "(byte \(end)); the file was cut off or its data size is wrong"
                    )
                }
            }
            try need(5)
            let architecture = bytes[cursor + 1]
            guard architecture <= 1 else {
                throw fail(
                    "has a definition message at byte \(offset) with architecture \(architecture); expected 0 "
                        + "(little-endian) or 1 (big-endian)"
                )
            }
            let isBigEndian = architecture == 1
            let globalNumber =
                isBigEndian
                ? UInt16(bytes[cursor + 2]) << 8 | UInt16(bytes[cursor + 3])
                : UInt16(bytes[cursor + 3]) << 8 | UInt16(bytes[cursor + 2])
            let fieldCount = Int(bytes[cursor + 4])
            cursor += 5
            try need(3 * fieldCount)
            var fields: [FieldDefinition] = []
            fields.reserveCapacity(fieldCount)
            for _ in 0..<fieldCount {
                fields.append(
                    FieldDefinition(number: bytes[cursor], size: Int(bytes[cursor + 1]), baseType: bytes[cursor + 2])
                )
                cursor += 3
            }
            var developerSize = 0
            if hasDeveloperFields {
                try need(1)
                let developerCount = Int(bytes[cursor])
                cursor += 1
                try need(3 * developerCount)
                for _ in 0..<developerCount {
                    developerSize += Int(bytes[cursor + 1])
                    cursor += 3
                }
            }
            definitions[localType] = Definition(
                globalNumber: globalNumber,
                isBigEndian: isBigEndian,
                fields: fields,
                developerSize: developerSize
            )
            return cursor
        }

        mutating func readData(
            at offset: Int,
            localType: Int,
            end: Int,
            compressedTimestamp: UInt32?
        ) throws(StrapProtocolError) -> Int {
            guard let definition = definitions[localType] else {
                throw fail(
                    "has a data message at byte \(offset) for local message type \(localType), which no definition "
                        + "message defined before it; the file is damaged"
                )
            }
            let start = offset + 1
            guard start + definition.dataSize <= end else {
                throw fail(
                    "is truncated: the data message at byte \(offset) (global message \(definition.globalNumber), "
                        + "\(Bytes.count(definition.dataSize))) runs past the end of the data (byte \(end))"
                )
            }
            var message = Message(timestamp: compressedTimestamp)
            var cursor = start
            for field in definition.fields {
                read(field, at: cursor, definition: definition, into: &message)
                cursor += field.size
            }
            if compressedTimestamp == nil, let timestamp = message.timestamp { lastTimestamp = timestamp }
            try take(message, global: definition.globalNumber, at: offset)
            return start + definition.dataSize
        }

        /// The fields of one data message that the reader cares about.
        struct Message {
            var timestamp: UInt32?
            var integers: [UInt8: UInt64] = [:]
            var strings: [UInt8: String] = [:]
            var arrays: [UInt8: [UInt64]] = [:]
        }

        func read(_ field: FieldDefinition, at offset: Int, definition: Definition, into message: inout Message) {
            let global = definition.globalNumber
            let wanted: Bool =
                switch (global, field.number) {
                case (_, Profile.timestampField): true
                case (Profile.record, 3), (Profile.hrv, 0), (Profile.session, 2), (Profile.session, 5): true
                case (Profile.fileID, 1), (Profile.fileID, 2), (Profile.fileID, 4), (Profile.fileID, 8): true
                case (Profile.deviceInfo, 0), (Profile.deviceInfo, 2), (Profile.deviceInfo, 4),
                    (Profile.deviceInfo, 27):
                    true
                default: false
                }
            guard wanted, field.size > 0 else { return }
            let baseNumber = field.baseType & 0x1F
            if baseNumber == 0x07 {  // string, NUL-terminated UTF-8
                let slice = bytes[offset..<offset + field.size]
                let text = slice.prefix { $0 != 0 }
                if !text.isEmpty { message.strings[field.number] = String(decoding: text, as: UTF8.self) }
                return
            }
            guard let width = Self.integerWidth[baseNumber], field.size % width == 0 else { return }
            var values: [UInt64] = []
            var cursor = offset
            while cursor < offset + field.size {
                let value = integer(at: cursor, width: width, isBigEndian: definition.isBigEndian)
                if !Self.isInvalid(value, baseNumber: baseNumber, width: width) { values.append(value) }
                cursor += width
            }
            if field.number == Profile.timestampField {
                if field.size == 4, let value = values.first { message.timestamp = UInt32(value) }
            } else if global == Profile.hrv {
                message.arrays[field.number] = values
            } else if field.size == width, let value = values.first {
                message.integers[field.number] = value
            }
        }

        /// Byte width of the integer base types, by base type number (the low 5 bits of the base type byte):
        /// enum, sint8, uint8, sint16, uint16, sint32, uint32, uint8z, uint16z, uint32z, byte, sint64, uint64,
        /// uint64z.
        static let integerWidth: [UInt8: Int] = [
            0x00: 1, 0x01: 1, 0x02: 1, 0x03: 2, 0x04: 2, 0x05: 4, 0x06: 4, 0x0A: 1, 0x0B: 2, 0x0C: 4, 0x0D: 1,
            0x0E: 8, 0x0F: 8, 0x10: 8,
        ]

        /// The FIT invalid value of a base type: zero for the `z` types, the sign-bit pattern for signed types,
        /// all ones otherwise.
        static func isInvalid(_ value: UInt64, baseNumber: UInt8, width: Int) -> Bool {
            let allOnes: UInt64 = width == 8 ? .max : (1 << UInt64(width * 8)) - 1
            switch baseNumber {
            case 0x0A, 0x0B, 0x0C, 0x10: return value == 0
            case 0x01, 0x03, 0x05, 0x0E: return value == (allOnes >> 1)  // 0x7F, 0x7FFF, … (signed invalid)
            default: return value == allOnes
            }
        }

        func integer(at offset: Int, width: Int, isBigEndian: Bool) -> UInt64 {
            var value: UInt64 = 0
            for index in 0..<width {
                let byte = UInt64(bytes[offset + (isBigEndian ? index : width - 1 - index)])
                value = value << 8 | byte
            }
            return value
        }

        /// Uses one decoded data message.
        mutating func take(_ message: Message, global: UInt16, at offset: Int) throws(StrapProtocolError) {
            switch global {
            case Profile.record:
                guard let timestamp = message.timestamp ?? lastTimestamp else {
                    skippedRecords += 1
                    return
                }
                let first = firstRecordTimestamp ?? timestamp
                firstRecordTimestamp = first
                guard timestamp >= first else {
                    throw fail(
                        "has a record at byte \(offset) timed \(iso(timestamp)), before the first record "
                            + "(\(iso(first))); records must be in time order"
                    )
                }
                let time = Double(timestamp - first)
                if let previous = pendingRecord?.time ?? samples.last?.time, time < previous {
                    throw fail(
                        "has a record at byte \(offset) timed \(iso(timestamp)), \(RecordingText.number(previous - time)) s "
                            + "before the record before it; records must be in time order"
                    )
                }
                finishPendingRecord()
                // A field wider than the profile's uint8 (allowed by the format) may hold more than a UInt16: invalid.
                let bpm = message.integers[3].flatMap { UInt16(exactly: $0) }
                pendingRecord = (time, bpm, orphanRR)
                orphanRR = []
            case Profile.hrv:
                let intervals = (message.arrays[0] ?? []).map { RRInterval.raw(fromMilliseconds: Double($0)) }
                    .filter { $0 > 0 }
                if pendingRecord != nil {
                    pendingRecord?.rr += intervals
                } else {
                    orphanRR += intervals
                }
            case Profile.session:
                if sessionStart == nil, let start = message.integers[2] { sessionStart = UInt32(exactly: start) }
                if sport == nil, let value = message.integers[5] {
                    sport = Profile.sports[value] ?? "sport \(value)"
                }
            case Profile.fileID:
                fileProductName = fileProductName ?? message.strings[8]
                fileManufacturer = fileManufacturer ?? message.integers[1]
                fileProduct = fileProduct ?? message.integers[2]
                if fileTimeCreated == nil, let created = message.integers[4] {
                    fileTimeCreated = UInt32(exactly: created)
                }
            case Profile.deviceInfo:
                if let product = message.strings[27] {
                    if message.integers[0] == 0, creatorName == nil { creatorName = product }
                    if anyDeviceName == nil { anyDeviceName = product }
                }
            default:
                break
            }
        }

        /// Turns the last record into a sample, now that no more hrv messages belong to it.
        mutating func finishPendingRecord() {
            guard let record = pendingRecord else { return }
            pendingRecord = nil
            let bpm: UInt16
            if let value = record.bpm {
                bpm = value
            } else if let last = record.rr.last {
                bpm = RRText.beatsPerMinute(raw: last)
            } else {
                skippedRecords += 1
                return
            }
            samples.append(
                HeartRateSample(time: record.time, beatsPerMinute: bpm, contact: .unsupported, rrIntervals: record.rr)
            )
        }

        func iso(_ timestamp: UInt32) -> String {
            CivilTime.iso8601(unixSeconds: Int64(timestamp) + CivilTime.fitEpochOffset)
        }

        func recording() throws(StrapProtocolError) -> Recording {
            guard !samples.isEmpty else {
                throw StrapProtocolError(
                    code: .emptyRecording,
                    message: "FIT file '\(name)' has no heart-rate readings (no record message with heart_rate or hrv "
                        + "data); record with a heart-rate sensor paired, or give another file"
                )
            }
            var notes: [String] = []
            if skippedRecords > 0 {
                notes.append("\(skippedRecords) record message(s) without a valid heart rate or timestamp were skipped")
            }
            if trailingBytes > 0 {
                notes.append("\(Bytes.count(trailingBytes)) after the FIT data (not another FIT file) were ignored")
            }
            if !orphanRR.isEmpty {
                notes.append("\(orphanRR.count) RR value(s) in hrv messages with no record to belong to were dropped")
            }
            let start = sessionStart ?? firstRecordTimestamp ?? fileTimeCreated
            var device = fileProductName ?? creatorName ?? anyDeviceName
            if device == nil, let manufacturer = fileManufacturer {
                let maker = Profile.manufacturers[manufacturer] ?? "manufacturer \(manufacturer)"
                device = fileProduct.map { "\(maker) product \($0)" } ?? maker
            }
            return Recording(
                samples: samples,
                format: .fit,
                metadata: Recording.Metadata(startDate: start.map(iso), sport: sport, deviceName: device),
                notes: notes
            )
        }
    }
}
