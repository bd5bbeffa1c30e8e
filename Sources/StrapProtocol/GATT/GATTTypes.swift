/// The properties byte of a characteristic declaration (0x2803).
public struct CharacteristicProperties: OptionSet, Hashable, Sendable {
    /// The properties byte.
    public var rawValue: UInt8

    /// Creates properties from their byte.
    ///
    /// - Parameter rawValue: The properties byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0x01 Broadcast.
    public static let broadcast = CharacteristicProperties(rawValue: 0x01)
    /// 0x02 Read.
    public static let read = CharacteristicProperties(rawValue: 0x02)
    /// 0x04 Write Without Response.
    public static let writeWithoutResponse = CharacteristicProperties(rawValue: 0x04)
    /// 0x08 Write.
    public static let write = CharacteristicProperties(rawValue: 0x08)
    /// 0x10 Notify.
    public static let notify = CharacteristicProperties(rawValue: 0x10)
    /// 0x20 Indicate.
    public static let indicate = CharacteristicProperties(rawValue: 0x20)
    /// 0x40 Authenticated Signed Writes.
    public static let signedWrite = CharacteristicProperties(rawValue: 0x40)
    /// 0x80 Extended Properties.
    public static let extendedProperties = CharacteristicProperties(rawValue: 0x80)
}

/// A primary service found by discovery: its UUID and handle range.
public struct DiscoveredService: Sendable, Hashable, CustomStringConvertible {
    /// The service UUID.
    public var uuid: BluetoothUUID
    /// The handle of the service declaration.
    public var start: UInt16
    /// The last handle of the service.
    public var end: UInt16

    /// Creates a service entry.
    ///
    /// - Parameters:
    ///   - uuid: The service UUID.
    ///   - start: The handle of the service declaration.
    ///   - end: The last handle of the service.
    public init(uuid: BluetoothUUID, start: UInt16, end: UInt16) {
        self.uuid = uuid
        self.start = start
        self.end = end
    }

    /// `0x180D 0x000F–0x0014`.
    public var description: String { "\(uuid) \(Bytes.hex16(start))–\(Bytes.hex16(end))" }
}

/// A characteristic found by discovery: its declaration, value handle and extent.
public struct DiscoveredCharacteristic: Sendable, Hashable {
    /// The handle of the characteristic declaration (0x2803).
    public var declarationHandle: UInt16
    /// The properties from the declaration.
    public var properties: CharacteristicProperties
    /// The handle of the characteristic value.
    public var valueHandle: UInt16
    /// The characteristic UUID.
    public var uuid: BluetoothUUID
    /// The characteristic's last handle: the next declaration − 1, or the service end for the last one.
    /// Descriptors live in `valueHandle + 1 ... endHandle`.
    public var endHandle: UInt16

    /// Creates a characteristic entry.
    ///
    /// - Parameters:
    ///   - declarationHandle: The handle of the declaration.
    ///   - properties: The properties byte.
    ///   - valueHandle: The handle of the value.
    ///   - uuid: The characteristic UUID.
    ///   - endHandle: The characteristic's last handle.
    public init(
        declarationHandle: UInt16,
        properties: CharacteristicProperties,
        valueHandle: UInt16,
        uuid: BluetoothUUID,
        endHandle: UInt16
    ) {
        self.declarationHandle = declarationHandle
        self.properties = properties
        self.valueHandle = valueHandle
        self.uuid = uuid
        self.endHandle = endHandle
    }

    /// Decodes a characteristic declaration value: properties(1) value_handle(2) uuid(2|16).
    ///
    /// - Parameters:
    ///   - declarationHandle: The declaration's handle.
    ///   - declaration: The declaration's value, 5 or 19 bytes.
    ///   - endHandle: The characteristic's last handle, if known (defaults to the value handle).
    /// - Returns: `nil` when the value is neither 5 nor 19 bytes.
    public init?(declarationHandle: UInt16, declaration: [UInt8], endHandle: UInt16? = nil) {
        guard declaration.count == 5 || declaration.count == 19,
            let uuid = BluetoothUUID(littleEndian: declaration[3...])
        else { return nil }
        let valueHandle = Bytes.uint16(declaration, at: 1)
        self.init(
            declarationHandle: declarationHandle,
            properties: CharacteristicProperties(rawValue: declaration[0]),
            valueHandle: valueHandle,
            uuid: uuid,
            endHandle: endHandle ?? valueHandle
        )
    }

    /// The declaration value: properties(1) value_handle(2) uuid(2|16).
    public var declaration: [UInt8] {
        [properties.rawValue] + Bytes.littleEndian(valueHandle) + uuid.littleEndianBytes
    }
}

/// Where the strap sits on the body: the Body Sensor Location characteristic (0x2A38).
public struct BodySensorLocation: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The location byte: 0 Other, 1 Chest, 2 Wrist, 3 Finger, 4 Hand, 5 Ear Lobe, 6 Foot, 7–255 reserved.
    public var rawValue: UInt8

    /// Creates a location from its byte.
    ///
    /// - Parameter rawValue: The location byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0 Other.
    public static let other = BodySensorLocation(rawValue: 0)
    /// 1 Chest.
    public static let chest = BodySensorLocation(rawValue: 1)
    /// 2 Wrist.
    public static let wrist = BodySensorLocation(rawValue: 2)
    /// 3 Finger.
    public static let finger = BodySensorLocation(rawValue: 3)
    /// 4 Hand.
    public static let hand = BodySensorLocation(rawValue: 4)
    /// 5 Ear Lobe.
    public static let earLobe = BodySensorLocation(rawValue: 5)
    /// 6 Foot.
    public static let foot = BodySensorLocation(rawValue: 6)

    /// `chest`, `wrist`, …, or `reserved(7)`.
    public var description: String {
        switch rawValue {
        case 0: "other"
        case 1: "chest"
        case 2: "wrist"
        case 3: "finger"
        case 4: "hand"
        case 5: "ear_lobe"
        case 6: "foot"
        default: "reserved(\(rawValue))"
        }
    }
}

/// What GATT discovery learnt about a strap: everything needed to read heart rate from it.
public struct StrapInfo: Sendable, Equatable {
    /// The effective ATT_MTU: min(ours, the strap's), never below 23.
    public var mtu: UInt16
    /// All primary services, in handle order.
    public var services: [DiscoveredService]
    /// The Heart Rate Measurement characteristic (0x2A37).
    public var heartRateMeasurement: DiscoveredCharacteristic
    /// The Heart Rate Measurement CCCD handle, found by descriptor discovery (written `01 00`).
    public var heartRateCCCDHandle: UInt16
    /// The Body Sensor Location value handle, when the strap has one.
    public var bodySensorLocationHandle: UInt16?
    /// The body sensor location read from the strap, when it has one and the read succeeded.
    public var bodySensorLocation: BodySensorLocation?
    /// The Heart Rate Control Point value handle, when the strap has one.
    public var controlPointHandle: UInt16?
    /// The Battery Level value handle, when the strap has a Battery Service.
    public var batteryLevelHandle: UInt16?
    /// The Battery Level CCCD handle, when Battery Level can notify.
    public var batteryCCCDHandle: UInt16?
    /// The battery level in percent (0–100) as read during discovery, when available.
    public var batteryLevel: UInt8?
    /// The Manufacturer Name String (Device Information 0x2A29), e.g. `Polar Electro Oy`.
    ///
    /// `nil` when the strap has no Device Information Service, no such characteristic, or refused the read.
    /// See ``GATTClient`` for how the bytes become a string.
    public var manufacturer: String?
    /// The Model Number String (Device Information 0x2A24), e.g. `H7`; `nil` as for ``manufacturer``.
    public var model: String?
    /// The Firmware Revision String (Device Information 0x2A26), e.g. `1.4.0`; `nil` as for ``manufacturer``.
    public var firmware: String?
    /// The Service Changed (0x2A05) CCCD handle, when the client subscribed to its indications (wrote `02 00`
    /// and the strap acknowledged it).
    public var serviceChangedCCCDHandle: UInt16?
    /// How many times discovery ran again on this connection after a Service Changed indication.
    ///
    /// 0 in the first ``GATTClient/Action/ready(_:)`` of a connection. A `.ready` with a higher count follows a
    /// change of the strap's database on the *same* link (notifications were re-enabled); it is not a new
    /// connection.
    public var rediscoveryCount: Int

    /// Creates discovery results.
    ///
    /// - Parameters:
    ///   - mtu: The effective ATT_MTU.
    ///   - services: All primary services.
    ///   - heartRateMeasurement: The Heart Rate Measurement characteristic.
    ///   - heartRateCCCDHandle: Its CCCD handle.
    ///   - bodySensorLocationHandle: The Body Sensor Location value handle.
    ///   - bodySensorLocation: The location read.
    ///   - controlPointHandle: The Heart Rate Control Point value handle.
    ///   - batteryLevelHandle: The Battery Level value handle.
    ///   - batteryCCCDHandle: The Battery Level CCCD handle.
    ///   - batteryLevel: The battery level read.
    ///   - manufacturer: The Manufacturer Name String.
    ///   - model: The Model Number String.
    ///   - firmware: The Firmware Revision String.
    ///   - serviceChangedCCCDHandle: The Service Changed CCCD handle, when subscribed.
    ///   - rediscoveryCount: How many times discovery ran again after a Service Changed indication.
    public init(
        mtu: UInt16,
        services: [DiscoveredService],
        heartRateMeasurement: DiscoveredCharacteristic,
        heartRateCCCDHandle: UInt16,
        bodySensorLocationHandle: UInt16? = nil,
        bodySensorLocation: BodySensorLocation? = nil,
        controlPointHandle: UInt16? = nil,
        batteryLevelHandle: UInt16? = nil,
        batteryCCCDHandle: UInt16? = nil,
        batteryLevel: UInt8? = nil,
        manufacturer: String? = nil,
        model: String? = nil,
        firmware: String? = nil,
        serviceChangedCCCDHandle: UInt16? = nil,
        rediscoveryCount: Int = 0
    ) {
        self.mtu = mtu
        self.services = services
        self.heartRateMeasurement = heartRateMeasurement
        self.heartRateCCCDHandle = heartRateCCCDHandle
        self.bodySensorLocationHandle = bodySensorLocationHandle
        self.bodySensorLocation = bodySensorLocation
        self.controlPointHandle = controlPointHandle
        self.batteryLevelHandle = batteryLevelHandle
        self.batteryCCCDHandle = batteryCCCDHandle
        self.batteryLevel = batteryLevel
        self.manufacturer = manufacturer
        self.model = model
        self.firmware = firmware
        self.serviceChangedCCCDHandle = serviceChangedCCCDHandle
        self.rediscoveryCount = rediscoveryCount
    }

    /// The Heart Rate Measurement value handle: notifications arrive on it.
    public var heartRateMeasurementHandle: UInt16 { heartRateMeasurement.valueHandle }

    /// Whether the strap has a Battery Service with a Battery Level characteristic.
    public var hasBattery: Bool { batteryLevelHandle != nil }
}
