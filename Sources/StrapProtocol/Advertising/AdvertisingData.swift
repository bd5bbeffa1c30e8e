/// The AD structures of one advertising or scan-response payload, decoded.
///
/// Byte layout: a sequence of `len(1) type(1) data(len − 1)`; a length of 0 ends the list (what follows is
/// padding). Decoded types:
/// ```
/// 0x01 flags                     1 byte (extra bytes ignored)
/// 0x02/0x03 16-bit service UUIDs  incomplete / complete list, 2 bytes each, little-endian
/// 0x04/0x05 32-bit service UUIDs  4 bytes each
/// 0x06/0x07 128-bit service UUIDs 16 bytes each
/// 0x08/0x09 local name            shortened / complete, UTF-8 (trailing NULs dropped)
/// 0x0A TX power level             int8, dBm
/// 0x19 appearance                 uint16 (0x0340 heart-rate sensor, 0x0341 heart-rate belt)
/// 0xFF manufacturer data          company identifier (uint16) then the company's bytes
/// ```
/// Every structure, decoded or not, is also kept in ``structures``.
///
/// - SeeAlso: Bluetooth Core Supplement, Part A (Data Types); Assigned Numbers, "Common Data Types".
public struct AdvertisingData: Sendable, Hashable {
    /// One AD structure as it was sent.
    public struct Structure: Sendable, Hashable {
        /// The AD type byte, e.g. 0x09 for the complete local name.
        public var type: UInt8
        /// The data after the type byte.
        public var data: [UInt8]

        /// Creates a structure.
        public init(type: UInt8, data: [UInt8]) {
            self.type = type
            self.data = data
        }
    }

    /// Manufacturer-specific data (AD type 0xFF).
    public struct ManufacturerData: Sendable, Hashable {
        /// The Bluetooth SIG company identifier, e.g. 0x006B for Polar.
        public var companyID: UInt16
        /// The bytes after the company identifier.
        public var data: [UInt8]

        /// Creates manufacturer data.
        public init(companyID: UInt16, data: [UInt8]) {
            self.companyID = companyID
            self.data = data
        }
    }

    /// Every structure in order, including the ones not decoded below.
    public var structures: [Structure]
    /// The flags byte (0x01): bit 0 LE limited, bit 1 LE general discoverable, bit 2 BR/EDR not supported.
    public var flags: UInt8?
    /// Service UUIDs from the 16-, 32- and 128-bit lists, complete or not, in order, without repeats.
    public var serviceUUIDs: [BluetoothUUID]
    /// The local name, complete (0x09) if one was sent, else shortened (0x08).
    public var localName: String?
    /// Whether ``localName`` is the complete name (0x09) rather than a shortened one (0x08).
    public var isLocalNameComplete: Bool
    /// The advertised TX power level in dBm (0x0A).
    public var txPowerLevel: Int8?
    /// The GAP appearance value (0x19), e.g. 0x0341 for a heart-rate belt.
    public var appearance: UInt16?
    /// Manufacturer-specific data (0xFF), in order.
    public var manufacturerData: [ManufacturerData]

    /// Creates an empty payload.
    public init() {
        structures = []
        flags = nil
        serviceUUIDs = []
        localName = nil
        isLocalNameComplete = false
        txPowerLevel = nil
        appearance = nil
        manufacturerData = []
    }

    /// Decodes a payload; any malformed structure fails the whole payload.
    ///
    /// - Parameter bytes: The advertising data of one report (up to 31 bytes for legacy advertising).
    /// - Throws: ``AdvertisingError/truncatedStructure(offset:length:available:)`` when a structure runs past the
    ///   end, ``AdvertisingError/invalidStructureLength(type:offset:length:expected:)`` when a decoded type has a
    ///   length it does not allow. Unknown types never fail.
    public init(decoding bytes: [UInt8]) throws(AdvertisingError) {
        let (data, error) = Self.decodingValidPrefix(bytes)
        if let error { throw error }
        self = data
    }

    /// Decodes as much of a payload as is well formed: every structure before the first malformed one.
    ///
    /// Advertisers send what they like, so a scanner keeps what it can; the error says what was dropped.
    ///
    /// - Parameter bytes: The advertising data of one report.
    /// - Returns: The structures before the first malformed one, and the error for that one (`nil` when the
    ///   whole payload is well formed). Never fails.
    public static func decodingValidPrefix(_ bytes: [UInt8]) -> (data: AdvertisingData, error: AdvertisingError?) {
        var result = AdvertisingData()
        var offset = 0
        while offset < bytes.count {
            let length = Int(bytes[offset])
            if length == 0 { break }
            guard offset + 1 + length <= bytes.count else {
                return (
                    result,
                    .truncatedStructure(offset: offset, length: length, available: bytes.count - offset - 1)
                )
            }
            let type = bytes[offset + 1]
            let data = Array(bytes[(offset + 2)..<(offset + 1 + length)])
            do {
                try result.add(Structure(type: type, data: data), at: offset)
            } catch {
                return (result, error)
            }
            offset += 1 + length
        }
        return (result, nil)
    }

    /// Decodes one structure into the fields above and appends it to ``structures``.
    mutating func add(_ structure: Structure, at offset: Int) throws(AdvertisingError) {
        let data = structure.data
        func require(_ valid: Bool, _ expected: String) throws(AdvertisingError) {
            guard valid else {
                throw .invalidStructureLength(
                    type: structure.type, offset: offset, length: data.count, expected: expected)
            }
        }
        switch structure.type {
        case Self.flagsType:
            try require(!data.isEmpty, "at least 1 byte")
            flags = data[0]
        case 0x02, 0x03:
            try require(data.count % 2 == 0, "a multiple of 2 bytes (16-bit UUIDs)")
            addServices(stride(from: 0, to: data.count, by: 2).map { BluetoothUUID(Bytes.uint16(data, at: $0)) })
        case 0x04, 0x05:
            try require(data.count % 4 == 0, "a multiple of 4 bytes (32-bit UUIDs)")
            addServices(
                stride(from: 0, to: data.count, by: 4).map { index in
                    let value = UInt32(Bytes.uint16(data, at: index)) | UInt32(Bytes.uint16(data, at: index + 2)) << 16
                    return BluetoothUUID(high: BluetoothUUID.baseHigh | UInt64(value) << 32, low: BluetoothUUID.baseLow)
                }
            )
        case 0x06, 0x07:
            try require(data.count % 16 == 0, "a multiple of 16 bytes (128-bit UUIDs)")
            addServices(
                stride(from: 0, to: data.count, by: 16).compactMap {
                    BluetoothUUID(littleEndian: data[$0..<($0 + 16)])
                }
            )
        case Self.shortenedNameType, Self.completeNameType:
            let isComplete = structure.type == Self.completeNameType
            // A complete name is never replaced by a shortened one.
            if isComplete || !isLocalNameComplete || localName == nil {
                var nameBytes = data[...]
                while nameBytes.last == 0 { nameBytes = nameBytes.dropLast() }
                localName = String(decoding: nameBytes, as: UTF8.self)
                isLocalNameComplete = isComplete
            }
        case 0x0A:
            try require(data.count == 1, "exactly 1 byte (dBm)")
            txPowerLevel = Int8(bitPattern: data[0])
        case 0x19:
            try require(data.count == 2, "exactly 2 bytes")
            appearance = Bytes.uint16(data, at: 0)
        case 0xFF:
            try require(data.count >= 2, "at least 2 bytes (company identifier)")
            manufacturerData.append(ManufacturerData(companyID: Bytes.uint16(data, at: 0), data: Array(data[2...])))
        default:
            break
        }
        structures.append(structure)
    }

    /// Appends services not yet listed.
    mutating func addServices(_ uuids: [BluetoothUUID]) {
        for uuid in uuids where !serviceUUIDs.contains(uuid) { serviceUUIDs.append(uuid) }
    }

    /// Merges a later payload from the same device into this one (an advertisement and its scan response).
    ///
    /// Lists are united; single values take the later one when it has them; a complete name wins over a shortened
    /// one; manufacturer data is replaced per company. ``structures`` keeps the latest structures of each type.
    ///
    /// - Parameter later: The payload received after this one.
    public mutating func merge(_ later: AdvertisingData) {
        addServices(later.serviceUUIDs)
        if let name = later.localName, later.isLocalNameComplete || !isLocalNameComplete || localName == nil {
            localName = name
            isLocalNameComplete = later.isLocalNameComplete
        }
        flags = later.flags ?? flags
        txPowerLevel = later.txPowerLevel ?? txPowerLevel
        appearance = later.appearance ?? appearance
        for entry in later.manufacturerData {
            if let index = manufacturerData.firstIndex(where: { $0.companyID == entry.companyID }) {
                manufacturerData[index] = entry
            } else {
                manufacturerData.append(entry)
            }
        }
        let laterTypes = Set(later.structures.map(\.type))
        structures = structures.filter { !laterTypes.contains($0.type) } + later.structures
    }

    /// AD type 0x01, Flags.
    static let flagsType: UInt8 = 0x01
    /// AD type 0x08, Shortened Local Name.
    static let shortenedNameType: UInt8 = 0x08
    /// AD type 0x09, Complete Local Name.
    static let completeNameType: UInt8 = 0x09

    /// A short name for an AD type, for messages.
    static func typeName(_ type: UInt8) -> String {
        switch type {
        case 0x01: "flags"
        case 0x02: "incomplete 16-bit UUIDs"
        case 0x03: "complete 16-bit UUIDs"
        case 0x04: "incomplete 32-bit UUIDs"
        case 0x05: "complete 32-bit UUIDs"
        case 0x06: "incomplete 128-bit UUIDs"
        case 0x07: "complete 128-bit UUIDs"
        case 0x08: "shortened local name"
        case 0x09: "complete local name"
        case 0x0A: "TX power level"
        case 0x16: "service data"
        case 0x19: "appearance"
        case 0xFF: "manufacturer data"
        default: "type \(type)"
        }
    }
}
