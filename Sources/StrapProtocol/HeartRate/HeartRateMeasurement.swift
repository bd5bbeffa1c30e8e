public import RetroWalkCore

/// One Heart Rate Measurement value (GATT characteristic 0x2A37), decoded from or encoded to its wire bytes.
///
/// Byte layout (little-endian):
/// ```
/// flags(1)  bit0 HR format (0 = uint8, 1 = uint16), bit1 contact detected, bit2 contact supported,
///           bit3 energy expended present, bit4 RR intervals present, bits 5–7 reserved (ignored)
/// HR(1|2)   beats per minute
/// EE(2)     energy expended in kJ, only if bit3
/// RR(2)…    RR intervals in 1/1024 s, only if bit4, oldest first, count = remaining length / 2
/// ```
/// RR values stay in their raw 1/1024 s units; convert at the edge with ``RRInterval``.
///
/// - SeeAlso: GATT 0x2A37 Heart Rate Measurement (Bluetooth SIG Heart Rate Service).
public struct HeartRateMeasurement: Sendable, Hashable {
    /// How the heart-rate field is encoded: flag bit 0.
    public enum ValueFormat: Sendable, Hashable {
        /// One byte (flag bit 0 clear); values above 255 are encoded as ``uint16`` instead.
        case uint8
        /// Two bytes, little-endian (flag bit 0 set).
        case uint16
    }

    /// Heart rate in beats per minute.
    public var beatsPerMinute: UInt16
    /// Skin-contact state (flag bits 1–2).
    public var contact: Contact
    /// Cumulative energy expended in kilojoules (flag bit 3), when present.
    public var energyKilojoules: UInt16?
    /// RR intervals in 1/1024 s, oldest first (flag bit 4 is set exactly when this is not empty).
    public var rrIntervals: [UInt16]
    /// How the heart-rate field is (or will be) encoded.
    public var valueFormat: ValueFormat

    /// Creates a measurement.
    ///
    /// - Parameters:
    ///   - beatsPerMinute: Heart rate in beats per minute.
    ///   - contact: Skin-contact state.
    ///   - energyKilojoules: Cumulative energy expended in kJ, or `nil` to leave it out.
    ///   - rrIntervals: RR intervals in 1/1024 s, oldest first.
    ///   - valueFormat: How to encode the heart rate; ``ValueFormat/uint8`` switches to two bytes above 255.
    public init(
        beatsPerMinute: UInt16,
        contact: Contact,
        energyKilojoules: UInt16? = nil,
        rrIntervals: [UInt16] = [],
        valueFormat: ValueFormat = .uint8
    ) {
        self.beatsPerMinute = beatsPerMinute
        self.contact = contact
        self.energyKilojoules = energyKilojoules
        self.rrIntervals = rrIntervals
        self.valueFormat = valueFormat
    }

    /// Decodes a Heart Rate Measurement value.
    ///
    /// Reserved flag bits 5–7 are ignored, never rejected. There is no upper length limit: with a larger ATT_MTU
    /// a value may carry more RR intervals than the 9 that fit at the default MTU.
    ///
    /// - Parameter bytes: The characteristic value (the notification payload after opcode and handle).
    /// - Throws: ``HeartRateMeasurementError/empty`` for no bytes, ``HeartRateMeasurementError/truncated(length:flags:minimumLength:)``
    ///   when the value is shorter than its flags require, ``HeartRateMeasurementError/oddRRLength(length:flags:trailingByte:)``
    ///   when the RR area ends in half a value.
    public init(decoding bytes: [UInt8]) throws(HeartRateMeasurementError) {
        guard let flags = bytes.first else { throw .empty }
        let minimumLength = Self.minimumLength(flags: flags)
        guard bytes.count >= minimumLength else {
            throw .truncated(length: bytes.count, flags: flags, minimumLength: minimumLength)
        }
        var offset = 1
        if flags & 0x01 != 0 {
            beatsPerMinute = Bytes.uint16(bytes, at: offset)
            valueFormat = .uint16
            offset += 2
        } else {
            beatsPerMinute = UInt16(bytes[offset])
            valueFormat = .uint8
            offset += 1
        }
        switch flags & 0x06 {
        case 0x06: contact = .detected
        case 0x04: contact = .notDetected
        default: contact = .unsupported
        }
        if flags & 0x08 != 0 {
            energyKilojoules = Bytes.uint16(bytes, at: offset)
            offset += 2
        } else {
            energyKilojoules = nil
        }
        var intervals: [UInt16] = []
        if flags & 0x10 != 0 {
            guard (bytes.count - offset) % 2 == 0 else {
                throw .oddRRLength(length: bytes.count, flags: flags, trailingByte: bytes[bytes.count - 1])
            }
            intervals.reserveCapacity((bytes.count - offset) / 2)
            while offset < bytes.count {
                intervals.append(Bytes.uint16(bytes, at: offset))
                offset += 2
            }
        }
        rrIntervals = intervals
    }

    /// The flags byte this measurement encodes to.
    ///
    /// Contact ``Contact/unsupported`` encodes as bits 1–2 = 00, ``Contact/notDetected`` as 10 (bit 2),
    /// ``Contact/detected`` as 11. Reserved bits are 0.
    public var flags: UInt8 {
        var flags: UInt8 = 0
        if isSixteenBit { flags |= 0x01 }
        switch contact {
        case .unsupported: break
        case .notDetected: flags |= 0x04
        case .detected: flags |= 0x06
        }
        if energyKilojoules != nil { flags |= 0x08 }
        if !rrIntervals.isEmpty { flags |= 0x10 }
        return flags
    }

    /// The value's wire bytes: flags, HR, then energy and RR intervals when present.
    ///
    /// Does not fail and does not limit the RR count; a sender fits the value into ATT_MTU − 3 itself
    /// (see ``maximumRRCount(attMTU:sixteenBit:energy:)``).
    public var bytes: [UInt8] {
        var out: [UInt8] = [flags]
        out.reserveCapacity(5 + 2 * rrIntervals.count)
        if isSixteenBit {
            out += Bytes.littleEndian(beatsPerMinute)
        } else {
            out.append(UInt8(beatsPerMinute))
        }
        if let energyKilojoules { out += Bytes.littleEndian(energyKilojoules) }
        for interval in rrIntervals { out += Bytes.littleEndian(interval) }
        return out
    }

    /// The measurement as a ``HeartRateSample`` stamped with its arrival time.
    ///
    /// - Parameter time: Arrival time in seconds since the session started.
    /// - Returns: A sample with the same heart rate, contact, energy and RR intervals.
    public func sample(at time: Double) -> HeartRateSample {
        HeartRateSample(
            time: time,
            beatsPerMinute: beatsPerMinute,
            contact: contact,
            energyKilojoules: energyKilojoules,
            rrIntervals: rrIntervals
        )
    }

    /// How many RR intervals fit into one notification: `(ATT_MTU − 3 − 1 − hrLength − energyLength) / 2`.
    ///
    /// At the default ATT_MTU 23: 9 with an 8-bit HR, 8 with 8-bit HR and energy or with a 16-bit HR, 7 with both.
    ///
    /// - Parameters:
    ///   - attMTU: The negotiated ATT_MTU (at least 23 in practice).
    ///   - sixteenBit: Whether the HR field takes two bytes.
    ///   - energy: Whether the energy field is present.
    /// - Returns: The count, 0 if nothing fits.
    public static func maximumRRCount(attMTU: UInt16, sixteenBit: Bool, energy: Bool) -> Int {
        let room = Int(attMTU) - 3 - 1 - (sixteenBit ? 2 : 1) - (energy ? 2 : 0)
        return max(0, room / 2)
    }

    /// Whether the HR field is encoded with two bytes.
    var isSixteenBit: Bool { valueFormat == .uint16 || beatsPerMinute > 255 }

    /// Bytes before the RR area for these flags: flags, HR, energy.
    static func headerLength(flags: UInt8) -> Int {
        1 + (flags & 0x01 != 0 ? 2 : 1) + (flags & 0x08 != 0 ? 2 : 0)
    }

    /// The shortest valid value for these flags.
    static func minimumLength(flags: UInt8) -> Int {
        headerLength(flags: flags) + (flags & 0x10 != 0 ? 2 : 0)
    }
}
