import Foundation
import Hummingbird
import HummingbirdBcrypt
public import Logging
public import MQTTClient
import RetroWalk
import RetroWalkCore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `retrowalk clinic`: one web dashboard for every station publishing to a broker (README, "Clinic and partner mode").
///
/// - `GET /`: the dashboard (HTML, CSS and JavaScript in the binary; nothing fetched from elsewhere);
/// - `GET /api/stations`: the stations' state snapshots, a JSON array;
/// - `GET /api/events`: Server-Sent Events: each station event as `data: {"station": S, …}`, and each state change
///   as `event: state`;
/// - `GET /api/me`: whether this browser may send commands, and as whom;
/// - `POST /api/login` (`name`, `password`), `POST /api/logout`;
/// - `POST /api/stations/STATION/command` (`{"command": "acknowledge" | "cooldown"}`).
///
/// On a loopback address nobody else can reach it, so no password is asked and commands are sent as `by` from the
/// request (default "clinic"). On any other address a password is required (its bcrypt hash in clinic.yaml): without
/// a login only GET is allowed; a login's name is who the station says acknowledged.
public struct ClinicServer: Sendable {
    /// How the clinic is set up.
    public struct Settings: Sendable {
        public var broker: BrokerURL
        public var brokerPassword: String?
        public var brokerCA: String?
        public var host: String
        public var port: Int
        /// The bcrypt hash of the dashboard password; required unless `host` is a loopback address.
        public var passwordHash: String?

        public init(
            broker: BrokerURL, brokerPassword: String?, brokerCA: String?, host: String, port: Int,
            passwordHash: String?
        ) {
            self.broker = broker
            self.brokerPassword = brokerPassword
            self.brokerCA = brokerCA
            self.host = host
            self.port = port
            self.passwordHash = passwordHash
        }

        /// Whether only this machine can reach the dashboard.
        public var isLoopback: Bool { ["127.0.0.1", "::1", "localhost"].contains(host) }
    }

    let settings: Settings
    let logger: Logger

    /// The cookie that carries a login.
    static let cookieName = "retrowalk_clinic"
    /// How long a login lasts: a working day.
    static let loginSeconds = 12 * 3600

    /// Checks the settings.
    ///
    /// - Throws: ``AppError`` (`badArgument`) when a non-loopback address has no password hash.
    public init(settings: Settings, logger: Logger) throws {
        if !settings.isLoopback, settings.passwordHash == nil {
            throw AppError(
                code: .badArgument,
                message: "The clinic listens on '\(settings.host)', which other machines can reach: set "
                    + "'password_hash' in clinic.yaml (make one with 'retrowalk clinic --hash-password'), or listen on "
                    + "127.0.0.1.")
        }
        self.settings = settings
        self.logger = logger
    }

    /// Runs until SIGINT or SIGTERM.
    ///
    /// - Parameter onRunning: Called once the server listens (tests wait for it).
    public func run() async throws {
        let board = StationBoard()
        let broker = ClinicBroker(
            broker: settings.broker, password: settings.brokerPassword, caFile: settings.brokerCA, board: board,
            logger: logger)
        defer {
            broker.stop()
            board.closeAll()
        }
        let logins = Logins()
        let router = Router()
        let settings = settings
        let logger = logger
        router.get("/") { _, _ in
            Self.response(DashboardPage.html, type: "text/html; charset=utf-8")
        }
        router.get("/api/stations") { _, _ in
            Self.response(board.stationsJSON, type: "application/json")
        }
        router.get("/api/me") { request, _ in
            let name = settings.isLoopback ? "clinic" : logins.name(for: request)
            let body =
                "{\"can_command\": \(name != nil), \"name\": \(name.map(StationBoard.quote) ?? "null"), "
                + "\"password_required\": \(!settings.isLoopback)}"
            return Self.response(body, type: "application/json")
        }
        router.get("/api/events") { _, _ in
            let (_, stream) = board.listen()
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-store"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: ": retrowalk clinic\n\n"))
                    for await message in stream {
                        try await writer.write(ByteBuffer(string: message))
                    }
                    try await writer.finish(nil)
                })
        }
        router.post("/api/login") { request, _ in
            var request = request
            let fields = try await Self.fields(of: &request)
            guard let hash = settings.passwordHash else {
                return Self.response(
                    #"{"error": "no password is set: this clinic is local only"}"#, status: .badRequest)
            }
            let name = Self.cleanName(fields["name"] ?? "")
            guard let name, let password = fields["password"], Bcrypt.verify(password, hash: hash) else {
                logger.warning("A dashboard login failed", metadata: ["clinic.name": "\(fields["name"] ?? "")"])
                return Self.response(#"{"error": "wrong name or password"}"#, status: .unauthorized)
            }
            let token = logins.add(name: name)
            var response = Self.response("{\"name\": \(StationBoard.quote(name))}", type: "application/json")
            if let cookie = try? Cookie.validated(
                name: Self.cookieName, value: token, maxAge: Self.loginSeconds, path: "/", httpOnly: true,
                sameSite: .strict)
            {
                response.setCookie(cookie)
            }
            logger.notice("Dashboard login", metadata: ["clinic.name": "\(name)"])
            return response
        }
        router.post("/api/logout") { request, _ in
            logins.remove(request)
            return Self.response("{}", type: "application/json")
        }
        router.post("/api/stations/:station/command") { request, context in
            var request = request
            let station = context.parameters.get("station") ?? ""
            let fields = try await Self.fields(of: &request)
            let by: String?
            if settings.isLoopback {
                by = Self.cleanName(fields["by"] ?? "") ?? "clinic"
            } else {
                by = logins.name(for: request)
            }
            guard let by else { return Self.response(#"{"error": "log in first"}"#, status: .unauthorized) }
            guard StationTopics.problem(station: station) == nil else {
                return Self.response(#"{"error": "no such station"}"#, status: .notFound)
            }
            guard let action = fields["command"].flatMap(RemoteCommand.Action.init(rawValue:)) else {
                return Self.response(#"{"error": "command must be acknowledge or cooldown"}"#, status: .badRequest)
            }
            broker.send(RemoteCommand(action: action, by: by), to: station)
            logger.notice(
                "Command sent",
                metadata: [
                    "clinic.station": "\(station)", "clinic.command": "\(action.rawValue)", "clinic.by": "\(by)",
                ])
            return Self.response(#"{"sent": true}"#, status: .accepted)
        }
        // Anything else that is not a GET, unless logged in: refused (an unauthenticated session is read-only).
        let app = Application(
            router: router,
            configuration: .init(
                address: .hostname(settings.host, port: settings.port), serverName: "retrowalk-clinic"),
            onServerRunning: { channel in
                logger.notice(
                    "Clinic dashboard on http://\(settings.host.contains(":") ? "[\(settings.host)]" : settings.host):\(channel.localAddress?.port ?? settings.port)/ (stations from \(settings.broker))"
                )
            },
            logger: logger
        )
        // SIGTERM (systemd stop) and SIGINT begin a graceful shutdown, which waits for open requests: the
        // dashboards' event streams never end by themselves, so the closer (shut down first, being last) ends them.
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: app), .init(service: EventStreamCloser(board: board))],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    static func response(_ text: String, type: String = "application/json", status: HTTPResponse.Status = .ok)
        -> Response
    {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("Content-Security-Policy")!] =
            "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A request's fields: a JSON object of strings, or a form (`a=b&c=d`). At most 4 KiB.
    static func fields(of request: inout Request) async throws -> [String: String] {
        let buffer = try await request.collectBody(upTo: 4096)
        let data = Data(buffer.readableBytesView)
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            return object.compactMapValues { $0 as? String }
        }
        var fields: [String: String] = [:]
        for pair in String(decoding: data, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }

    /// A name as the station will say and log it: printable, trimmed, at most 40 characters; `nil` when empty.
    static func cleanName(_ text: String) -> String? {
        let printable = String(
            text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        let trimmed = printable.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : String(trimmed.prefix(RemoteCommand.maximumNameLength))
    }

    /// `retrowalk clinic --hash-password`: the bcrypt hash for clinic.yaml.
    public static func hash(password: String) -> String { Bcrypt.hash(password, cost: 12) }
}

/// The logged-in browsers: a random token (the cookie) per login, with its name and expiry.
final class Logins: Sendable {
    private let tokens = Mutex<[String: (name: String, expires: Date)]>([:])

    func add(name: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        tokens.withLock { tokens in
            tokens = tokens.filter { $0.value.expires > Date() }
            tokens[token] = (name, Date().addingTimeInterval(TimeInterval(ClinicServer.loginSeconds)))
        }
        return token
    }

    func name(for request: Request) -> String? {
        guard let token = request.cookies[ClinicServer.cookieName]?.value else { return nil }
        return tokens.withLock { tokens in
            guard let entry = tokens[token], entry.expires > Date() else { return nil }
            return entry.name
        }
    }

    func remove(_ request: Request) {
        guard let token = request.cookies[ClinicServer.cookieName]?.value else { return }
        _ = tokens.withLock { $0.removeValue(forKey: token) }
    }
}

/// Ends every dashboard's event stream when the clinic shuts down, so the server's graceful shutdown, which waits
/// for open responses, can finish.
struct EventStreamCloser: Service {
    let board: StationBoard

    func run() async throws {
        try? await gracefulShutdown()
        board.closeAll()
    }
}
