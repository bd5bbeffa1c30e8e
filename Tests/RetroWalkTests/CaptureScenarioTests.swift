import Foundation
import Testing

/// The capture faults of the simulated strap, end to end through the real binary: detection and recovery
/// times are measured against the simulator's own `sim` announcements.
@Suite("Capture fault scenarios", .serialized, .timeLimit(.minutes(3)))
struct CaptureScenarioTests {
    func run(_ scenario: String, seconds: Int = 330) throws -> [EventLine] {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run(
            [
                "walk", "--simulate", scenario, "--speed", "max", "--duration", "\(seconds)", "--json",
                "--db", folder.path("s.sqlite"), "--render-audio", folder.path("a.wav"),
            ]
        )
        #expect(output.status == 0, "stderr: \(output.stderr)")
        return output.lines.compactMap(EventLine.init)
    }

    func first(
        _ events: [EventLine], _ event: String, _ key: String? = nil, _ value: String? = nil, after time: Double = -1
    )
        -> EventLine?
    {
        events.first { line in
            line.event == event && line.time >= time && (key.map { line[$0] as? String == value } ?? true)
        }
    }

    @Test("link-drop: lost within 3 s, S2 10 s after the last notification, samples again within 2 s of the return")
    func linkDrop() throws {
        let events = try run("link-drop")
        let drop = try #require(first(events, "sim", "fault", "link-drop"))
        let lost = try #require(first(events, "signal", "state", "lost"))
        #expect(lost.time >= drop.time && lost.time <= drop.time + 3)
        // The link has been down since its last notification, which the loss report (a 3 s stall timeout) follows
        let lastSample = try #require(events.last { $0.event == "sample" && $0.time <= lost.time })
        let s2 = try #require(first(events, "alarm", "rule", "S2"))
        #expect(s2.time >= lastSample.time + 9 && s2.time <= lastSample.time + 11)
        let back = try #require(first(events, "sim", "fault", "link-return"))
        let restored = try #require(first(events, "signal", "state", "restored"))
        let sample = try #require(first(events, "sample", after: back.time))
        #expect(sample.time <= back.time + 2)
        #expect(restored.time == sample.time)
        #expect(first(events, "clear", "rule", "S2").map { $0.time == restored.time } == true)
        #expect(events.filter { $0.event == "signal" && $0["state"] as? String == "lost" }.count == 1)
    }

    @Test("stall: a connected but silent strap is lost within 3 s and restored when it speaks again")
    func stall() throws {
        let events = try run("stall")
        let stall = try #require(first(events, "sim", "fault", "stall"))
        let lost = try #require(first(events, "signal", "state", "lost"))
        #expect(lost["reason"] as? String == "no notification for 3 s")
        #expect(lost.time <= stall.time + 3)
        let end = try #require(first(events, "sim", "fault", "stall-end"))
        let restored = try #require(first(events, "signal", "state", "restored"))
        #expect(restored.time >= end.time && restored.time <= end.time + 2)
    }

    @Test("contact-lost: contact events both ways; S2 after 15 s without contact, cleared when it returns")
    func contactLost() throws {
        let events = try run("contact-lost")
        let fault = try #require(first(events, "sim", "fault", "contact-lost"))
        let lost = try #require(first(events, "signal", "state", "contact_lost"))
        #expect(lost.time <= fault.time + 1)
        let s2 = try #require(first(events, "alarm", "rule", "S2"))
        #expect(abs(s2.time - (lost.time + 15)) <= 1)
        let back = try #require(first(events, "signal", "state", "contact_restored"))
        #expect(first(events, "clear", "rule", "S2").map { $0.time == back.time } == true)
        // The link itself never dropped
        #expect(first(events, "signal", "state", "lost") == nil)
    }

    @Test(
        "garbage, duplicates, multi-rr, spurious-rr, hr16, no-battery, mtu247: the link holds and samples flow",
        arguments: ["garbage", "duplicates", "multi-rr", "spurious-rr", "hr16", "no-battery", "mtu247"]
    )
    func robust(scenario: String) throws {
        let events = try run(scenario, seconds: 200)
        #expect(first(events, "signal", "state", "connected").map { $0.time <= 1 } == true)
        #expect(first(events, "signal", "state", "lost") == nil)
        #expect(!events.contains { $0.event == "alarm" })
        let samples = events.filter { $0.event == "sample" }
        #expect(samples.count >= 195)
        let rrCounts = samples.map { ($0["rr"] as? [Int] ?? []).count }
        switch scenario {
        case "garbage":
            #expect(events.filter { $0.event == "sim" }.count >= 25)
        case "multi-rr":
            #expect(rrCounts.contains(0))
            #expect(rrCounts.contains { $0 >= 2 })
        case "spurious-rr":
            #expect(samples.allSatisfy { ($0["rr"] as? [Int])?.last.map { $0 == 53 } ?? true })
        default:
            #expect(rrCounts.allSatisfy { $0 >= 1 })
        }
    }
}
