import ArgumentParser
import Clinic
import Foundation
import Logging
import MQTTClient
import RetroWalk

/// `retrowalk clinic`: the live dashboard of every station publishing to a broker.
struct ClinicCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clinic",
        abstract: "Serve the live dashboard of every station that publishes to an MQTT broker (walk --publish).",
        discussion: """
            Subscribes to retrowalk/+/state, retrowalk/+/online and retrowalk/+/events on the broker and serves one \
            page for everyone watching: big heart rate, zone, phase and countdown, signal, flashing alarms with an \
            audible alert, offline stations greyed. /api/stations gives the state snapshots (JSON), /api/events the \
            live events (Server-Sent Events).

            It listens on 127.0.0.1 unless --listen says otherwise. On any other address the dashboard asks for a \
            password, whose bcrypt hash is 'password_hash' in clinic.yaml (config/, then \
            $XDG_CONFIG_HOME/retrowalk/, then --clinic-config FILE); make it with 'retrowalk clinic \
            --hash-password' (reads the password from standard input). Without a login the page is read-only; a \
            logged-in user can acknowledge an alarm or send a station to its cool-down, and the station says who.
            """
    )

    @Option(
        help: ArgumentHelp(
            "The broker: mqtt://[USER@]HOST[:PORT] or mqtts://… (default: 'broker' in clinic.yaml).", valueName: "url"))
    var broker: String?

    @Option(
        help: ArgumentHelp(
            "Where to listen, ADDR:PORT (default: 'listen' in clinic.yaml, else 127.0.0.1:8080).",
            valueName: "addr:port"))
    var listen: String?

    @Option(help: ArgumentHelp("For mqtts://: the broker's CA certificate (PEM).", valueName: "file"))
    var mqttCa: String?

    @Option(help: ArgumentHelp("A file (chmod 600) whose first line is the broker password.", valueName: "file"))
    var mqttPasswordFile: String?

    @Option(help: ArgumentHelp("A clinic.yaml read last, over the shipped and user files.", valueName: "file"))
    var clinicConfig: String?

    @Flag(help: "Read a dashboard password from standard input and print its bcrypt hash for clinic.yaml.")
    var hashPassword = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        if hashPassword {
            guard let line = readLine(strippingNewline: true), line.count >= 8 else {
                throw fail("Give a password of at least 8 characters on standard input.")
            }
            print("password_hash: \"\(ClinicServer.hash(password: line))\"")
            return
        }
        let logger = global.bootstrapLogging()
        do {
            let config = try ClinicConfig.load(locator: ResourceLocator(), explicit: clinicConfig)
            guard let brokerText = broker ?? config.broker else {
                throw AppError(
                    code: .badArgument, message: "No broker: give --broker mqtt://HOST or 'broker' in clinic.yaml.")
            }
            let url: BrokerURL
            do throws(MQTTError) { url = try BrokerURL(parsing: brokerText) } catch {
                throw AppError(code: .badArgument, message: error.message)
            }
            let (host, port) = try ClinicConfig.parseListen(listen ?? config.listen ?? "127.0.0.1:8080")
            var password: String?
            if let file = mqttPasswordFile {
                password = try PublishConfig.readPasswordFile(file)
            } else if let value = ProcessInfo.processInfo.environment[PublishConfig.passwordVariable], !value.isEmpty {
                password = value
            }
            let server = try ClinicServer(
                settings: .init(
                    broker: url, brokerPassword: password, brokerCA: mqttCa, host: host, port: port,
                    passwordHash: config.passwordHash),
                logger: logger)
            try await server.run()
        } catch let error as AppError {
            throw fail(error.message)
        }
    }
}
