public import StrapProtocol

extension BluetoothAddress {
    /// The address an advertisement came from, with its type.
    ///
    /// - Parameter address: An advertiser's address from an ``AdvertisingReport`` (always six bytes).
    public init(_ address: LEAddress) {
        self.init(validatedBytes: address.bytes, type: address.type == .public ? .public : .random)
    }
}
