/// Whether the strap can sense skin contact, and whether it does.
///
/// Taken from flag bits 1–2 of the Heart Rate Measurement (GATT 0x2A37): bit 2 says the feature is supported,
/// bit 1 says contact is detected. When bit 2 is clear, contact sensing is *unsupported*; that is never
/// "no contact".
public enum Contact: String, Sendable, Hashable, CaseIterable {
    /// The strap does not report contact (flag bit 2 clear).
    case unsupported
    /// The strap supports contact sensing and reports no skin contact.
    case notDetected = "not_detected"
    /// The strap supports contact sensing and reports skin contact.
    case detected

    /// The name used in JSON output and recordings: `unsupported`, `not_detected`, `detected`.
    public var name: String { rawValue }
}

/// One Heart Rate Measurement notification as it arrived, stamped with its arrival time.
public struct HeartRateSample: Sendable, Hashable {
    /// Arrival time in seconds since the session started, on the session clock.
    public var time: Double
    /// Heart rate as the strap reported it, in beats per minute.
    public var beatsPerMinute: UInt16
    /// Skin-contact state as the strap reported it.
    public var contact: Contact
    /// Cumulative energy expended in kilojoules, when the notification carried it.
    public var energyKilojoules: UInt16?
    /// RR intervals in 1/1024 s, oldest first (as on the wire).
    public var rrIntervals: [UInt16]

    /// Creates a sample.
    public init(
        time: Double,
        beatsPerMinute: UInt16,
        contact: Contact,
        energyKilojoules: UInt16? = nil,
        rrIntervals: [UInt16] = []
    ) {
        self.time = time
        self.beatsPerMinute = beatsPerMinute
        self.contact = contact
        self.energyKilojoules = energyKilojoules
        self.rrIntervals = rrIntervals
    }

    /// The RR intervals in milliseconds (raw value × 1000 / 1024), oldest first.
    public var rrMilliseconds: [Double] { rrIntervals.map(RRInterval.milliseconds(fromRaw:)) }
}

/// Conversions for RR intervals, which the wire carries in units of 1/1024 s.
public enum RRInterval {
    /// Milliseconds for a raw 1/1024 s value, unrounded.
    public static func milliseconds(fromRaw raw: UInt16) -> Double { Double(raw) * 1000.0 / 1024.0 }

    /// The nearest raw 1/1024 s value for a duration in milliseconds, clamped to `0...65535`.
    public static func raw(fromMilliseconds ms: Double) -> UInt16 {
        let value = (ms * 1024.0 / 1000.0).rounded()
        return UInt16(max(0, min(65535, value)))
    }
}
