public import BlueZTransport
import Foundation
import RetroWalkCore
import Yams

/// The strap `retrowalk walk` connects to when no `--strap` is given; `retrowalk scan --save N` writes it.
///
/// Stored as `strap.yaml` in the user's config folder (``ResourceLocator/userConfigDirectory``):
/// ```yaml
/// # The strap 'retrowalk walk' uses when no --strap is given.
/// address: "F6:4D:73:53:49:6E"
/// type: random
/// name: "Polar H10 9F6E5322"
/// ```
/// `type` is the LE address type from the strap's advertisement (`public` or `random`; `public` when left out);
/// `name` is informational.
public struct SavedStrap: Sendable, Hashable {
    /// The strap's address and address type.
    public var address: BluetoothAddress
    /// The name it advertised, if any.
    public var name: String?

    /// The file's name in the config folder.
    public static let fileName = "strap.yaml"

    /// Creates a saved strap.
    ///
    /// - Parameters:
    ///   - address: The address and its type, from the advertisement.
    ///   - name: The advertised name.
    public init(address: BluetoothAddress, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// Where the saved strap lives: `<userConfigDirectory>/strap.yaml`.
    ///
    /// - Parameter locator: The process's resource locator.
    public static func path(in locator: ResourceLocator) -> String {
        locator.userConfigDirectory + "/" + fileName
    }

    /// Reads the saved strap.
    ///
    /// - Parameter path: The file.
    /// - Returns: The strap, or `nil` when the file does not exist.
    /// - Throws: ``AppError`` (`badConfig`) naming the file, the key and the value at fault, with the remedy.
    public static func load(from path: String) throws -> SavedStrap? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AppError(
                code: .badConfig,
                message: "Saved strap file '\(path)' could not be read (\(error.localizedDescription)). "
                    + "Check its permissions, or save the strap again with 'retrowalk scan --save N'."
            )
        }
        return try SavedStrap(yaml: text, path: path)
    }

    /// Parses the file's text.
    ///
    /// - Parameters:
    ///   - yaml: The file's contents.
    ///   - path: The file, for messages.
    /// - Throws: ``AppError`` (`badConfig`) naming the file, the key and the value at fault, with the remedy.
    public init(yaml: String, path: String) throws {
        let remedy = " Save the strap again with 'retrowalk scan --save N', or pass --strap ADDR."
        func problem(_ text: String) -> AppError {
            AppError(code: .badConfig, message: "Saved strap file '\(path)': \(text)." + remedy)
        }
        let fields: Fields
        do {
            guard yaml.contains(where: { !$0.isWhitespace }) else { throw problem("the file is empty") }
            fields = try YAMLDecoder().decode(Fields.self, from: yaml)
        } catch let error as AppError {
            throw error
        } catch DecodingError.keyNotFound(let key, _) {
            throw problem("key '\(key.stringValue)' is missing")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw problem(key.isEmpty ? "it is not a mapping of address, type and name" : "key '\(key)' is not text")
        } catch DecodingError.dataCorrupted(let context) {
            throw problem("it is not valid YAML (\(Self.yamlProblem(context.underlyingError)))")
        } catch {
            throw problem("it is not valid YAML (\(Self.yamlProblem(error)))")
        }
        let typeText = fields.type ?? BluetoothAddress.AddressType.public.rawValue
        guard let type = BluetoothAddress.AddressType(rawValue: typeText) else {
            throw problem("type '\(typeText)' is not an address type; allowed: public, random")
        }
        do {
            address = try BluetoothAddress(fields.address, type: type)
        } catch {
            throw problem(
                "address '\(fields.address)' is not a Bluetooth address (six hex pairs, e.g. 'F6:4D:73:53:49:6E')"
            )
        }
        name = fields.name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The file's text: a comment, then `address`, `type` and (when known) `name`, strings double-quoted.
    public var yaml: String {
        var lines = [
            "# The strap 'retrowalk walk' uses when no --strap is given.",
            "# Written by 'retrowalk scan --save N'; edit it or delete it freely.",
            "address: \(JSONValue.quote(address.description))",
            "type: \(address.type.rawValue)",
        ]
        if let name { lines.append("name: \(JSONValue.quote(name))") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the file, creating its folder.
    ///
    /// - Parameter path: The file; an existing one is replaced.
    /// - Throws: ``AppError`` (`badConfig`) naming the path and the reason, with the remedy.
    public func save(to path: String) throws {
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw AppError(
                code: .badConfig,
                message: "Could not save the strap to '\(path)' (\(error.localizedDescription)). "
                    + "Check that the folder is writable, or set XDG_CONFIG_HOME to one that is."
            )
        }
    }

    /// Where and what a YAML syntax error is, on one line: `line 2, column 1: while scanning a quoted scalar,
    /// found unexpected end of stream`.
    static func yamlProblem(_ error: (any Error)?) -> String {
        switch error {
        case YamlError.scanner(let context, let problem, let mark, _)?,
            YamlError.parser(let context, let problem, let mark, _)?,
            YamlError.composer(let context, let problem, let mark, _)?:
            return "line \(mark.line), column \(mark.column): "
                + [context?.text, problem].compactMap { $0 }.joined(separator: ", ")
        case let error?:
            return "\(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
        case nil:
            return "unknown syntax error"
        }
    }

    /// The file's keys as text.
    private struct Fields: Decodable {
        var address: String
        var type: String?
        var name: String?
    }
}
