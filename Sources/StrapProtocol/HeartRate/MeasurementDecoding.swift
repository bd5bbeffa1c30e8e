public import RetroWalkCore

/// The pure half of `retrowalk decode HEX…`: hex text in, one JSON line out.
///
/// A success line has exactly these keys, in this order:
/// `{"bpm": 72, "contact": "detected", "energy_kj": null, "rr": [340, 748], "rr_ms": [332.03, 730.47]}`
/// (`rr` raw in 1/1024 s, `rr_ms` in milliseconds with two decimals). A failure line is `{"error": "<message>"}`.
public enum MeasurementDecoding {
    /// Decodes one Heart Rate Measurement value given as hex and renders the result as one JSON line.
    ///
    /// Bytes may be separated by spaces, tabs or colons (`16 48 54 01`, `16:48:54:01`) or run together
    /// (`16485401`); each group of digits must have an even count.
    ///
    /// - Parameter hex: The value as hex text.
    /// - Returns: The JSON line and whether it is an error line. Never fails.
    public static func jsonLine(forHex hex: String) -> (line: String, isError: Bool) {
        let bytes: [UInt8]
        do {
            bytes = try self.bytes(fromHex: hex)
        } catch {
            return (errorLine(error.message), true)
        }
        do {
            let measurement = try HeartRateMeasurement(decoding: bytes)
            return (jsonObject(for: measurement).rendered, false)
        } catch {
            return (errorLine(error.description), true)
        }
    }

    /// The JSON object of a decoded measurement: `bpm`, `contact`, `energy_kj`, `rr`, `rr_ms`, in that order.
    ///
    /// - Parameter measurement: The decoded measurement.
    /// - Returns: The object; render it with ``RetroWalkCore/JSONObject/rendered``.
    public static func jsonObject(for measurement: HeartRateMeasurement) -> JSONObject {
        var object = JSONObject()
        object.add("bpm", .int(Int(measurement.beatsPerMinute)))
        object.add("contact", .string(measurement.contact.name))
        object.add("energy_kj", measurement.energyKilojoules.map { .int(Int($0)) } ?? .null)
        object.add("rr", .array(measurement.rrIntervals.map { .int(Int($0)) }))
        object.add(
            "rr_ms",
            .array(
                measurement.rrIntervals.map {
                    .fixed(RRInterval.milliseconds(fromRaw: $0), decimals: 2, trim: false)
                }
            )
        )
        return object
    }

    /// Parses hex text into bytes.
    ///
    /// Spaces, tabs and colons separate groups; each group is an even number of hex digits (either case).
    ///
    /// - Parameter hex: The text, e.g. `16 48 54 01 ec 02`, `16:48`, `1648`.
    /// - Returns: The bytes in order (empty for text with no digits).
    /// - Throws: ``StrapProtocolError`` with code ``StrapProtocolError/Code/invalidHex`` naming the offending
    ///   character and its 1-based position, or the group with an odd number of digits.
    public static func bytes(fromHex hex: String) throws(StrapProtocolError) -> [UInt8] {
        var bytes: [UInt8] = []
        var group: [UInt8] = []  // digit values of the current group
        var groupText = ""
        var groupStart = 0
        var position = 0
        func closeGroup() throws(StrapProtocolError) {
            guard group.count % 2 == 0 else {
                throw StrapProtocolError(
                    code: .invalidHex,
                    message: "hex '\(hex)' has an odd number of digits (\(group.count)) in '\(groupText)' at position "
                        + "\(groupStart); write each byte as two hex digits, e.g. '0f'"
                )
            }
            var index = 0
            while index < group.count {
                bytes.append(group[index] << 4 | group[index + 1])
                index += 2
            }
            group.removeAll(keepingCapacity: true)
            groupText = ""
        }
        for scalar in hex.unicodeScalars {
            position += 1
            if scalar == " " || scalar == ":" || scalar == "\t" {
                try closeGroup()
                continue
            }
            guard let value = digitValue(scalar) else {
                throw StrapProtocolError(
                    code: .invalidHex,
                    message: "hex '\(hex)' has a non-hex character '\(shown(scalar))' at position "
                        + "\(position); use the digits 0-9 and a-f, with spaces or colons between bytes"
                )
            }
            if group.isEmpty { groupStart = position }
            group.append(value)
            groupText.unicodeScalars.append(scalar)
        }
        try closeGroup()
        return bytes
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x30...0x39: UInt8(scalar.value - 0x30)
        case 0x41...0x46: UInt8(scalar.value - 0x41 + 10)
        case 0x61...0x66: UInt8(scalar.value - 0x61 + 10)
        default: nil
        }
    }

    /// A printable ASCII character as itself, anything else as `U+XXXX`.
    private static func shown(_ scalar: Unicode.Scalar) -> String {
        guard (0x20...0x7E).contains(scalar.value) else {
            return "U+" + Bytes.hexDigits(UInt64(scalar.value), count: scalar.value > 0xFFFF ? 6 : 4)
        }
        return String(scalar)
    }

    private static func errorLine(_ message: String) -> String {
        var object = JSONObject()
        object.add("error", .string(message))
        return object.rendered
    }
}
