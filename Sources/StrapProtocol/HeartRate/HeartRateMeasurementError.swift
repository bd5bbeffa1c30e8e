/// Why a Heart Rate Measurement (GATT 0x2A37) value could not be decoded.
///
/// A closed set: the decoder ``HeartRateMeasurement/init(decoding:)`` throws only these. Reserved flag bits
/// (5–7) are never a reason to fail. The description names the offending length or byte.
public enum HeartRateMeasurementError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The value has no bytes at all, not even the flags.
    case empty
    /// The value is shorter than its flags require.
    ///
    /// - `length`: the value's length in bytes.
    /// - `flags`: the flags byte.
    /// - `minimumLength`: what the flags require: 1 + (1 or 2) + (energy ? 2 : 0) + (RR ? 2 : 0).
    case truncated(length: Int, flags: UInt8, minimumLength: Int)
    /// The RR-interval area has an odd number of bytes, so its last byte is half a value.
    ///
    /// - `length`: the value's length in bytes.
    /// - `flags`: the flags byte.
    /// - `trailingByte`: the odd last byte.
    case oddRRLength(length: Int, flags: UInt8, trailingByte: UInt8)

    /// One line naming the offending length or byte, e.g.
    /// `value is 3 bytes; flags 0x18 need at least 6 (flags, 8-bit HR, energy, one RR)`.
    public var description: String {
        switch self {
        case .empty:
            return "value is empty (0 bytes); a Heart Rate Measurement needs at least 2 (flags, 8-bit HR)"
        case .truncated(let length, let flags, let minimumLength):
            return "value is \(Bytes.count(length)); flags \(Bytes.hex8(flags)) need at least \(minimumLength) "
                + "(\(Self.parts(of: flags).joined(separator: ", ")))"
        case .oddRRLength(let length, let flags, let trailingByte):
            let rrBytes = length - HeartRateMeasurement.headerLength(flags: flags)
            return "value is \(Bytes.count(length)); flags \(Bytes.hex8(flags)) leave \(Bytes.count(rrBytes)) "
                + "for RR intervals, an odd count (trailing byte \(Bytes.hex8(trailingByte)) at offset \(length - 1)); "
                + "RR intervals are 2 bytes each"
        }
    }

    /// The fields the flags ask for, in wire order, for messages.
    static func parts(of flags: UInt8) -> [String] {
        var parts = ["flags", flags & 0x01 != 0 ? "16-bit HR" : "8-bit HR"]
        if flags & 0x08 != 0 { parts.append("energy") }
        if flags & 0x10 != 0 { parts.append("one RR") }
        return parts
    }
}
