/// A Bluetooth UUID: 128 bits, with 16-bit aliases of the Bluetooth base UUID
/// `0000xxxx-0000-1000-8000-00805F9B34FB`.
///
/// A 16-bit UUID and its 128-bit expansion are the same value (they compare equal); ``shortValue`` tells
/// whether it can go on the wire as 2 bytes. On the wire UUIDs are little-endian: 2 bytes for an alias,
/// otherwise 16 bytes, least significant first.
public struct BluetoothUUID: Hashable, Sendable, CustomStringConvertible {
    /// The most significant 64 bits (the first half of the canonical string).
    public var high: UInt64
    /// The least significant 64 bits.
    public var low: UInt64

    /// The low 64 bits of the Bluetooth base UUID.
    static let baseLow: UInt64 = 0x8000_0080_5F9B_34FB
    /// The high 64 bits of the Bluetooth base UUID, without the alias bits.
    static let baseHigh: UInt64 = 0x0000_0000_0000_1000

    /// Creates the UUID for a 16-bit alias, e.g. `BluetoothUUID(0x180D)`.
    ///
    /// - Parameter shortValue: The 16-bit alias.
    public init(_ shortValue: UInt16) {
        high = Self.baseHigh | UInt64(shortValue) << 32
        low = Self.baseLow
    }

    /// Creates a UUID from its two 64-bit halves (canonical, big-endian order).
    ///
    /// - Parameters:
    ///   - high: The first 64 bits of the canonical form.
    ///   - low: The last 64 bits.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses `180D`, `0x180D` or the canonical `FB005C80-02E7-F387-1CAD-8ACD2D8DF0C8` (either case).
    ///
    /// - Parameter text: The UUID as text.
    /// - Returns: `nil` when the text is neither 4 nor 32 hex digits (dashes ignored).
    public init?(_ text: String) {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        let hex = digits.filter { $0 != "-" }
        guard hex.count == 4 || hex.count == 32 else { return nil }
        var value: [UInt64] = [0, 0]
        for (index, character) in hex.enumerated() {
            guard let digit = character.hexDigitValue else { return nil }
            let half = hex.count == 4 ? 1 : index / 16
            value[half] = value[half] << 4 | UInt64(digit)
        }
        if hex.count == 4 {
            self.init(UInt16(value[1]))
        } else {
            self.init(high: value[0], low: value[1])
        }
    }

    /// Decodes a UUID from its little-endian wire form.
    ///
    /// - Parameter bytes: 2 bytes (an alias) or 16 bytes.
    /// - Returns: `nil` for any other length.
    public init?(littleEndian bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        switch bytes.count {
        case 2:
            self.init(Bytes.uint16(bytes, at: 0))
        case 16:
            var high: UInt64 = 0
            var low: UInt64 = 0
            for index in 0..<8 {
                low |= UInt64(bytes[index]) << UInt64(8 * index)
                high |= UInt64(bytes[index + 8]) << UInt64(8 * index)
            }
            self.init(high: high, low: low)
        default:
            return nil
        }
    }

    /// The 16-bit alias, when this UUID is one (`0000xxxx-0000-1000-8000-00805F9B34FB`).
    public var shortValue: UInt16? {
        guard low == Self.baseLow, high & 0xFFFF_0000_FFFF_FFFF == Self.baseHigh else { return nil }
        return UInt16(truncatingIfNeeded: high >> 32)
    }

    /// The wire form: 2 little-endian bytes for an alias, otherwise 16 little-endian bytes.
    public var littleEndianBytes: [UInt8] {
        if let shortValue { return Bytes.littleEndian(shortValue) }
        return littleEndianBytes128
    }

    /// The full 16-byte little-endian wire form, also for an alias.
    public var littleEndianBytes128: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16)
        for index in 0..<8 { out.append(UInt8(truncatingIfNeeded: low >> UInt64(8 * index))) }
        for index in 0..<8 { out.append(UInt8(truncatingIfNeeded: high >> UInt64(8 * index))) }
        return out
    }

    /// `0x180D` for an alias, otherwise the canonical upper-case form with dashes.
    public var description: String {
        if let shortValue { return Bytes.hex16(shortValue) }
        let text = Bytes.hexDigits(high, count: 16) + Bytes.hexDigits(low, count: 16)
        let characters = Array(text)
        return String(characters[0..<8]) + "-" + String(characters[8..<12]) + "-" + String(characters[12..<16])
            + "-" + String(characters[16..<20]) + "-" + String(characters[20..<32])
    }
}

extension BluetoothUUID {
    /// 0x2800 Primary Service declaration.
    public static let primaryService = BluetoothUUID(0x2800)
    /// 0x2801 Secondary Service declaration.
    public static let secondaryService = BluetoothUUID(0x2801)
    /// 0x2803 Characteristic declaration.
    public static let characteristic = BluetoothUUID(0x2803)
    /// 0x2901 Characteristic User Description descriptor.
    public static let characteristicUserDescription = BluetoothUUID(0x2901)
    /// 0x2902 Client Characteristic Configuration descriptor (CCCD).
    public static let clientCharacteristicConfiguration = BluetoothUUID(0x2902)

    /// 0x1800 Generic Access service (GAP).
    public static let genericAccess = BluetoothUUID(0x1800)
    /// 0x1801 Generic Attribute service (GATT).
    public static let genericAttribute = BluetoothUUID(0x1801)
    /// 0x180A Device Information service.
    public static let deviceInformation = BluetoothUUID(0x180A)
    /// 0x180D Heart Rate service.
    public static let heartRateService = BluetoothUUID(0x180D)
    /// 0x180F Battery service.
    public static let batteryService = BluetoothUUID(0x180F)

    /// 0x2A00 Device Name.
    public static let deviceName = BluetoothUUID(0x2A00)
    /// 0x2A01 Appearance.
    public static let appearance = BluetoothUUID(0x2A01)
    /// 0x2A02 Peripheral Privacy Flag.
    public static let peripheralPrivacyFlag = BluetoothUUID(0x2A02)
    /// 0x2A04 Peripheral Preferred Connection Parameters.
    public static let peripheralPreferredConnectionParameters = BluetoothUUID(0x2A04)
    /// 0x2A05 Service Changed.
    public static let serviceChanged = BluetoothUUID(0x2A05)
    /// 0x2A19 Battery Level.
    public static let batteryLevel = BluetoothUUID(0x2A19)
    /// 0x2A23 System ID.
    public static let systemID = BluetoothUUID(0x2A23)
    /// 0x2A24 Model Number String.
    public static let modelNumber = BluetoothUUID(0x2A24)
    /// 0x2A25 Serial Number String.
    public static let serialNumber = BluetoothUUID(0x2A25)
    /// 0x2A26 Firmware Revision String.
    public static let firmwareRevision = BluetoothUUID(0x2A26)
    /// 0x2A27 Hardware Revision String.
    public static let hardwareRevision = BluetoothUUID(0x2A27)
    /// 0x2A28 Software Revision String.
    public static let softwareRevision = BluetoothUUID(0x2A28)
    /// 0x2A29 Manufacturer Name String.
    public static let manufacturerName = BluetoothUUID(0x2A29)
    /// 0x2A37 Heart Rate Measurement.
    public static let heartRateMeasurement = BluetoothUUID(0x2A37)
    /// 0x2A38 Body Sensor Location.
    public static let bodySensorLocation = BluetoothUUID(0x2A38)
    /// 0x2A39 Heart Rate Control Point.
    public static let heartRateControlPoint = BluetoothUUID(0x2A39)
}
