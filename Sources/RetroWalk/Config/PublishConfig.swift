import Foundation
import Glibc
import MQTTClient

/// Where `walk --publish` publishes: `publish.yaml` (shipped `config/`, then `$XDG_CONFIG_HOME/retrowalk/`, then
/// `--publish-config FILE`), overridden by the command line.
///
/// Keys: `broker` (`mqtt://[USER@]HOST[:PORT]` or `mqtts://…`), `station` (default: the host name), `ca` (a PEM
/// file for `mqtts`), `password_file` (a file readable by its owner only). The password is never a key or an
/// option: it comes from `password_file` / `--mqtt-password-file` or from `RETROWALK_MQTT_PASSWORD`.
public struct PublishConfig: Sendable {
    /// The file's name in `config/` and in the user's config folder.
    public static let fileName = "publish.yaml"
    /// The environment variable that carries the password.
    public static let passwordVariable = "RETROWALK_MQTT_PASSWORD"

    /// The broker URL as written, if any.
    public var broker: String?
    /// The station's name, if set.
    public var station: String?
    /// The CA file, if set (relative paths resolved against the file's folder).
    public var caFile: String?
    /// The password file, if set.
    public var passwordFile: String?

    /// Nothing set.
    public init() {}

    /// Loads the layers of `publish.yaml`.
    ///
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem.
    public static func load(locator: ResourceLocator, explicit: String?) throws -> PublishConfig {
        try schema.load(
            ConfigSource.layers(of: fileName, locator: locator, explicit: explicit, option: "--publish-config"),
            over: PublishConfig()
        ).value
    }

    /// The settings of a publisher from this file and the command line (the command line wins).
    ///
    /// - Parameters:
    ///   - broker, station, caFile, passwordFile: the command-line values, when given.
    ///   - environment: for `RETROWALK_MQTT_PASSWORD`.
    ///   - hostName: the default station name.
    /// - Returns: `nil` when no broker is set anywhere (no publishing).
    /// - Throws: ``AppError`` (`badArgument`): a bad URL or station name, a password file that is missing, empty
    ///   or readable by others.
    public func settings(
        broker commandBroker: String?, station commandStation: String?, caFile commandCA: String?,
        passwordFile commandPasswordFile: String?, environment: [String: String], hostName: String
    ) throws -> MQTTOutput.Settings? {
        guard let text = commandBroker ?? broker else { return nil }
        let url: BrokerURL
        do throws(MQTTError) { url = try BrokerURL(parsing: text) } catch {
            throw AppError(code: .badArgument, message: error.message)
        }
        let stationName = commandStation ?? station ?? Self.stationName(fromHost: hostName)
        if let problem = StationTopics.problem(station: stationName) {
            throw AppError(code: .badArgument, message: "The \(problem); set it with --station NAME.")
        }
        let ca = commandCA ?? caFile
        if let ca {
            guard url.isTLS else {
                throw AppError(
                    code: .badArgument,
                    message: "--mqtt-ca '\(ca)' is for a TLS broker; use an mqtts:// URL, not '\(text)'.")
            }
            guard FileManager.default.isReadableFile(atPath: ca) else {
                throw AppError(code: .badArgument, message: "The MQTT CA file '\(ca)' cannot be read; give a PEM file.")
            }
        }
        var password: String?
        if let file = commandPasswordFile ?? passwordFile {
            password = try Self.readPasswordFile(file)
        } else if let value = environment[Self.passwordVariable], !value.isEmpty {
            password = value
        }
        if password != nil, url.user == nil {
            throw AppError(
                code: .badArgument,
                message: "A broker password is set but '\(text)' names no user; write mqtt://USER@HOST.")
        }
        return MQTTOutput.Settings(broker: url, station: stationName, password: password, caFile: ca)
    }

    /// The host name up to its first dot, with characters a topic level cannot carry replaced by `-`.
    public static func stationName(fromHost host: String) -> String {
        let short = host.split(separator: ".").first.map(String.init) ?? host
        let cleaned = String(
            short.unicodeScalars.map { scalar -> Character in
                StationTopics.problem(station: String(scalar)) == nil ? Character(scalar) : "-"
            })
        return cleaned.isEmpty ? "station" : String(cleaned.prefix(64))
    }

    /// Reads the first line of a password file that only its owner can read.
    public static func readPasswordFile(_ file: String) throws -> String {
        var info = stat()
        guard stat(file, &info) == 0 else {
            throw AppError(
                code: .badArgument,
                message: "The MQTT password file '\(file)' cannot be read (\(String(cString: strerror(errno)))).")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw AppError(
                code: .badArgument,
                message: "The MQTT password file '\(file)' can be read by others (mode "
                    + "\(String(info.st_mode & 0o777, radix: 8))); run 'chmod 600 \(file)'.")
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
            let line = text.split(whereSeparator: \.isNewline).first, !line.isEmpty
        else {
            throw AppError(
                code: .badArgument,
                message: "The MQTT password file '\(file)' is empty; put the password on its first line.")
        }
        return String(line)
    }

    static let schema = ConfigSchema<PublishConfig>(
        label: "Publish settings",
        keys: [
            .init(path: "broker") { value throws(ConfigProblem) in
                guard let text = value.scalarText else { throw value.problem("expected mqtt://[USER@]HOST[:PORT]") }
                do throws(MQTTError) { _ = try BrokerURL(parsing: text) } catch { throw ConfigProblem(error.message) }
                return { $0.broker = text }
            },
            .init(path: "station") { value throws(ConfigProblem) in
                guard let text = value.scalarText else { throw value.problem("expected a station name") }
                if let problem = StationTopics.problem(station: text) { throw ConfigProblem(problem) }
                return { $0.station = text }
            },
            .init(path: "ca") { value throws(ConfigProblem) in
                guard let text = value.scalarText else { throw value.problem("expected the path of a PEM file") }
                let path = resolve(text, relativeTo: value.file)
                return { $0.caFile = path }
            },
            .init(path: "password_file") { value throws(ConfigProblem) in
                guard let text = value.scalarText else { throw value.problem("expected the path of a 0600 file") }
                let path = resolve(text, relativeTo: value.file)
                return { $0.passwordFile = path }
            },
        ]
    )

    private static func resolve(_ path: String, relativeTo file: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        guard !expanded.hasPrefix("/") else { return expanded }
        return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(expanded)
            .standardizedFileURL.path
    }
}
