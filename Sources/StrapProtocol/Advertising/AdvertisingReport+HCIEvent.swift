extension AdvertisingReport {
    /// The H4 packet type of an HCI event (`HCI_EVENT_PKT`), the first byte read from a raw HCI socket.
    public static let eventPacketType: UInt8 = 0x04
    /// The LE Meta event code (`EVT_LE_META_EVENT`).
    public static let leMetaEventCode: UInt8 = 0x3E
    /// The LE Advertising Report subevent code (`EVT_LE_ADVERTISING_REPORT`).
    public static let advertisingReportSubevent: UInt8 = 0x02
    /// The LE Extended Advertising Report subevent code.
    public static let extendedAdvertisingReportSubevent: UInt8 = 0x0D
    /// The bytes of a legacy report before its data: event type, address type, address (6), data length
    /// (BlueZ `LE_ADVERTISING_INFO_SIZE`).
    public static let legacyReportHeaderLength = 9
    /// The bytes of an extended report before its data.
    public static let extendedReportHeaderLength = 24
    /// The RSSI and TX power value meaning "not available".
    static let notAvailable: Int8 = 127

    /// Decodes every advertising report in an HCI packet as read from a raw HCI socket.
    ///
    /// Byte layout: `04` (H4 event packet), then the event as in ``reports(inEvent:)``.
    ///
    /// - Parameter packet: The bytes one `read` returned.
    /// - Returns: The reports in order. Events other than LE Meta, and LE Meta subevents other than the
    ///   (extended) advertising report, carry none: the result is empty.
    /// - Throws: ``AdvertisingError`` naming the offset and length at fault; offsets count from the 0x04 byte.
    public static func reports(inPacket packet: [UInt8]) throws(AdvertisingError) -> [AdvertisingReport] {
        guard let type = packet.first else { throw .truncatedHeader(length: 0) }
        guard type == eventPacketType else { throw .notAnEvent(packetType: type) }
        return try reports(in: packet, eventStart: 1)
    }

    /// Decodes every advertising report in an HCI event.
    ///
    /// Byte layout of the LE Advertising Report event (all reports, in order — `hcitool lescan` reads only the
    /// first; the kernel and btmon read them all):
    /// ```
    /// 3E plen 02 N, then N times:
    ///   event_type(1) address_type(1) address(6, least significant first) data_length(1) data rssi(int8)
    /// ```
    /// The LE Extended Advertising Report (`3E plen 0D N`) has per report: event_type(2) address_type(1)
    /// address(6) primary_phy(1) secondary_phy(1) sid(1) tx_power(int8) rssi(int8) periodic_interval(2)
    /// direct_address_type(1) direct_address(6) data_length(1) data. Reports from anonymous advertisers (address
    /// type 0xFF) are skipped: they cannot be told apart or connected to. RSSI and TX power 127 mean "not
    /// available" and decode as `nil`.
    ///
    /// - Parameter event: The event from its event code on (no H4 type byte).
    /// - Returns: The reports in order; empty for any other event or subevent.
    /// - Throws: ``AdvertisingError`` naming the offset and length at fault; offsets count from the event code.
    public static func reports(inEvent event: [UInt8]) throws(AdvertisingError) -> [AdvertisingReport] {
        try reports(in: event, eventStart: 0)
    }

    static func reports(in bytes: [UInt8], eventStart: Int) throws(AdvertisingError) -> [AdvertisingReport] {
        let length = bytes.count - eventStart
        guard length >= 2 else { throw .truncatedHeader(length: length) }
        let declared = Int(bytes[eventStart + 1])
        guard declared == length - 2 else {
            throw .lengthMismatch(offset: eventStart + 1, declared: declared, actual: length - 2)
        }
        guard bytes[eventStart] == leMetaEventCode else { return [] }
        var reader = EventReader(bytes: bytes, offset: eventStart + 2)
        switch try reader.byte("LE Meta subevent code") {
        case advertisingReportSubevent: return try reader.legacyReports()
        case extendedAdvertisingReportSubevent: return try reader.extendedReports()
        default: return []
        }
    }
}

/// A bounds-checked cursor over one event.
private struct EventReader {
    let bytes: [UInt8]
    var offset: Int

    /// Fails unless `count` bytes remain for `part`.
    func require(_ count: Int, _ part: @autoclosure () -> String) throws(AdvertisingError) {
        let available = bytes.count - offset
        guard available >= count else {
            throw .truncated(part: part(), offset: offset, needed: count, available: available)
        }
    }

    mutating func byte(_ part: @autoclosure () -> String) throws(AdvertisingError) -> UInt8 {
        try require(1, part())
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func take(_ count: Int, _ part: @autoclosure () -> String) throws(AdvertisingError) -> [UInt8] {
        try require(count, part())
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    func finish() throws(AdvertisingError) {
        guard offset == bytes.count else { throw .trailingBytes(offset: offset, count: bytes.count - offset) }
    }

    static func signalLevel(_ byte: UInt8) -> Int8? {
        let value = Int8(bitPattern: byte)
        return value == AdvertisingReport.notAvailable ? nil : value
    }

    mutating func legacyReports() throws(AdvertisingError) -> [AdvertisingReport] {
        let count = Int(try byte("report count"))
        var reports: [AdvertisingReport] = []
        reports.reserveCapacity(count)
        for index in 0..<count {
            let part = "report \(index + 1) of \(count)"
            let start = offset
            let header = try take(AdvertisingReport.legacyReportHeaderLength, part + " (header)")
            guard let eventType = AdvertisingEventType(legacyValue: header[0]) else {
                throw .invalidEventType(report: index + 1, offset: start, value: header[0])
            }
            guard let addressType = LEAddress.AddressType(hciValue: header[1]) else {
                throw .invalidAddressType(report: index + 1, offset: start + 1, value: header[1])
            }
            let dataLength = Int(header[8])
            guard dataLength <= 31 else {
                throw .dataTooLong(report: index + 1, offset: start + 8, length: dataLength)
            }
            let data = try take(dataLength, part + " (data)")
            let rssi = try byte(part + " (RSSI)")
            reports.append(
                AdvertisingReport(
                    address: LEAddress(littleEndian: header[2..<8], type: addressType),
                    eventType: eventType,
                    rssi: Self.signalLevel(rssi),
                    data: data
                )
            )
        }
        try finish()
        return reports
    }

    mutating func extendedReports() throws(AdvertisingError) -> [AdvertisingReport] {
        let count = Int(try byte("report count"))
        var reports: [AdvertisingReport] = []
        reports.reserveCapacity(count)
        for index in 0..<count {
            let part = "extended report \(index + 1) of \(count)"
            let start = offset
            let header = try take(AdvertisingReport.extendedReportHeaderLength, part + " (header)")
            let eventBits = UInt16(header[0]) | UInt16(header[1]) << 8
            let addressTypeValue = header[2]
            let data = try take(Int(header[23]), part + " (data)")
            if addressTypeValue == 0xFF { continue }
            guard let addressType = LEAddress.AddressType(hciValue: addressTypeValue) else {
                throw .invalidAddressType(report: index + 1, offset: start + 2, value: addressTypeValue)
            }
            reports.append(
                AdvertisingReport(
                    address: LEAddress(littleEndian: header[3..<9], type: addressType),
                    eventType: AdvertisingEventType(extendedValue: eventBits),
                    rssi: Self.signalLevel(header[13]),
                    data: data,
                    txPower: Self.signalLevel(header[12]),
                    isDataComplete: (eventBits >> 5) & 0x03 == 0
                )
            )
        }
        try finish()
        return reports
    }
}
