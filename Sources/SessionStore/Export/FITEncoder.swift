import RetroWalkCore
import StrapProtocol

/// Writes a session as a FIT activity file (Garmin's Flexible and Interoperable Data Transfer, protocol 1.0).
///
/// The layout Garmin's "activity file" description asks for, in order:
/// 1. `file_id` (0): type 4 (activity), manufacturer 255 (development), product name `retrowalk`, the session id
///    as serial number and the start as `time_created`.
/// 2. `device_info` (23): the creator, `retrowalk`.
/// 3. `event` (21): timer (0) start (0) at the session's start.
/// 4. Per notification, a `record` (20) with `timestamp` (253) and `heart_rate` (3, bpm), followed by the `hrv`
///    (78) messages of its RR intervals: `time` (0) is an array of 5 uint16 in ms (scale 1000 s), padded with the
///    invalid value 0xFFFF; more than 5 RR take several messages. A notification without skin contact keeps its
///    record with an invalid heart rate (0xFF) and no RR. (Readers, retrowalk's `FITDecoder` included, give
///    an `hrv` message's RR to the `record` before it.)
/// 5. One `lap` (19) per step of the plan as walked (warm-up, each bout, each recovery, pauses, cool-down):
///    start time, elapsed and timer time (ms), average and maximum HR, `intensity` (warmup 2, active 0 for a bout,
///    recovery 4, rest 1 for a pause, cooldown 3), trigger time (1), or session end (7) for the last lap.
/// 6. `event` timer stop-all (4) at the end, one `session` (18, sport walking 11; totals, laps, average and
///    maximum HR, calories when the profile had a mass), one `activity` (34) with the local time.
///
/// Timestamps are whole seconds since 1989-12-31T00:00:00Z (the FIT epoch), from the session's stored start
/// with its offset plus each sample's time, rounded down. The 14-byte header carries its CRC; the file ends with
/// the FIT CRC-16 of header and data (`FITDecoder.crc16`). All fields little-endian.
///
/// - SeeAlso: Garmin FIT SDK, "FIT Protocol", "Activity file", and `Profile.xlsx` (message and field numbers).
public enum FITEncoder {
    /// Encodes the session of `report`.
    ///
    /// - Returns: The file's bytes. Never fails; a session without a parsable start time is dated at the FIT
    ///   epoch.
    public static func encode(_ report: SessionReport) -> [UInt8] {
        let start = report.start ?? WallTime(unixSeconds: WallTime.fitEpochUnixSeconds, offsetSeconds: 0)
        func timestamp(_ seconds: Double) -> UInt32 { start.adding(seconds: seconds).fitTimestamp }
        var writer = Writer()

        writer.define(
            local: 0, global: 0,
            fields: [
                (0, 1, .enumeration), (1, 2, .uint16), (2, 2, .uint16),
                (3, 4, .uint32z), (4, 4, .uint32), (8, 16, .string),
            ])
        writer.message(
            local: 0,
            [
                .u8(4), .u16(255), .u16(0), .u32(UInt32(clamping: max(1, report.id))),
                .u32(timestamp(0)), .string("retrowalk", 16),
            ])

        writer.define(
            local: 1, global: 23,
            fields: [
                (253, 4, .uint32), (0, 1, .uint8), (2, 2, .uint16),
                (4, 2, .uint16), (27, 16, .string),
            ])
        writer.message(local: 1, [.u32(timestamp(0)), .u8(0), .u16(255), .u16(0), .string("retrowalk", 16)])

        writer.define(local: 2, global: 21, fields: [(253, 4, .uint32), (0, 1, .enumeration), (1, 1, .enumeration)])
        writer.message(local: 2, [.u32(timestamp(0)), .u8(0), .u8(0)])

        writer.define(local: 3, global: 20, fields: [(253, 4, .uint32), (3, 1, .uint8)])
        writer.define(local: 4, global: 78, fields: [(0, 10, .uint16)])
        for sample in report.samples {
            let bpm =
                sample.contact == .notDetected || sample.beatsPerMinute == 0
                ? 0xFF : UInt8(clamping: sample.beatsPerMinute)
            writer.message(local: 3, [.u32(timestamp(sample.time)), .u8(bpm)])
            // Beats measured without skin contact are noise: the record keeps the time, without HR or RR.
            var rr = bpm == 0xFF ? [] : sample.rrIntervals[...]
            while !rr.isEmpty {
                let chunk = rr.prefix(5)
                rr = rr.dropFirst(5)
                var values = chunk.map { raw in
                    UInt16(clamping: Int((Double(raw) * 1000 / 1024).rounded()))
                }
                values += Array(repeating: 0xFFFF, count: 5 - values.count)
                writer.message(local: 4, values.map { .u16($0) })
            }
        }

        writer.define(
            local: 5, global: 19,
            fields: [
                (254, 2, .uint16), (253, 4, .uint32), (0, 1, .enumeration),
                (1, 1, .enumeration), (2, 4, .uint32), (7, 4, .uint32), (8, 4, .uint32), (15, 1, .uint8),
                (16, 1, .uint8), (23, 1, .enumeration), (24, 1, .enumeration), (25, 1, .enumeration),
            ])
        for (index, step) in report.steps.enumerated() {
            let milliseconds = UInt32(clamping: Int((step.duration * 1000).rounded()))
            let last = index == report.steps.count - 1
            writer.message(
                local: 5,
                [
                    .u16(UInt16(clamping: index)), .u32(timestamp(step.end)), .u8(9), .u8(1),
                    .u32(timestamp(step.start)),
                    .u32(milliseconds), .u32(milliseconds),
                    .u8(step.meanBPM.map { UInt8(clamping: Int($0.rounded())) } ?? 0xFF),
                    .u8(step.maxBPM.map { UInt8(clamping: $0) } ?? 0xFF), .u8(intensity(step.phase)),
                    .u8(last ? 7 : step.phase == "paused" ? 0 : 1), .u8(11),
                ])
        }

        writer.message(local: 2, [.u32(timestamp(report.duration)), .u8(0), .u8(4)])

        let total = UInt32(clamping: Int((report.duration * 1000).rounded()))
        let calories = report.energy?.range.map {
            UInt16(clamping: Int((($0.lowerBound + $0.upperBound) / 2).rounded()))
        }
        writer.define(
            local: 6, global: 18,
            fields: [
                (254, 2, .uint16), (253, 4, .uint32), (0, 1, .enumeration),
                (1, 1, .enumeration), (2, 4, .uint32), (5, 1, .enumeration), (6, 1, .enumeration), (7, 4, .uint32),
                (8, 4, .uint32), (11, 2, .uint16), (16, 1, .uint8), (17, 1, .uint8), (25, 2, .uint16), (26, 2, .uint16),
                (28, 1, .enumeration),
            ])
        writer.message(
            local: 6,
            [
                .u16(0), .u32(timestamp(report.duration)), .u8(8), .u8(1), .u32(timestamp(0)), .u8(11), .u8(0),
                .u32(total), .u32(total), .u16(calories ?? 0xFFFF),
                .u8(report.meanBPM.map { UInt8(clamping: Int($0.rounded())) } ?? 0xFF),
                .u8(report.maxBPM.map { UInt8(clamping: $0) } ?? 0xFF), .u16(0),
                .u16(UInt16(clamping: report.steps.count)), .u8(0),
            ])

        writer.define(
            local: 7, global: 34,
            fields: [
                (253, 4, .uint32), (0, 4, .uint32), (1, 2, .uint16),
                (2, 1, .enumeration), (3, 1, .enumeration), (4, 1, .enumeration), (5, 4, .uint32),
            ])
        let end = timestamp(report.duration)
        let local = UInt32(clamping: Int64(end) + Int64(start.offsetSeconds))
        writer.message(local: 7, [.u32(end), .u32(total), .u16(1), .u8(0), .u8(26), .u8(1), .u32(local)])

        return writer.file()
    }

    /// The FIT `intensity` of a step.
    static func intensity(_ phase: String) -> UInt8 {
        switch phase {
        case "warmup": 2
        case "recovery": 4
        case "cooldown": 3
        case "paused": 1
        default: 0  // backward bouts and plan-less walking are the active part
        }
    }

    /// FIT base types (the `base_type` byte of a field definition).
    enum BaseType: UInt8 {
        case enumeration = 0x00
        case uint8 = 0x02
        case string = 0x07
        case uint16 = 0x84
        case uint32 = 0x86
        case uint32z = 0x8C
    }

    /// A field value in a data message.
    enum Value {
        case u8(UInt8)
        case u16(UInt16)
        case u32(UInt32)
        /// UTF-8, zero-padded (and zero-terminated) to the field's size.
        case string(String, Int)
    }

    /// The data records, and the file around them.
    struct Writer {
        private var data: [UInt8] = []
        private var sizes: [UInt8: Int] = [:]

        /// A definition message (normal header, bit 6 set), little-endian.
        mutating func define(local: UInt8, global: UInt16, fields: [(UInt8, Int, BaseType)]) {
            data.append(0x40 | local)
            data += [0, 0, UInt8(global & 0xFF), UInt8(global >> 8), UInt8(fields.count)]
            for (number, size, type) in fields { data += [number, UInt8(size), type.rawValue] }
            sizes[local] = fields.reduce(0) { $0 + $1.1 }
        }

        /// A data message (normal header) of a defined local type; the values in the definition's order.
        mutating func message(local: UInt8, _ values: [Value]) {
            data.append(local)
            let before = data.count
            for value in values {
                switch value {
                case .u8(let v): data.append(v)
                case .u16(let v): data += [UInt8(v & 0xFF), UInt8(v >> 8)]
                case .u32(let v):
                    data += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
                case .string(let text, let size):
                    var bytes = Array(text.utf8.prefix(size - 1))
                    bytes += Array(repeating: 0, count: size - bytes.count)
                    data += bytes
                }
            }
            assert(
                data.count - before == sizes[local], "FIT message of local type \(local) does not match its definition")
        }

        /// The 14-byte header (protocol 1.0, profile 21.00, data size, `.FIT`, header CRC), the records, the file
        /// CRC.
        func file() -> [UInt8] {
            let size = UInt32(data.count)
            var header: [UInt8] = [14, 0x10, 0x34, 0x08]
            header += [UInt8(size & 0xFF), UInt8((size >> 8) & 0xFF), UInt8((size >> 16) & 0xFF), UInt8(size >> 24)]
            header += Array(".FIT".utf8)
            let headerCRC = FITDecoder.crc16(header)
            header += [UInt8(headerCRC & 0xFF), UInt8(headerCRC >> 8)]
            var file = header + data
            let crc = FITDecoder.crc16(file)
            file += [UInt8(crc & 0xFF), UInt8(crc >> 8)]
            return file
        }
    }
}
