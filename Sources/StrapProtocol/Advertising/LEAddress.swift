/// The address an LE advertiser sent, with its address type, as an advertising report carries it.
///
/// On the wire (HCI) the six address bytes come least significant first; ``bytes`` holds them in the written
/// order, most significant first (`F6:4D:73:53:49:6E` → `[0xF6, 0x4D, 0x73, 0x53, 0x49, 0x6E]`).
public struct LEAddress: Sendable, Hashable, CustomStringConvertible {
    /// Whether the address is the device's public (IEEE-assigned) address or a random one.
    ///
    /// The HCI advertising report encodes this as 0 = public, 1 = random (2 and 3, the resolved identity
    /// addresses of a controller doing address resolution, map to public and random). The kernel's
    /// `sockaddr_l2.l2_bdaddr_type` numbers the same types one higher; the transport maps them.
    public enum AddressType: String, Sendable, Hashable {
        /// A public device address (`LE_PUBLIC_ADDRESS`).
        case `public`
        /// A random device address (`LE_RANDOM_ADDRESS`): static, or private (resolvable or not).
        case random

        /// The type for an HCI `Address_Type` value: 0x00/0x02 public, 0x01/0x03 random; `nil` otherwise.
        ///
        /// - Parameter hciValue: The `Address_Type` byte of an advertising report.
        public init?(hciValue: UInt8) {
            switch hciValue {
            case 0x00, 0x02: self = .public
            case 0x01, 0x03: self = .random
            default: return nil
            }
        }
    }

    /// The kind of a random address, from its two most significant bits.
    public enum RandomKind: String, Sendable, Hashable {
        /// `11`: static; stable until the device is power-cycled or reset (Polar H10 uses one).
        case `static`
        /// `01`: resolvable private; changes every few minutes, so it cannot be saved.
        case resolvablePrivate
        /// `00`: non-resolvable private; changes, cannot be saved.
        case nonResolvablePrivate
        /// `10`: reserved.
        case reserved
    }

    /// The six bytes, most significant first, as written.
    public var bytes: [UInt8]
    /// Public or random.
    public var type: AddressType

    /// Creates an address from its bytes in written order.
    ///
    /// - Parameters:
    ///   - bytes: Six bytes, most significant first. Does not check the count; the parser always passes six.
    ///   - type: Public or random.
    public init(bytes: [UInt8], type: AddressType) {
        self.bytes = bytes
        self.type = type
    }

    /// Creates an address from its wire form (six bytes, least significant first).
    ///
    /// - Parameters:
    ///   - littleEndian: The six bytes as HCI and `bdaddr_t` store them.
    ///   - type: Public or random.
    public init(littleEndian: some Collection<UInt8>, type: AddressType) {
        self.init(bytes: Array(littleEndian.reversed()), type: type)
    }

    /// For a random address, which kind it is; `nil` for a public address.
    public var randomKind: RandomKind? {
        guard type == .random, let first = bytes.first else { return nil }
        switch first >> 6 {
        case 0b11: return .static
        case 0b01: return .resolvablePrivate
        case 0b00: return .nonResolvablePrivate
        default: return .reserved
        }
    }

    /// `F6:4D:73:53:49:6E`: upper-case hex pairs separated by colons (the type is not included).
    public var description: String {
        bytes.map { Bytes.hexDigits(UInt64($0), count: 2) }.joined(separator: ":")
    }
}
