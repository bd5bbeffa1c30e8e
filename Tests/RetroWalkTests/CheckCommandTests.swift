import Foundation
import Testing

@Suite("retrowalk check")
struct CheckCommandTests {
    func findings(_ arguments: [String]) throws -> (status: Int32, steps: [String: (status: String, detail: String)]) {
        let output = try RetroWalkBinary.run(["check", "--json"] + arguments)
        var steps: [String: (String, String)] = [:]
        for line in output.lines {
            let event = try #require(EventLine(line), "not JSON: \(line)")
            steps[event["step"] as? String ?? ""] = (event["status"] as? String ?? "", event["detail"] as? String ?? "")
        }
        return (output.status, steps)
    }

    @Test("a healthy simulated strap passes every step")
    func healthy() throws {
        let (status, steps) = try findings(["--simulate", "--audio-device", "null"])
        #expect(status == 0)
        for step in [
            "config.plan", "config.audio", "sounds.clips", "strap.reachable", "strap.contact", "strap.data",
            "strap.battery",
            "audio.device",
        ] {
            #expect(steps[step]?.status == "pass", "\(step): \(steps[step]?.detail ?? "missing")")
        }
        #expect(steps["strap.data"]?.detail.contains("1.00 per s") == true)
        #expect(
            steps["audio.device"]?.detail.hasPrefix("ALSA device 'null' played the test phrase and the high") == true)
    }

    @Test("no skin contact fails with the remedy; a strap without battery service warns")
    func contactAndBattery() throws {
        let dry = try findings(["--simulate", "contact-lost", "--audio-device", "null"])
        #expect(dry.status == 1)
        #expect(dry.steps["strap.contact"]?.status == "fail")
        #expect(dry.steps["strap.contact"]?.detail.contains("moisten the electrodes") == true)
        let budget = try findings(["--simulate", "no-battery", "--audio-device", "null"])
        #expect(budget.status == 0)
        #expect(budget.steps["strap.battery"]?.status == "warn")
    }

    @Test("a link that drops during the check is reported with its reason")
    func linkDrop() throws {
        let (status, steps) = try findings(["--simulate", "link-drop", "--audio-device", "null", "--seconds", "30"])
        #expect(status == 0)
        #expect(steps["strap.data"]?.status == "warn")
        #expect(steps["strap.data"]?.detail.contains("no notification for 3 s") == true)
    }

    @Test("a real strap on a kernel without Bluetooth: adapter and strap fail with one clear line each")
    func noBluetooth() throws {
        let (status, steps) = try findings(["--strap", "AA:BB:CC:DD:EE:FF", "--audio-device", "null", "--seconds", "3"])
        #expect(status == 1)
        let adapter = try #require(steps["bluetooth.adapter"])
        if adapter.status == "fail" {
            #expect(
                adapter.detail.contains("Bluetooth is not available in this kernel")
                    || adapter.detail.contains("adapter"))
        }
        #expect(steps["strap.reachable"]?.status == "fail")
    }

    @Test("an audio device that does not exist fails and says sessions fall back to a WAV file")
    func audio() throws {
        let (status, steps) = try findings(["--simulate", "--audio-device", "nosuchdevice"])
        #expect(status == 1)
        #expect(steps["audio.device"]?.detail.contains("nosuchdevice") == true)
        #expect(steps["audio.device"]?.detail.contains("WAV file") == true)
    }
}
