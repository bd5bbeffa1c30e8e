import RetroWalkCore

/// Byte-level text helpers for the recording readers: lines, trimming, strict numbers, messages.
///
/// The readers work on UTF-8 bytes rather than `String` so that a 24-hour CSV (86,400 lines) parses quickly and so
/// that no Foundation is needed (STYLE.md 5).
enum RecordingText {
    /// One line of a text file: its 1-based number and its bytes, without the line break (`\n` or `\r\n`).
    struct Line {
        var number: Int
        var bytes: ArraySlice<UInt8>
    }

    /// The lines of a text file; a UTF-8 byte-order mark at the start is dropped, a final empty line is not listed.
    static func lines(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        lines.reserveCapacity(bytes.count / 24)
        var start = hasByteOrderMark(bytes) ? 3 : 0
        var number = 1
        var index = start
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                var end = index
                if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                lines.append(Line(number: number, bytes: bytes[start..<end]))
                number += 1
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count {
            var end = bytes.count
            if bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            lines.append(Line(number: number, bytes: bytes[start..<end]))
        }
        return lines
    }

    /// Whether the file starts with the UTF-8 byte-order mark EF BB BF.
    static func hasByteOrderMark(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    /// Whether a line is blank or a `#` comment (after leading spaces and tabs).
    static func isBlankOrComment(_ line: ArraySlice<UInt8>) -> Bool {
        let text = trimmed(line)
        return text.isEmpty || text.first == UInt8(ascii: "#")
    }

    /// The first line that is neither blank nor a `#` comment.
    static func firstContentLine(_ bytes: [UInt8]) -> Line? {
        // Look at the beginning only: a binary file may have no line break for a long way.
        let prefix = Array(bytes.prefix(64 * 1024))
        return lines(prefix).first { !isBlankOrComment($0.bytes) }
    }

    /// The slice without leading and trailing spaces and tabs.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return bytes[start..<end]
    }

    /// A plain decimal number, strictly: optional `-`, digits, optional `.` and digits (`12`, `0.812`, `-3.5`,
    /// `.5`, `7.`). No exponent, no `+`, no `nan`/`inf`, no hex, no spaces.
    ///
    /// Up to 15 significant digits are converted exactly as `mantissa / 10^k` (two exact doubles, one correctly
    /// rounded division); longer numbers go through the standard library's parser.
    static func decimal(_ text: ArraySlice<UInt8>) -> Double? {
        var index = text.startIndex
        var negative = false
        if index < text.endIndex, text[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        while index < text.endIndex {
            let byte = text[index]
            if byte >= 0x30, byte <= 0x39 {
                if digits < 19 { mantissa = mantissa * 10 + UInt64(byte - 0x30) }
                digits += 1
                if sawPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        let value: Double
        if digits <= 15 {
            value = Double(mantissa) / powerOfTen[fractionDigits]
        } else {
            guard let parsed = Double(String(decoding: text, as: UTF8.self)) else { return nil }
            return parsed
        }
        return negative ? -value : value
    }

    /// A whole number of decimal digits only (no sign), up to `limit`, or `nil`.
    static func unsigned(_ text: ArraySlice<UInt8>, limit: Int) -> Int? {
        guard !text.isEmpty, text.count <= 12 else { return nil }
        var value = 0
        for byte in text {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value <= limit ? value : nil
    }

    private static let powerOfTen: [Double] = {
        var powers: [Double] = [1]
        for _ in 1...20 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// Whether the byte is an ASCII letter.
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Text for a message: the bytes as UTF-8, control characters as `?`, cut after 60 characters with `…`.
    static func shown(_ bytes: ArraySlice<UInt8>, limit: Int = 60) -> String {
        var out = ""
        var count = 0
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
            count += 1
        }
        return out
    }

    /// The error for a file in none of the accepted formats: shows its first line when it is text, its first
    /// bytes in hex otherwise.
    static func unrecognized(bytes: [UInt8], name: String) -> StrapProtocolError {
        let start = bytes.prefix(16)
        let isText = start.allSatisfy { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || ($0 >= 0x20 && $0 != 0x7F) }
        let seen: String
        if isText, let line = firstContentLine(bytes) {
            seen = "its first line is '\(shown(trimmed(line.bytes)))'"
        } else {
            seen = "it starts with bytes \(Bytes.hexDump(Array(bytes.prefix(17)), limit: 16))"
        }
        return StrapProtocolError(
            code: .unrecognizedRecording,
            message: "recording '\(name)' is in no format retrowalk reads: \(seen); give a file in "
                + RecordingReader.acceptedFormats
        )
    }

    /// A number for messages: whole numbers without decimals, others with up to 3 (e.g. `812`, `0.812`).
    static func number(_ value: Double) -> String {
        JSONValue.format(value, decimals: 3, trim: true).replacingSuffix(".0", with: "")
    }
}

extension String {
    /// The string with `suffix` replaced when it ends with it.
    fileprivate func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
