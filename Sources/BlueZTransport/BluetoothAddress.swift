/// A Bluetooth device address and its LE address type.
public struct BluetoothAddress: Sendable, Hashable, CustomStringConvertible {
    /// LE address type as the HCI advertising report encodes it.
    public enum AddressType: String, Sendable, Hashable {
        case `public`
        case random
    }

    /// The six bytes, most significant first, as written (`AA:BB:CC:DD:EE:FF` → `[0xAA, …, 0xFF]`).
    public var bytes: [UInt8]
    /// Public or random.
    public var type: AddressType

    /// Parses `AA:BB:CC:DD:EE:FF` (colons or dashes, case-insensitive).
    ///
    /// - Throws: ``CaptureError`` with code `invalidAddress` naming the text.
    public init(_ text: String, type: AddressType = .public) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).flatMap {
            $0.split(separator: "-", omittingEmptySubsequences: false)
        }
        let bytes = parts.compactMap { $0.count == 2 ? UInt8($0, radix: 16) : nil }
        guard parts.count == 6, bytes.count == 6 else {
            throw CaptureError(
                code: .invalidAddress,
                message:
                    "Strap address '\(text)' is not a Bluetooth address. Write it as six hex pairs, "
                    + "e.g. 'AA:BB:CC:DD:EE:FF'; 'retrowalk scan' lists straps nearby."
            )
        }
        self.bytes = bytes
        self.type = type
    }

    /// Creates an address from six bytes, most significant first (the caller guarantees the count).
    init(validatedBytes bytes: [UInt8], type: AddressType) {
        self.bytes = bytes
        self.type = type
    }

    public var description: String {
        bytes.map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}
