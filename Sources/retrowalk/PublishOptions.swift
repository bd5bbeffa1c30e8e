import ArgumentParser
import Foundation
import Logging
import RetroWalk
import RetroWalkCore
import SessionEngine

/// `--publish URL`, `--station NAME`, `--mqtt-ca FILE`, `--mqtt-password-file FILE`, `--publish-config FILE`:
/// publishing the session over MQTT for the clinic dashboard or a partner (README, "Clinic and partner mode").
struct PublishOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Publish the session to this MQTT broker: mqtt://[USER@]HOST[:PORT] or mqtts://… (default: 'broker' in "
                + "publish.yaml; none: no publishing). The password comes from --mqtt-password-file or "
                + "RETROWALK_MQTT_PASSWORD.",
            valueName: "url"))
    var publish: String?

    @Option(
        help: ArgumentHelp(
            "This station's name in the topics retrowalk/NAME/… (default: 'station' in publish.yaml, else the host "
                + "name).",
            valueName: "name"))
    var station: String?

    @Option(help: ArgumentHelp("For mqtts://: the CA certificate (PEM) of the broker.", valueName: "file"))
    var mqttCa: String?

    @Option(
        help: ArgumentHelp(
            "A file (chmod 600) whose first line is the broker password.", valueName: "file"))
    var mqttPasswordFile: String?

    @Option(help: ArgumentHelp("A publish.yaml read last, over the shipped and user files.", valueName: "file"))
    var publishConfig: String?

    /// The publisher's settings, or `nil` when nothing asks for publishing.
    func settings(locator: ResourceLocator) throws -> MQTTOutput.Settings? {
        let config = try PublishConfig.load(locator: locator, explicit: publishConfig)
        return try config.settings(
            broker: publish, station: station, caFile: mqttCa, passwordFile: mqttPasswordFile,
            environment: ProcessInfo.processInfo.environment, hostName: ProcessInfo.processInfo.hostName)
    }

    /// Starts the publisher, whose commands (the dashboard's acknowledge and cool-down) go to `inbox`.
    func start(locator: ResourceLocator, inbox: SessionInbox, logger: Logger) throws -> MQTTOutput? {
        guard let settings = try settings(locator: locator) else { return nil }
        return MQTTOutput(settings: settings, logger: logger, reporter: inbox) { command in
            inbox.post(.remote(command))
        }
    }
}
