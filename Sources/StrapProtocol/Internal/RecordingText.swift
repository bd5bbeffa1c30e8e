import RetroWalkCore

/// Byte-level text helpers for the recording readers: lines, trimming, strict numbers, messages.
///
/// The readers work on the file's UTF-8 bytes through a `Span` and byte ranges rather than on `String`s or slices:
/// a 24-hour CSV (86,400 lines) is scanned once, without a line array and without a heap allocation per line or
/// field, and no Foundation is needed (STYLE.md 5). Ranges index the whole file.
enum RecordingText {
    /// One line of a text file: its 1-based number and the range of its bytes, without the line break (`\n` or
    /// `\r\n`).
    struct Line {
        var number: Int
        var range: Range<Int>
    }

    /// Walks the lines of a file, one at a time, without storing them.
    ///
    /// A UTF-8 byte-order mark at the start is skipped; a final empty line is not given.
    struct LineCursor {
        private var start: Int
        private var number = 0
        private let end: Int

        /// A cursor at the first line of `bytes`, which stops after `limit` bytes (a line cut there ends there).
        init(_ bytes: Span<UInt8>, limit: Int = .max) {
            end = min(bytes.count, limit)
            start = RecordingText.hasByteOrderMark(bytes) ? min(3, end) : 0
        }

        /// The next line of `bytes` (the span the cursor was made for), or `nil` after the last.
        mutating func next(in bytes: Span<UInt8>) -> Line? {
            guard start < end else { return nil }
            var index = start
            while index < end, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            return line(in: bytes, upTo: index)
        }

        /// The next line of `bytes` and where its commas are, found in the same pass: the columns of a CSV row
        /// without a second look at its bytes.
        mutating func nextRow(in bytes: Span<UInt8>) -> (line: Line, commas: Commas)? {
            guard start < end else { return nil }
            var commas = Commas()
            var index = start
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\n") { break }
                if byte == UInt8(ascii: ",") {
                    commas.add(index)
                } else if byte == 0x20 || byte == 0x09 {
                    commas.blanksAfterLast += 1
                }
                index += 1
            }
            return (line(in: bytes, upTo: index), commas)
        }

        /// The line from `start` to the line break at `index`, without a `\r` before it.
        private mutating func line(in bytes: Span<UInt8>, upTo index: Int) -> Line {
            var lineEnd = index
            if lineEnd > start, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            number += 1
            defer { start = index + 1 }
            return Line(number: number, range: start..<lineEnd)
        }
    }

    /// Where the commas of a line are: the first four, how many there are, and how many spaces and tabs follow
    /// the last one (so that the last column's space-separated values can be counted before they are read).
    struct Commas {
        var first = 0
        var second = 0
        var third = 0
        var fourth = 0
        var count = 0
        var blanksAfterLast = 0

        mutating func add(_ index: Int) {
            switch count {
            case 0: first = index
            case 1: second = index
            case 2: third = index
            case 3: fourth = index
            default: break
            }
            count += 1
            blanksAfterLast = 0
        }
    }

    /// Whether the file starts with the UTF-8 byte-order mark EF BB BF.
    static func hasByteOrderMark(_ bytes: Span<UInt8>) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    /// Whether the file starts with the UTF-8 byte-order mark EF BB BF.
    static func hasByteOrderMark(_ bytes: [UInt8]) -> Bool {
        hasByteOrderMark(bytes.span)
    }

    /// Whether a line is blank or a `#` comment (after leading spaces and tabs).
    @inline(__always)
    static func isBlankOrComment(_ bytes: Span<UInt8>, _ range: Range<Int>) -> Bool {
        let text = trimmed(bytes, range)
        return text.isEmpty || bytes[text.lowerBound] == UInt8(ascii: "#")
    }

    /// The first line that is neither blank nor a `#` comment, looking at the first 64 KiB only (a binary file may
    /// have no line break for a long way).
    static func firstContentLine(_ bytes: Span<UInt8>) -> Line? {
        var cursor = LineCursor(bytes, limit: 64 * 1024)
        while let line = cursor.next(in: bytes) {
            if !isBlankOrComment(bytes, line.range) { return line }
        }
        return nil
    }

    /// The range without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmed(_ bytes: Span<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return start..<end
    }

    /// The slice without leading and trailing spaces and tabs.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let range = trimmed(bytes.span, 0..<bytes.count)
        return bytes[(bytes.startIndex + range.lowerBound)..<(bytes.startIndex + range.upperBound)]
    }

    /// Whether the bytes in `range` are exactly `literal` (ASCII).
    @inline(__always)
    static func equals(_ bytes: Span<UInt8>, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != expected[offset] { return false }
        return true
    }

    /// A plain decimal number, strictly: optional `-`, digits, optional `.` and digits (`12`, `0.812`, `-3.5`,
    /// `.5`, `7.`). No exponent, no `+`, no `nan`/`inf`, no hex, no spaces.
    ///
    /// Up to 15 significant digits are converted exactly as `mantissa / 10^k` (two exact doubles, one correctly
    /// rounded division); longer numbers go through the standard library's parser.
    static func decimal(_ bytes: Span<UInt8>, _ range: Range<Int>) -> Double? {
        var index = range.lowerBound
        let end = range.upperBound
        let negative = index < end && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        // 15 characters hold at most 15 digits: no digit count is needed and the mantissa cannot overflow.
        guard end - index <= 15 else { return longDecimal(bytes, range) }
        let firstDigit = index
        var mantissa: UInt64 = 0
        var point = -1
        while index < end {
            let digit = bytes[index] &- 0x30
            if digit < 10 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
            } else if bytes[index] == UInt8(ascii: "."), point < 0 {
                point = index
            } else {
                return nil
            }
            index += 1
        }
        let digits = end - firstDigit - (point < 0 ? 0 : 1)
        guard digits > 0 else { return nil }
        let value = Double(mantissa) / powerOfTen(point < 0 ? 0 : end - point - 1)
        return negative ? -value : value
    }

    /// ``decimal(_:_:)`` of more than 15 characters: the digits counted, up to 15 converted exactly, more through
    /// the standard library's parser.
    private static func longDecimal(_ bytes: Span<UInt8>, _ range: Range<Int>) -> Double? {
        var index = range.lowerBound
        var negative = false
        if index < range.upperBound, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        while index < range.upperBound {
            let byte = bytes[index]
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
        guard digits <= 15 else { return Double(string(bytes, range)) }
        let value = Double(mantissa) / powerOfTen(fractionDigits)
        return negative ? -value : value
    }

    /// 10^k for k in 0...15, exactly (each is a double).
    private static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: 1
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        default: 1e15
        }
    }

    /// A plain decimal number (see ``decimal(_:_:)``).
    static func decimal(_ text: ArraySlice<UInt8>) -> Double? {
        decimal(text.span, 0..<text.count)
    }

    /// A whole number of decimal digits only (no sign), up to `limit`, or `nil`.
    @inline(__always)
    static func unsigned(_ bytes: Span<UInt8>, _ range: Range<Int>, limit: Int) -> Int? {
        guard !range.isEmpty, range.count <= 12 else { return nil }
        var value = 0
        for index in range {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value <= limit ? value : nil
    }

    /// A whole number of decimal digits only (no sign), up to `limit`, or `nil`.
    static func unsigned(_ text: ArraySlice<UInt8>, limit: Int) -> Int? {
        unsigned(text.span, 0..<text.count, limit: limit)
    }

    /// The bytes in `range` as a string (invalid UTF-8 becomes U+FFFD).
    static func string(_ bytes: Span<UInt8>, _ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
        }
    }

    /// Whether the byte is an ASCII letter.
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Text for a message: the bytes in `range` as UTF-8, control characters as `?`, cut after 60 characters with
    /// `…`.
    static func shown(_ bytes: Span<UInt8>, _ range: Range<Int>, limit: Int = 60) -> String {
        shown(string(bytes, range), limit: limit)
    }

    /// Text for a message: the bytes as UTF-8, control characters as `?`, cut after 60 characters with `…`.
    static func shown(_ bytes: ArraySlice<UInt8>, limit: Int = 60) -> String {
        shown(String(decoding: bytes, as: UTF8.self), limit: limit)
    }

    /// Text for a message: control characters as `?`, cut after `limit` characters with `…`.
    private static func shown(_ text: String, limit: Int) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
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
        if isText, let line = firstContentLine(bytes.span) {
            seen = "its first line is '\(shown(bytes.span, trimmed(bytes.span, line.range)))'"
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
