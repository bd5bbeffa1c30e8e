/// Little-endian helpers for the wire formats of this module (ATT and GATT are little-endian throughout).
enum Bytes {
    /// The `UInt16` stored little-endian at `offset` (the caller checks that two bytes are there).
    static func uint16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    /// `value` as two little-endian bytes.
    static func littleEndian(_ value: UInt16) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
    }

    /// `value` as two lower-case hex digits, e.g. `0f`.
    static func hex(_ value: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(value >> 4)], digits[Int(value & 0x0F)]])
    }

    /// `value` as `0x` and four upper-case hex digits, e.g. `0x000F` (the way handles and UUIDs are written).
    static func hex16(_ value: UInt16) -> String {
        "0x" + hexDigits(UInt64(value), count: 4)
    }

    /// `value` as `0x` and two upper-case hex digits, e.g. `0x0A`.
    static func hex8(_ value: UInt8) -> String {
        "0x" + hexDigits(UInt64(value), count: 2)
    }

    /// `value` as exactly `count` upper-case hex digits (zero-padded, high digits first).
    static func hexDigits(_ value: UInt64, count: Int) -> String {
        let digits = Array("0123456789ABCDEF")
        var out = ""
        for index in stride(from: count - 1, through: 0, by: -1) {
            out.append(digits[Int((value >> UInt64(index * 4)) & 0xF)])
        }
        return out
    }

    /// `bytes` as space-separated lower-case hex pairs, e.g. `08 0f 00`, cut after `limit` bytes with `…`.
    static func hexDump(_ bytes: [UInt8], limit: Int = 24) -> String {
        let shown = bytes.prefix(limit).map(hex).joined(separator: " ")
        return bytes.count > limit ? shown + " …" : shown
    }

    /// "1 byte" or "N bytes".
    static func count(_ count: Int) -> String {
        count == 1 ? "1 byte" : "\(count) bytes"
    }
}
