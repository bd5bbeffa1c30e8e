/// The GATT database of a simulated strap: services, characteristics and descriptors in handle order.
///
/// Handles are computed from the definition, never written down: each service starts right after the previous
/// one (or at its ``Service/minimumStart``), its declaration comes first, then each characteristic's
/// declaration, value and descriptors; a service may reserve handles up to ``Service/reservedEnd`` the way BlueZ
/// reserves room for a service. ``attributes`` lists the result. The client under test must find everything
/// by discovery, so tests check its results against ``valueHandle(of:)`` and ``descriptorHandle(_:of:)``.
public struct StrapLayout: Sendable, Hashable {
    /// One descriptor of a characteristic.
    public struct Descriptor: Sendable, Hashable {
        /// The descriptor type, e.g. 0x2902 (CCCD) or 0x2901 (user description).
        public var uuid: BluetoothUUID
        /// The initial value (a CCCD starts at `00 00` on every connection).
        public var value: [UInt8]

        /// Creates a descriptor.
        ///
        /// - Parameters:
        ///   - uuid: The descriptor type.
        ///   - value: The initial value.
        public init(uuid: BluetoothUUID, value: [UInt8]) {
            self.uuid = uuid
            self.value = value
        }

        /// A Client Characteristic Configuration descriptor, initially `00 00`.
        public static let clientConfiguration = Descriptor(uuid: .clientCharacteristicConfiguration, value: [0, 0])

        /// A Characteristic User Description (0x2901) with UTF-8 text.
        ///
        /// - Parameter text: The description.
        /// - Returns: The descriptor.
        public static func userDescription(_ text: String) -> Descriptor {
            Descriptor(uuid: .characteristicUserDescription, value: Array(text.utf8))
        }
    }

    /// One characteristic: its declaration properties, initial value and descriptors.
    public struct Characteristic: Sendable, Hashable {
        /// The characteristic UUID.
        public var uuid: BluetoothUUID
        /// The properties of its declaration; ``CharacteristicProperties/read`` decides whether reads succeed.
        public var properties: CharacteristicProperties
        /// The initial value (dynamic values, such as the battery level, are kept by ``SimulatedStrap``).
        public var value: [UInt8]
        /// The descriptors, in handle order after the value.
        public var descriptors: [Descriptor]

        /// Creates a characteristic.
        ///
        /// - Parameters:
        ///   - uuid: The characteristic UUID.
        ///   - properties: The declaration's properties.
        ///   - value: The initial value.
        ///   - descriptors: The descriptors, in handle order.
        public init(
            uuid: BluetoothUUID,
            properties: CharacteristicProperties,
            value: [UInt8] = [],
            descriptors: [Descriptor] = []
        ) {
            self.uuid = uuid
            self.properties = properties
            self.value = value
            self.descriptors = descriptors
        }

        /// A read-only UTF-8 string characteristic (Device Name, Manufacturer Name, …).
        ///
        /// - Parameters:
        ///   - uuid: The characteristic UUID.
        ///   - text: The value.
        /// - Returns: The characteristic.
        public static func string(_ uuid: BluetoothUUID, _ text: String) -> Characteristic {
            Characteristic(uuid: uuid, properties: .read, value: Array(text.utf8))
        }
    }

    /// One primary service.
    public struct Service: Sendable, Hashable {
        /// The service UUID.
        public var uuid: BluetoothUUID
        /// The characteristics, in handle order.
        public var characteristics: [Characteristic]
        /// The lowest handle the service may start at (`nil`: right after the previous service).
        public var minimumStart: UInt16?
        /// The service's end handle when it reserves room beyond its last attribute (`0xFFFF` for the last
        /// service of some real straps); `nil` ends it at its last attribute.
        public var reservedEnd: UInt16?

        /// Creates a service.
        ///
        /// - Parameters:
        ///   - uuid: The service UUID.
        ///   - characteristics: The characteristics, in handle order.
        ///   - minimumStart: The lowest handle the service may start at.
        ///   - reservedEnd: The end handle, when it reserves room beyond its last attribute.
        public init(
            uuid: BluetoothUUID,
            characteristics: [Characteristic],
            minimumStart: UInt16? = nil,
            reservedEnd: UInt16? = nil
        ) {
            self.uuid = uuid
            self.characteristics = characteristics
            self.minimumStart = minimumStart
            self.reservedEnd = reservedEnd
        }
    }

    /// One attribute of the computed database.
    public struct Attribute: Sendable, Hashable {
        /// The attribute's role, for the server's rules.
        public enum Role: Sendable, Hashable {
            /// A primary service declaration (type 0x2800) whose group ends at `end`.
            case service(end: UInt16)
            /// A characteristic declaration (type 0x2803).
            case declaration
            /// A characteristic value.
            case value(properties: CharacteristicProperties)
            /// A descriptor.
            case descriptor
        }

        /// The handle.
        public var handle: UInt16
        /// The attribute type (0x2800, 0x2803, the characteristic UUID, or the descriptor UUID).
        public var type: BluetoothUUID
        /// The initial value.
        public var value: [UInt8]
        /// The attribute's role.
        public var role: Role
    }

    /// A short name for messages and tests, e.g. `polarH7`.
    public var name: String
    /// The server's receive MTU, answered to Exchange MTU.
    public var serverMTU: UInt16
    /// The primary services, in handle order.
    public var services: [Service]

    /// Creates a layout.
    ///
    /// - Parameters:
    ///   - name: A short name for messages and tests.
    ///   - serverMTU: The server's receive MTU (23…517).
    ///   - services: The primary services, in handle order.
    public init(name: String, serverMTU: UInt16, services: [Service]) {
        self.name = name
        self.serverMTU = min(max(serverMTU, 23), 517)
        self.services = services
    }

    /// The database: every attribute in handle order, with handles computed from ``services``.
    ///
    /// Attributes that would need a handle above 0xFFFF are left out.
    public var attributes: [Attribute] {
        var attributes: [Attribute] = []
        var next = 1
        for service in services {
            let start = max(next, Int(service.minimumStart ?? 0))
            var handle = start
            var members: [Attribute] = []
            for characteristic in service.characteristics {
                let declarationHandle = handle + 1
                let valueHandle = handle + 2
                let declaration = DiscoveredCharacteristic(
                    declarationHandle: UInt16(truncatingIfNeeded: declarationHandle),
                    properties: characteristic.properties,
                    valueHandle: UInt16(truncatingIfNeeded: valueHandle),
                    uuid: characteristic.uuid,
                    endHandle: UInt16(truncatingIfNeeded: valueHandle)
                )
                members.append(
                    Attribute(handle: 0, type: .characteristic, value: declaration.declaration, role: .declaration)
                )
                members.append(
                    Attribute(
                        handle: 0,
                        type: characteristic.uuid,
                        value: characteristic.value,
                        role: .value(properties: characteristic.properties)
                    )
                )
                handle = valueHandle
                for descriptor in characteristic.descriptors {
                    handle += 1
                    members.append(
                        Attribute(handle: 0, type: descriptor.uuid, value: descriptor.value, role: .descriptor))
                }
            }
            let end = max(handle, Int(service.reservedEnd ?? 0))
            guard end <= 0xFFFF else { break }
            attributes.append(
                Attribute(
                    handle: UInt16(start),
                    type: .primaryService,
                    value: service.uuid.littleEndianBytes,
                    role: .service(end: UInt16(end))
                )
            )
            for (offset, member) in members.enumerated() {
                var member = member
                member.handle = UInt16(start + 1 + offset)
                attributes.append(member)
            }
            next = end + 1
        }
        return attributes
    }

    /// The primary services with their computed handle ranges, in handle order.
    public var discoveredServices: [DiscoveredService] {
        attributes.compactMap { attribute in
            guard case .service(let end) = attribute.role, let uuid = BluetoothUUID(littleEndian: attribute.value)
            else { return nil }
            return DiscoveredService(uuid: uuid, start: attribute.handle, end: end)
        }
    }

    /// The value handle of the first characteristic with this UUID.
    ///
    /// - Parameter characteristic: The characteristic UUID, e.g. ``BluetoothUUID/heartRateMeasurement``.
    /// - Returns: The handle, or `nil` when the layout has no such characteristic.
    public func valueHandle(of characteristic: BluetoothUUID) -> UInt16? {
        attributes.first { attribute in
            if case .value = attribute.role { return attribute.type == characteristic }
            return false
        }?.handle
    }

    /// The handle of a descriptor of the first characteristic with the given UUID.
    ///
    /// - Parameters:
    ///   - descriptor: The descriptor type, e.g. ``BluetoothUUID/clientCharacteristicConfiguration``.
    ///   - characteristic: The characteristic UUID.
    /// - Returns: The handle, or `nil` when there is no such characteristic or descriptor.
    public func descriptorHandle(_ descriptor: BluetoothUUID, of characteristic: BluetoothUUID) -> UInt16? {
        let attributes = attributes
        guard let valueHandle = valueHandle(of: characteristic),
            let index = attributes.firstIndex(where: { $0.handle == valueHandle })
        else { return nil }
        for attribute in attributes[(index + 1)...] {
            guard case .descriptor = attribute.role else { return nil }
            if attribute.type == descriptor { return attribute.handle }
        }
        return nil
    }
}

extension StrapLayout {
    /// Generic Access with the given characteristics after Device Name and Appearance 0x0341 (Heart Rate Belt).
    private static func genericAccess(deviceName: String, more: [Characteristic] = []) -> Service {
        Service(
            uuid: .genericAccess,
            characteristics: [
                .string(.deviceName, deviceName),
                Characteristic(uuid: .appearance, properties: .read, value: [0x41, 0x03]),
            ] + more
        )
    }

    /// Generic Attribute with Service Changed (indicate) and its CCCD.
    private static func genericAttribute(reservedEnd: UInt16? = nil) -> Service {
        Service(
            uuid: .genericAttribute,
            characteristics: [
                Characteristic(
                    uuid: .serviceChanged,
                    properties: .indicate,
                    value: [0x01, 0x00, 0xFF, 0xFF],
                    descriptors: [.clientConfiguration]
                )
            ],
            reservedEnd: reservedEnd
        )
    }

    /// Heart Rate Measurement: notify only, CCCD.
    private static let heartRateMeasurement = Characteristic(
        uuid: .heartRateMeasurement,
        properties: .notify,
        descriptors: [.clientConfiguration]
    )

    /// Body Sensor Location: chest.
    private static let chest = Characteristic(uuid: .bodySensorLocation, properties: .read, value: [0x01])

    /// Battery Level: read and notify, CCCD.
    private static func batteryService(level: UInt8) -> Service {
        Service(
            uuid: .batteryService,
            characteristics: [
                Characteristic(
                    uuid: .batteryLevel,
                    properties: [.read, .notify],
                    value: [level],
                    descriptors: [.clientConfiguration]
                )
            ]
        )
    }

    /// Like a Polar H7: HRS at 0x000F–0x0014 (Heart Rate Measurement value 0x0011, CCCD 0x0012, Body Sensor
    /// Location 0x0014), DIS at 0x0015–0x0023, then Battery and a 128-bit vendor service whose range ends at
    /// 0xFFFF. ATT_MTU 23, as on the H7.
    ///
    /// Real H7 (gatttool `primary`): GAP 0x0001–0x000B, GATT 0x000C–0x000E, HRS 0x000F–0x0014, DIS 0x0015–0x0023,
    /// BAS 0x0024–0x0026, vendor 0x0027–0xFFFF. Here GAP has four characteristics (0x0001–0x0009) so that GATT
    /// can carry a Service Changed CCCD (0x000A–0x000E, one reserved handle), and Battery Level has a CCCD
    /// (BAS 0x0024–0x0027, vendor 0x0028–0xFFFF).
    public static let polarH7 = StrapLayout(
        name: "polarH7",
        serverMTU: 23,
        services: [
            genericAccess(
                deviceName: "Polar H7 5A1B2C3D",
                more: [
                    Characteristic(uuid: .peripheralPrivacyFlag, properties: .read, value: [0x00]),
                    Characteristic(
                        uuid: .peripheralPreferredConnectionParameters,
                        properties: .read,
                        value: [0x50, 0x00, 0xA0, 0x00, 0x00, 0x00, 0xE8, 0x03]
                    ),
                ]
            ),
            genericAttribute(reservedEnd: 0x000E),
            Service(uuid: .heartRateService, characteristics: [heartRateMeasurement, chest]),
            Service(
                uuid: .deviceInformation,
                characteristics: [
                    Characteristic(
                        uuid: .systemID,
                        properties: .read,
                        value: [0x3D, 0x2C, 0x1B, 0x00, 0x00, 0x5A, 0x22, 0x00]
                    ),
                    .string(.modelNumber, "H7"),
                    .string(.serialNumber, "5A1B2C3D"),
                    .string(.firmwareRevision, "1.4.0"),
                    .string(.hardwareRevision, "39044024.10"),
                    .string(.softwareRevision, "H7 3.1.0"),
                    .string(.manufacturerName, "Polar Electro Oy"),
                ]
            ),
            batteryService(level: 87),
            Service(
                uuid: BluetoothUUID(high: 0x6217_FF49_AC7B_547E, low: 0xEECF_016A_0697_0BA9),
                characteristics: [
                    Characteristic(
                        uuid: BluetoothUUID(high: 0x6217_FF4A_B07D_5DEB, low: 0x261E_2586_752D_942E),
                        properties: [.read, .write],
                        value: [0x00]
                    )
                ],
                reservedEnd: 0xFFFF
            ),
        ]
    )

    /// A different, denser layout: Battery before Heart Rate, a user-description descriptor between the Heart
    /// Rate Measurement value and its CCCD (so the CCCD is *not* value + 1), a Heart Rate Control Point, Device
    /// Information last, the database ending well before 0xFFFF, and ATT_MTU 185.
    public static let compact = StrapLayout(
        name: "compact",
        serverMTU: 185,
        services: [
            genericAccess(deviceName: "Polar H10 5A1B2C3D"),
            genericAttribute(),
            batteryService(level: 64),
            Service(
                uuid: .heartRateService,
                characteristics: [
                    Characteristic(
                        uuid: .heartRateMeasurement,
                        properties: .notify,
                        descriptors: [.userDescription("Heart rate"), .clientConfiguration]
                    ),
                    chest,
                    Characteristic(uuid: .heartRateControlPoint, properties: .write),
                ]
            ),
            Service(
                uuid: .deviceInformation,
                characteristics: [
                    .string(.manufacturerName, "Polar Electro Oy"),
                    .string(.modelNumber, "Polar H10"),
                    .string(.firmwareRevision, "3.0.35"),
                ]
            ),
        ]
    )

    /// A budget strap without a Battery Service and without Body Sensor Location (HRM value 0x000E, CCCD 0x000F,
    /// like the unbranded strap of StackOverflow q/60599696). ATT_MTU 23.
    public static let noBattery = StrapLayout(
        name: "noBattery",
        serverMTU: 23,
        services: [
            genericAccess(
                deviceName: "HRM-Pro 01234",
                more: [
                    Characteristic(
                        uuid: .peripheralPreferredConnectionParameters,
                        properties: .read,
                        value: [0x18, 0x00, 0x28, 0x00, 0x00, 0x00, 0xF4, 0x01]
                    )
                ]
            ),
            genericAttribute(reservedEnd: 0x000B),
            Service(uuid: .heartRateService, characteristics: [heartRateMeasurement]),
            Service(
                uuid: .deviceInformation,
                characteristics: [
                    .string(.manufacturerName, "Generic"),
                    .string(.modelNumber, "HRM-Pro"),
                    .string(.firmwareRevision, "1.0"),
                ]
            ),
        ]
    )
}
