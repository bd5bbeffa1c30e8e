import RetroWalkCore

extension Bytes {
    /// Seconds with one decimal for messages, e.g. `31.5` (no Foundation formatting).
    static func seconds(_ value: Double) -> String {
        JSONValue.format(value, decimals: 1)
    }
}
