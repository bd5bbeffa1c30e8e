/// A small, tolerant XML tokenizer: start tags, end tags and text, with line numbers.
///
/// Enough for reading TCX without Foundation's `XMLParser`: it skips the XML declaration, processing instructions,
/// comments and a DOCTYPE; returns CDATA as text; decodes the five predefined entities and numeric character
/// references in text and attribute values; strips namespace prefixes (`tcx:Trackpoint` → `Trackpoint`). It does not
/// validate: mismatched end tags are the reader's business. It fails only where the input ends inside markup.
struct XMLScanner {
    /// One token.
    enum Event {
        /// `<name attributes>`; `isEmpty` for `<name/>` (no end event follows).
        case start(name: String, attributes: [String: String], isEmpty: Bool, line: Int)
        /// `</name>`.
        case end(name: String, line: Int)
        /// Character data between tags, entities decoded (whitespace kept).
        case text([UInt8], line: Int)
    }

    /// What went wrong, for the reader to put into its own message.
    struct Failure: Error {
        var line: Int
        var problem: String
    }

    private let bytes: [UInt8]
    private var index: Int
    private(set) var line = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
        index = RecordingText.hasByteOrderMark(bytes) ? 3 : 0
    }

    /// The next token, or `nil` at the end of the input.
    mutating func next() throws(Failure) -> Event? {
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { return .text(readText(), line: line) }
            let startLine = line
            if starts(with: "<!--") {
                try skip(past: "-->", what: "a comment", from: startLine)
            } else if starts(with: "<![CDATA[") {
                index += 9
                let contentStart = index
                try skip(past: "]]>", what: "a CDATA section", from: startLine)
                return .text(Array(bytes[contentStart..<(index - 3)]), line: startLine)
            } else if starts(with: "<?") {
                try skip(past: "?>", what: "a processing instruction", from: startLine)
            } else if starts(with: "<!") {
                try skipDeclaration(from: startLine)
            } else if starts(with: "</") {
                index += 2
                let name = readName()
                try skip(past: ">", what: "the end tag '</\(name)'", from: startLine)
                return .end(name: name, line: startLine)
            } else {
                return try readStartTag(from: startLine)
            }
        }
        return nil
    }

    private func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { buffer in
            for offset in 0..<count where bytes[index + offset] != buffer[offset] { return false }
            return true
        }
    }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") { line += 1 }
        index += 1
    }

    private mutating func skip(past terminator: StaticString, what: String, from startLine: Int) throws(Failure) {
        while index < bytes.count {
            if starts(with: terminator) {
                index += terminator.utf8CodeUnitCount
                return
            }
            advance()
        }
        throw Failure(line: startLine, problem: "the file ends inside \(what) that starts on line \(startLine)")
    }

    /// `<!DOCTYPE …>`, with an internal subset in brackets.
    private mutating func skipDeclaration(from startLine: Int) throws(Failure) {
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            advance()
            if byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "]") {
                depth -= 1
            } else if byte == UInt8(ascii: ">"), depth <= 0 {
                return
            }
        }
        throw Failure(line: startLine, problem: "the file ends inside a declaration that starts on line \(startLine)")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'"))
    }

    /// A name at the cursor, without its namespace prefix.
    private mutating func readName() -> String {
        var localStart = index
        while index < bytes.count, Self.isNameByte(bytes[index]) {
            if bytes[index] == UInt8(ascii: ":") { localStart = index + 1 }
            index += 1
        }
        return String(decoding: bytes[localStart..<index], as: UTF8.self)
    }

    private mutating func skipSpace() {
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D
        {
            advance()
        }
    }

    private mutating func readStartTag(from startLine: Int) throws(Failure) -> Event {
        index += 1
        let name = readName()
        guard !name.isEmpty else {
            throw Failure(line: startLine, problem: "a '<' on line \(startLine) starts no tag")
        }
        var attributes: [String: String] = [:]
        while true {
            skipSpace()
            guard index < bytes.count else {
                throw Failure(line: startLine, problem: "the file ends inside the tag '<\(name)' on line \(startLine)")
            }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                return .start(name: name, attributes: attributes, isEmpty: false, line: startLine)
            }
            if starts(with: "/>") {
                index += 2
                return .start(name: name, attributes: attributes, isEmpty: true, line: startLine)
            }
            let attribute = readName()
            skipSpace()
            guard !attribute.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                throw Failure(
                    line: line,
                    problem: "the tag '<\(name)' on line \(startLine) has a malformed attribute near '\(attribute)'"
                )
            }
            index += 1
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw Failure(
                    line: line,
                    problem: "the attribute '\(attribute)' of '<\(name)' on line \(startLine) has no quoted value"
                )
            }
            let quote = bytes[index]
            index += 1
            let valueStart = index
            while index < bytes.count, bytes[index] != quote { advance() }
            guard index < bytes.count else {
                throw Failure(line: startLine, problem: "the file ends inside the tag '<\(name)' on line \(startLine)")
            }
            attributes[attribute] = String(decoding: Self.decodeEntities(bytes[valueStart..<index]), as: UTF8.self)
            index += 1
        }
    }

    private mutating func readText() -> [UInt8] {
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "<") { advance() }
        return Self.decodeEntities(bytes[start..<index])
    }

    /// Text with `&lt; &gt; &amp; &quot; &apos;` and `&#N;` / `&#xN;` replaced; unknown entities are kept as written.
    static func decodeEntities(_ text: ArraySlice<UInt8>) -> [UInt8] {
        guard text.contains(UInt8(ascii: "&")) else { return Array(text) }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            guard byte == UInt8(ascii: "&"), let semicolon = text[index...].firstIndex(of: UInt8(ascii: ";")),
                semicolon - index <= 10
            else {
                out.append(byte)
                index += 1
                continue
            }
            let entity = String(decoding: text[(index + 1)..<semicolon], as: UTF8.self)
            var replacement: [UInt8]?
            switch entity {
            case "lt": replacement = [UInt8(ascii: "<")]
            case "gt": replacement = [UInt8(ascii: ">")]
            case "amp": replacement = [UInt8(ascii: "&")]
            case "quot": replacement = [UInt8(ascii: "\"")]
            case "apos": replacement = [UInt8(ascii: "'")]
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let value = UInt32(entity.dropFirst(2), radix: 16),
                    let scalar = Unicode.Scalar(value)
                {
                    replacement = Array(String(Character(scalar)).utf8)
                } else if entity.hasPrefix("#"), let value = UInt32(entity.dropFirst()),
                    let scalar = Unicode.Scalar(value)
                {
                    replacement = Array(String(Character(scalar)).utf8)
                }
            }
            if let replacement {
                out += replacement
                index = semicolon + 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }
}
