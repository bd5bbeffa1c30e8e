import RetroWalkCore
import SafetyRules
import SessionEngine
import SoundEngine
import Testing
import WalkCoach

@Suite("Remote commands (the clinic dashboard)")
struct RemoteCommandTests {
    func planSession() -> Session {
        let coach = Coach(plan: .beginner, limits: CoachLimits(maxBPM: 162.5, restingBPM: 68))
        return Session(
            activity: .plan(coach), rules: RuleEngine(profile: Profile()), simulatedWalker: false, walkerCanRate: false)
    }

    @Test("acknowledge: recorded with who sent it, said, then the alarm is acknowledged as by the A key")
    func acknowledge() {
        // Given R3 sounding in the warm-up
        var harness = Harness(planSession())
        harness.at(0, .linkConnecting)
        harness.samples(from: 1, to: 20, bpm: 90)
        harness.samples(from: 21, to: 40, bpm: 170)
        // When Dr Lee acknowledges from the dashboard
        harness.at(40.5, .remote(RemoteCommand(action: .acknowledge, by: "Dr Lee")))
        // Then the event, the cue and the acknowledgement all come at that moment, in that order
        let now = harness.events.filter { $0.time == 40.5 }
        #expect(now.first?.kind == .remote(RemoteCommand(action: .acknowledge, by: "Dr Lee")))
        let said = now.compactMap { if case .cue(let cue) = $0.kind { cue } else { nil } }
        #expect(said.first?.text == "Acknowledged by Dr Lee.")
        #expect(said.first?.phrases == ["remote_acknowledged"])
        #expect(
            now.contains {
                if case .alert(let alert) = $0.kind {
                    alert.rule == "R3" && alert.change == .acknowledged
                } else {
                    false
                }
            })
        #expect(
            harness.events.first { $0.time == 40.5 }?.jsonLine
                == #"{"t": 40.5, "event": "remote", "command": "acknowledge", "by": "Dr Lee"}"#)
    }

    @Test("cool-down: as the E key, the plan goes to the cool-down")
    func cooldown() {
        var harness = Harness(planSession())
        harness.at(0, .linkConnecting)
        harness.samples(from: 1, to: 150, bpm: 100)
        harness.at(150.5, .remote(RemoteCommand(action: .cooldown, by: "Sam")))
        harness.samples(from: 151, to: 160, bpm: 100)
        #expect(harness.events.contains { $0.kind == .remote(RemoteCommand(action: .cooldown, by: "Sam")) })
        #expect(
            harness.events.contains {
                if case .cue(let cue) = $0.kind { cue.text == "Cool-down asked by Sam." } else { false }
            })
        #expect(
            harness.events.contains { if case .phase(.cooldown, _, _) = $0.kind { $0.time >= 150.5 } else { false } })
    }
}
