/// A JSON value that renders deterministically, keys in insertion order.
///
/// The event stream is read by people and by tools that diff it, so numbers are rendered with a fixed number
/// of decimals rather than the shortest round-trip form.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    /// A decimal number rounded to `decimals` places; with `trim`, trailing zeros are removed down to one decimal.
    case fixed(Double, decimals: Int, trim: Bool)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The value as JSON text.
    public var rendered: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .fixed(let value, let decimals, let trim): Self.format(value, decimals: decimals, trim: trim)
        case .string(let value): Self.quote(value)
        case .array(let values): "[" + values.map(\.rendered).joined(separator: ", ") + "]"
        case .object(let object): object.rendered
        }
    }

    /// Formats `value` with exactly `decimals` decimals (or trimmed to at least one), without Foundation.
    ///
    /// A value too large for that many decimals in 64 bits (|value| × 10^decimals ≥ 2^63, e.g. 1e10 with 9 decimals)
    /// is written in Swift's shortest form, which may have an exponent (`7.777777777777778e+27`): still a JSON
    /// number.
    public static func format(_ value: Double, decimals: Int, trim: Bool = false) -> String {
        guard value.isFinite else { return "null" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 0x1p63 else { return value.description }
        let negative = value < 0 && scaled != 0
        let whole = UInt64(scaled / scale)
        let fraction = UInt64(scaled - Double(whole) * scale)
        var text = (negative ? "-" : "") + String(whole)
        guard decimals > 0 else { return text }
        var digits = String(fraction)
        digits = String(repeating: "0", count: max(0, decimals - digits.count)) + digits
        if trim {
            while digits.count > 1, digits.hasSuffix("0") { digits.removeLast() }
        }
        text += "." + digits
        return text
    }

    /// A JSON string literal for `text`; also a valid YAML double-quoted scalar (control characters and DEL are
    /// escaped, as YAML requires).
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// A JSON object whose keys keep the order they were added in.
public struct JSONObject: Sendable, Hashable {
    private var fields: [(key: String, value: JSONValue)] = []

    /// Creates an empty object.
    public init() {}

    /// Appends a key and its value.
    public mutating func add(_ key: String, _ value: JSONValue) { fields.append((key, value)) }

    /// The object as one line of JSON text: `{"a": 1, "b": "x"}`.
    public var rendered: String {
        "{" + fields.map { JSONValue.quote($0.key) + ": " + $0.value.rendered }.joined(separator: ", ") + "}"
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.key)
            hasher.combine(field.value)
        }
    }
}
