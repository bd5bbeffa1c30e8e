import RetroWalkCore
import Testing
import WalkCoach

@Suite("Walk coach: recovery gate and check-ins")
struct GateTests {
    static let held = "cue gate_hold Heart rate still high. Keep walking forward."

    @Test("a slow recovery: the gate extends the recovery 30 s at a time with the reason, then lets bout 2 start")
    func slowRecovery() {
        // Given HR 100 before bout 1 (the pre-bout value), 130 at its end, and a recovery that stays above both
        // 115 bpm (50 % HRR) and 110 bpm (pre-bout + 10) until 285 s
        var driver = CoachDriver(.beginner) { time in
            let bpm: Double =
                switch time {
                case ..<120: 100
                case ..<180: 100 + (time - 120) / 2
                case ..<285: 125
                default: 105
                }
            return CoachStatus(heartRateBPM: bpm, zone: .zone)
        }
        // When the session runs past bout 2's planned start (240 s)
        driver.run(until: 320)
        // Then the gate holds at 230 and 260 s, each time saying why, and passes at 290 s: bout 2 starts at 300 s
        let after = driver.timeline.filter { $0.0 >= 200 }
        expectTimeline(
            after,
            [
                (230, Self.held), (260, Self.held),
                (290, "cue turn_around Turn around. Backward walking for one minute. Bout two of five."),
                (297, "cue countdown Three."), (298, "cue countdown Two."), (299, "cue countdown One."),
                (300, "phase backward 2/5"),
            ], tolerance: 0.01)
        #expect(driver.coach.currentStep?.start == 300)
    }

    @Test("a recovery that never comes: after 120 s of extensions the session goes to its cool-down")
    func gateLimit() {
        // Given 100 bpm at the start of bout 1, then HR stuck at 130
        var driver = CoachDriver(.beginner) { time in CoachStatus(heartRateBPM: time <= 120 ? 100 : 130, zone: .above) }
        // When the session runs
        driver.run(until: 500)
        // Then the gate holds at 230, 260, 290, 320 s (30 + 30 + 30 + 30 = 120 s), and at 350 s gives up: the
        // reason, then the cool-down, then the end 120 s later
        expectTimeline(
            driver.timeline.filter { $0.0 >= 200 },
            [
                (230, Self.held), (260, Self.held), (290, Self.held), (320, Self.held),
                (350, "cue gate_hold Not recovered. No more bouts today."), (350, "phase cooldown 0/5"),
                (350, "cue cooldown Cool down. Walk forward slowly."),
                (470, "phase done 0/5"), (470, "cue session_complete Session complete. Well done."),
                (470, "cue rpe_question How hard was that? Say a number from six to twenty."),
            ], tolerance: 0.01)
        #expect(driver.coach.boutsCompleted == 1)
        #expect(driver.coach.stoppedEarly)
    }

    @Test("either criterion lets the bout start: within 10 bpm of the pre-bout HR though above 50 % HRR")
    func eitherCriterion() {
        // Given a walker at 110 bpm in the warm-up, 135 in bout 1, and 118 in the recovery: above 50 % HRR
        // (115 bpm) but within 10 bpm of the 110 bpm bout 1 started at
        let trace: (Double) -> CoachStatus = { time in
            CoachStatus(heartRateBPM: time < 120 ? 110 : time < 180 ? 135 : 118, zone: .zone)
        }
        var both = CoachDriver(.beginner, status: trace)
        both.run(until: 250)
        // Then bout 2 starts on time
        #expect(both.times(of: "gate_hold").isEmpty)
        #expect(both.events.contains { $0.kind == .phase(.backward, bout: 2, of: 5) && $0.time == 240 })

        // When only the HRR criterion is on, the same recovery is held
        var plan = Plan.beginner
        plan.gate.withinBPMOfPreBout = nil
        var hrrOnly = CoachDriver(plan, status: trace)
        hrrOnly.run(until: 250)
        #expect(hrrOnly.times(of: "gate_hold") == [230])

        // And when only the pre-bout criterion is on, the first bout (no pre-bout value yet) is not held even at
        // 150 bpm
        plan.gate = Plan.Gate(maxHRRFraction: nil, withinBPMOfPreBout: 10)
        var withinOnly = CoachDriver(plan) { _ in CoachStatus(heartRateBPM: 150) }
        withinOnly.run(until: 125)
        #expect(withinOnly.events.contains { $0.kind == .phase(.backward, bout: 1, of: 5) && $0.time == 120 })
    }

    @Test("no heart rate: the gate holds and says so; with both criteria off it only waits for the check-in")
    func noHeartRate() {
        var driver = CoachDriver(.beginner) { _ in CoachStatus() }
        driver.run(until: 125)
        #expect(driver.cues.first { $0.cue.id == "gate_hold" }?.cue.text == "No heart rate. Keep walking forward.")

        var plan = Plan.beginner
        plan.gate = Plan.Gate(maxHRRFraction: nil, withinBPMOfPreBout: nil)
        var off = CoachDriver(plan) { _ in CoachStatus() }
        off.run(until: 250)
        #expect(off.times(of: "gate_hold").isEmpty)
        #expect(off.events.contains { $0.kind == .phase(.backward, bout: 2, of: 5) && $0.time == 240 })
    }

    @Test("a missed check-in (no answer, one repeat) holds the next bout until the walker answers")
    func missedCheckIn() {
        // Given a walker who does not answer
        var driver = CoachDriver(.beginner)
        driver.checkInAnswerDelay = nil
        // When bout 1 ends and the recovery runs, and they press a key at 245 s
        driver.run(until: 245)
        #expect(driver.coach.isAwaitingCheckIn)
        driver.press(.fine, at: 245)
        driver.run(until: 290)
        // Then the check-in is asked at 182 s, again at 192 s, recorded as missed at 202 s; the gate holds bout 2
        // at 230 s and asks again; the late "fine" is recorded, and the gate passes at 260 s: bout 2 at 270 s
        let question = "cue check_in Any dizziness or knee pain? Press D or K. Other key if fine."
        expectTimeline(
            driver.timeline.filter { $0.0 > 180 },
            [
                (182, question), (192, question), (202, "checkin missed 1"),
                (
                    230,
                    "cue gate_hold No answer yet. Keep walking forward. Any dizziness or knee pain? Press D or K. "
                        + "Other key if fine."
                ),
                (245, "checkin fine 1"),
                (260, "cue turn_around Turn around. Backward walking for one minute. Bout two of five."),
                (267, "cue countdown Three."), (268, "cue countdown Two."), (269, "cue countdown One."),
                (270, "phase backward 2/5"),
            ], tolerance: 0.01)
        #expect(!driver.coach.isAwaitingCheckIn)
    }

    @Test("a 'fine' key outside a check-in records nothing")
    func fineOutsideCheckIn() {
        var driver = CoachDriver(.beginner)
        driver.press(.fine, at: 50)
        #expect(driver.coach.answer(.fine, at: 50).isEmpty)
        #expect(!driver.events.contains { if case .checkIn = $0.kind { true } else { false } })
    }
}
