import MQTTClient
import RetroWalkCore
import SessionEngine
import Testing

@testable import RetroWalk

@Suite("MQTT contract: broker URLs, the state snapshot, commands")
struct MQTTContractTests {
    @Test("broker URLs: scheme, user, host, default and explicit ports, IPv6")
    func urls() throws {
        let plain = try BrokerURL(parsing: "mqtt://gym-pi.local")
        #expect(!plain.isTLS && plain.user == nil && plain.host == "gym-pi.local" && plain.port == 1883)
        let tls = try BrokerURL(parsing: "mqtts://treadmills@10.0.0.5:8884")
        #expect(tls.isTLS && tls.user == "treadmills" && tls.host == "10.0.0.5" && tls.port == 8884)
        #expect(try BrokerURL(parsing: "mqtts://broker").port == 8883)
        let six = try BrokerURL(parsing: "mqtt://[::1]:1884")
        #expect(six.host == "::1" && six.port == 1884 && six.description == "mqtt://[::1]:1884")
    }

    @Test(
        "bad broker URLs name the value and the form; a password in the URL is refused",
        arguments: [
            ("http://x", "is not an MQTT URL"), ("mqtt://", "has no host"), ("mqtt://h:0", "port '0'"),
            ("mqtt://h:x", "port 'x'"), ("mqtt://u:pw@h", "never on the command line"), ("mqtt://@h", "empty user"),
        ])
    func badURLs(text: String, expected: String) {
        #expect {
            try BrokerURL(parsing: text)
        } throws: { error in
            (error as? MQTTError)?.message.contains(expected) == true
                && (error as? MQTTError)?.message.contains("'\(text)'") == true
        }
    }

    @Test("station names are topic levels: no '/', '+', '#', spaces; the host name becomes one")
    func stations() {
        #expect(StationTopics.problem(station: "bay-2") == nil)
        for bad in ["", "a/b", "a+", "#", "a b", String(repeating: "x", count: 65)] {
            #expect(StationTopics.problem(station: bad) != nil, "\(bad)")
        }
        #expect(PublishConfig.stationName(fromHost: "pi 4.gym.local") == "pi-4")
        #expect(StationTopics.parse("retrowalk/bay-2/state")! == ("bay-2", "state"))
        #expect(StationTopics.parse("retrowalk/bay-2/state/x") == nil)
    }

    @Test("the state snapshot: the contract's keys in order, nulls for the unknown, alarms with their text")
    func snapshot() {
        let alert = Alert(
            rule: "R3", priority: .high, change: .raised, phrase: "alarm_r3",
            text: "Stop now. Stand still, hold support.")
        let status = SessionStatus(
            time: 391, phase: .paused, bout: 3, bouts: 5, stepEndsAt: nil, beatsPerMinute: 151.6, band: .hardCeiling,
            link: .up, contact: .detected, battery: 87, alarms: [.init(alert: alert, acknowledged: false)],
            awaiting: .acknowledge)
        // 2026-12-03T09:14:07.250Z
        let json = StationState.json(station: "bay-2", status: status, updatedAt: 1_796_289_247.25)
        #expect(
            json == #"{"station": "bay-2", "t": 391.0, "phase": "paused", "bout": 3, "of": 5, "step_ends_at": null, "#
                + #""bpm": 152, "zone": "hard_ceiling", "signal": "good", "link": "up", "contact": "detected", "#
                + #""battery": 87, "awaiting": "acknowledge", "alarms": [{"rule": "R3", "priority": "high", "#
                + #""text": "Stop now. Stand still, hold support.", "acknowledged": false}], "online": true, "#
                + #""updated_at": "2026-12-03T09:14:07.250Z"}"#)
        var lost = status
        lost.link = .lost
        lost.beatsPerMinute = nil
        #expect(StationState.signal(of: lost) == "lost")
        var noContact = status
        noContact.contact = .notDetected
        #expect(StationState.signal(of: noContact) == "no_contact")
    }

    @Test("commands: acknowledge and cooldown with a name; anything else ignored; names cleaned and cut")
    func commands() {
        func parse(_ text: String) -> RemoteCommand? { MQTTOutput.command(from: Array(text.utf8)) }
        #expect(
            parse(#"{"command": "acknowledge", "by": "Dr Lee"}"#) == RemoteCommand(action: .acknowledge, by: "Dr Lee"))
        #expect(parse(#"{"command": "cooldown", "by": " Sam\n"}"#) == RemoteCommand(action: .cooldown, by: "Sam"))
        #expect(parse(#"{"command": "silence", "by": "x"}"#) == nil)
        #expect(parse(#"{"command": "acknowledge"}"#) == nil)
        #expect(parse(#"{"command": "acknowledge", "by": ""}"#) == nil)
        #expect(parse("not json") == nil)
        let long = parse(#"{"command": "acknowledge", "by": "\#(String(repeating: "n", count: 100))"}"#)
        #expect(long?.by.count == RemoteCommand.maximumNameLength)
    }
}
