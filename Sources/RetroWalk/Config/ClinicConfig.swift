import Foundation

/// The settings of `retrowalk clinic`: `clinic.yaml` (shipped `config/`, then `$XDG_CONFIG_HOME/retrowalk/`, then
/// `--clinic-config FILE`), overridden by the command line.
///
/// Keys: `broker` (`mqtt://…`), `listen` (`ADDR:PORT`), `password_hash` (the bcrypt hash of the dashboard password,
/// from `retrowalk clinic --hash-password`; required to listen on anything but loopback).
public struct ClinicConfig: Sendable {
    /// The file's name in `config/` and in the user's config folder.
    public static let fileName = "clinic.yaml"

    public var broker: String?
    public var listen: String?
    public var passwordHash: String?

    /// Nothing set.
    public init() {}

    /// Loads the layers of `clinic.yaml`.
    ///
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem.
    public static func load(locator: ResourceLocator, explicit: String?) throws -> ClinicConfig {
        try schema.load(
            ConfigSource.layers(of: fileName, locator: locator, explicit: explicit, option: "--clinic-config"),
            over: ClinicConfig()
        ).value
    }

    /// Splits `ADDR:PORT` (`[::1]:8080` for IPv6).
    ///
    /// - Throws: ``AppError`` (`badArgument`) naming the value and the form.
    public static func parseListen(_ text: String) throws -> (host: String, port: Int) {
        let problem = AppError(
            code: .badArgument,
            message: "Listen address '\(text)' is not ADDR:PORT, e.g. '127.0.0.1:8080' or '0.0.0.0:8080'.")
        var host: Substring
        var portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw problem }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw problem }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else { throw problem }
        return (String(host), port)
    }

    static let schema = ConfigSchema<ClinicConfig>(
        label: "Clinic settings",
        keys: [
            .init(path: "broker") { value throws(ConfigProblem) in
                guard let text = value.scalarText else { throw value.problem("expected mqtt://[USER@]HOST[:PORT]") }
                return { $0.broker = text }
            },
            .init(path: "listen") { value throws(ConfigProblem) in
                guard let text = value.scalarText, (try? parseListen(text)) != nil else {
                    throw value.problem("expected ADDR:PORT, e.g. 0.0.0.0:8080")
                }
                return { $0.listen = text }
            },
            .init(path: "password_hash") { value throws(ConfigProblem) in
                guard let text = value.scalarText, text.hasPrefix("$2"), text.count == 60 else {
                    throw value.problem("expected a bcrypt hash from 'retrowalk clinic --hash-password'")
                }
                return { $0.passwordHash = text }
            },
        ]
    )
}
