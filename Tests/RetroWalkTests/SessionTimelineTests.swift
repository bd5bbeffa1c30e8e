import Foundation
import Testing

/// Issue 5's timeline tests, end to end: `walk --simulate --json` on the virtual clock, with the real rules engine,
/// the coach, the capture layer over a socketpair and the simulated walker (or scripted keys).
@Suite("Session timeline", .serialized)
struct SessionTimelineTests {
    func walk(_ arguments: [String]) throws -> [EventLine] {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run(
            [
                "walk", "--speed", "max", "--json", "--db", folder.path("s.sqlite"), "--render-audio",
                folder.path("a.wav"),
            ]
                + arguments)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        return output.lines.compactMap(EventLine.init)
    }

    static func cues(_ events: [EventLine]) -> [(time: Double, id: String)] {
        events.filter { $0.event == "cue" }.map { ($0.time, $0["cue"] as? String ?? "") }
    }

    @Test("beginner on a steady session: every cue in order, at its time (±1 s); look-behind only inside bouts")
    func beginnerTimeline() throws {
        // Given the default plan on the steady simulated strap, the simulated walker answering check-ins
        let events = try walk(["--simulate", "steady"])
        // Then the phases come at 0, 120, 180, … 600, 660, 780 s
        let phases = events.filter { $0.event == "phase" }.map { ($0.time, $0["phase"] as? String ?? "") }
        let expectedPhases: [(Double, String)] =
            [(0, "warmup")]
            + (0..<5).flatMap { bout -> [(Double, String)] in
                let start = 120 + 120 * Double(bout)
                return [(start, "backward"), (start + 60, bout == 4 ? "cooldown" : "recovery")]
            } + [(780, "done")]
        #expect(phases.map(\.1) == expectedPhases.map(\.1))
        for (actual, expected) in zip(phases, expectedPhases) { #expect(abs(actual.0 - expected.0) <= 1) }
        // And the cues of each bout, apart from look-behind, in order and on time
        let cues = Self.cues(events).filter { $0.id != "look_behind" }
        var expected: [(Double, String)] = [(0, "warmup")]
        for bout in 0..<5 {
            let start = 120 + 120 * Double(bout)
            expected += [
                (start - 10, "turn_around"), (start - 3, "countdown"), (start - 2, "countdown"),
                (start - 1, "countdown"), (start + 30, "halfway"), (start + 50, "ten_seconds_left"),
            ]
            expected += bout == 4 ? [(start + 60, "cooldown")] : [(start + 60, "forward_now")]
            expected += [(start + 62, "check_in")]
        }
        expected += [(780, "session_complete"), (780, "rpe_question")]
        #expect(cues.map(\.id) == expected.map(\.1))
        for (actual, want) in zip(cues, expected) {
            #expect(abs(actual.time - want.0) <= 1, "\(actual.id) at \(actual.time), expected \(want.0)")
        }
        // And every check-in is answered "fine" by the simulated walker; no alarm is raised
        #expect(
            events.filter { $0.event == "checkin" }.map { $0["answer"] as? String }
                == Array(repeating: "fine", count: 5))
        #expect(!events.contains { $0.event == "alarm" })
        // And look-behind cues fall only inside backward bouts, about every 7 s (10 steps at 85 steps/min)
        let lookBehind = Self.cues(events).filter { $0.id == "look_behind" }.map(\.time)
        #expect(lookBehind.count == 35)
        for time in lookBehind {
            let bout = (time - 120) / 120
            #expect(bout >= 0 && bout < 5 && (time - 120).truncatingRemainder(dividingBy: 120) < 60, "at \(time)")
        }
    }

    @Test("'dizzy' mid-bout on a treadmill: symptom, U1, plan paused, the backward script until acknowledged")
    func dizzyMidBout() throws {
        // Given the walker presses D at 150 s (bout 1), acknowledges at 170 s and ends the session at 180 s
        let events = try walk(["--simulate", "steady", "--keys", "dizzy@150,ack@170,end@180"])
        // Then the symptom is recorded, U1 is raised high, and the plan pauses at once
        #expect(events.contains { $0.event == "symptom" && $0["symptom"] as? String == "dizzy" && $0.time == 150 })
        #expect(events.contains { $0.event == "alarm" && $0["rule"] as? String == "U1" && $0.time == 150 })
        #expect(events.contains { $0.event == "phase" && $0["phase"] as? String == "paused" && $0.time == 150 })
        // And the backward-on-a-treadmill script repeats every 8 s until the acknowledgement
        let scripts = events.filter { $0.event == "cue" && $0["cue"] as? String == "safe_stop" }
        #expect(scripts.map(\.time) == [150, 158, 166])
        #expect(scripts.allSatisfy { $0.text == "Hold the rails. Slow the belt. Turn to face forward. Stand still." })
        #expect(events.contains { $0.event == "ack" && $0["rule"] as? String == "U1" && $0.time == 170 })
        // And no bout cue is spoken while paused; E goes to the cool-down
        #expect(!Self.cues(events).contains { $0.time > 150 && $0.time < 180 && $0.id == "look_behind" })
        let cooldown = try #require(events.first { $0.event == "phase" && $0["phase"] as? String == "cooldown" })
        #expect(cooldown.time == 180)
        let summary = try #require(events.last)
        #expect(summary["symptoms"] as? Int == 1)
        #expect(summary["ended_early"] as? Bool == true)
    }

    @Test("a slow recovery: the gate holds the next bout with its reason, and lets it go once HR has come down")
    func gateHoldsOnSlowRecovery() throws {
        // Given HR that runs 25 bpm higher in the bouts and falls slowly
        let events = try walk(["--simulate", "slow-recovery", "--duration", "420"])
        // Then the gate holds before bout 2 (due at 240 s) with a spoken reason, and bout 2 starts later
        let holds = events.filter { $0.event == "cue" && ($0["cue"] as? String ?? "").hasPrefix("gate_hold") }
        #expect(!holds.isEmpty)
        #expect(holds.allSatisfy { $0.text == "Heart rate still high. Keep walking forward." })
        let bout2 = try #require(
            events.first { $0.event == "phase" && $0["phase"] as? String == "backward" && $0["bout"] as? Int == 2 })
        #expect(bout2.time > 240)
        #expect(holds.first.map { $0.time < bout2.time } == true)
    }
}
