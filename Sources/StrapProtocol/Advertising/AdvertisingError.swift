/// Why an HCI advertising event or an advertising payload could not be decoded.
///
/// A closed set: ``AdvertisingReport/reports(inPacket:)``, ``AdvertisingReport/reports(inEvent:)`` and
/// ``AdvertisingData/init(decoding:)`` throw only these. Every case names the byte offset at fault; event
/// offsets count from the first byte passed in (the H4 type byte for a packet), payload offsets from the first
/// byte of the advertising data.
public enum AdvertisingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The packet's H4 type byte is not 0x04 (`HCI_EVENT_PKT`).
    case notAnEvent(packetType: UInt8)
    /// The event is shorter than its two header bytes (event code, parameter length).
    case truncatedHeader(length: Int)
    /// The parameter-length byte at `offset` disagrees with the number of bytes that follow it.
    case lengthMismatch(offset: Int, declared: Int, actual: Int)
    /// A field starting at `offset` needs `needed` bytes but only `available` remain.
    ///
    /// `part` names the field, e.g. `report 2 of 3 (header)`.
    case truncated(part: String, offset: Int, needed: Int, available: Int)
    /// Bytes remain after the last report the event announced.
    case trailingBytes(offset: Int, count: Int)
    /// A legacy report's `Event_Type` is not 0x00–0x04.
    case invalidEventType(report: Int, offset: Int, value: UInt8)
    /// A report's `Address_Type` is not 0x00–0x03 (or 0xFF, anonymous, in an extended report).
    case invalidAddressType(report: Int, offset: Int, value: UInt8)
    /// A legacy report declares more than 31 bytes of advertising data.
    case dataTooLong(report: Int, offset: Int, length: Int)
    /// An AD structure at `offset` declares `length` bytes (type and data) but only `available` follow.
    case truncatedStructure(offset: Int, length: Int, available: Int)
    /// An AD structure's data has a length its type does not allow.
    ///
    /// `expected` says what the type needs, e.g. `exactly 1`, `a multiple of 2`.
    case invalidStructureLength(type: UInt8, offset: Int, length: Int, expected: String)

    /// One line naming the offset and length at fault.
    public var description: String {
        switch self {
        case .notAnEvent(let packetType):
            return "HCI packet type \(Bytes.hex8(packetType)) is not an event (0x04)"
        case .truncatedHeader(let length):
            return "HCI event is \(Bytes.count(length)); its header needs 2 (event code, parameter length)"
        case .lengthMismatch(let offset, let declared, let actual):
            return "HCI event declares \(Bytes.count(declared)) of parameters (length byte at offset \(offset)) "
                + "but carries \(actual)"
        case .truncated(let part, let offset, let needed, let available):
            return "HCI event is truncated: \(part) at offset \(offset) needs \(Bytes.count(needed)), "
                + "only \(available) remain"
        case .trailingBytes(let offset, let count):
            return "HCI event has \(Bytes.count(count)) left over at offset \(offset) after its last report"
        case .invalidEventType(let report, let offset, let value):
            return "advertising report \(report): event type \(Bytes.hex8(value)) at offset \(offset) is not "
                + "0x00-0x04 (ADV_IND, ADV_DIRECT_IND, ADV_SCAN_IND, ADV_NONCONN_IND, SCAN_RSP)"
        case .invalidAddressType(let report, let offset, let value):
            return "advertising report \(report): address type \(Bytes.hex8(value)) at offset \(offset) is not "
                + "0x00-0x03 (public, random, public identity, random identity)"
        case .dataTooLong(let report, let offset, let length):
            return "advertising report \(report): data length \(length) at offset \(offset) exceeds the 31 bytes "
                + "of a legacy advertisement"
        case .truncatedStructure(let offset, let length, let available):
            return "AD structure at offset \(offset) declares \(Bytes.count(length)) (type and data) "
                + "but only \(available) follow"
        case .invalidStructureLength(let type, let offset, let length, let expected):
            return "AD structure \(Bytes.hex8(type)) (\(AdvertisingData.typeName(type))) at offset \(offset) "
                + "has \(Bytes.count(length)) of data; it needs \(expected)"
        }
    }
}
