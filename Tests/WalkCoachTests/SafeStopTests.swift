import RetroWalkCore
import Testing
import WalkCoach

@Suite("Walk coach: safe stop")
struct SafeStopTests {
    static let treadmillScript = "Hold the rails. Slow the belt. Turn to face forward. Stand still."

    @Test("'dizzy' mid-bout on a treadmill: paused, the backward script until acknowledged, then resume → gate → bout")
    func dizzyOnTreadmill() throws {
        // Given the beginner plan (treadmill) in bout 1 (120-180 s)
        var driver = CoachDriver(.beginner)
        // When the walker presses D at 135 s
        driver.press(.symptom(.dizzy), at: 135)
        // Then the symptom is recorded, the plan pauses and the treadmill-backward script is said at once
        #expect(driver.coach.phase == .paused)
        #expect(driver.coach.isAwaitingAcknowledge)
        #expect(driver.coach.lastSafeStopReason == .symptom(.dizzy))
        let script = try #require(driver.cues.last)
        #expect(script.cue.id == "safe_stop")
        #expect(script.cue.priority == .high)
        #expect(script.cue.phrases == ["safe_stop_rails", "safe_stop_turn"])
        // And it repeats every 8 s until acknowledged at 160 s; then it stops, and the options are said
        driver.press(.acknowledge, at: 160)
        driver.run(until: 170)
        #expect(!driver.coach.isAwaitingAcknowledge)
        #expect(driver.coach.phase == .paused)
        // When the walker resumes at 170 s
        driver.press(.resume, at: 170)
        driver.run(until: 300)
        // Then: a recovery as long as the plan's (60 s), a check-in, the gate at 220 s, and bout 2 at 230 s;
        // the interrupted bout is not walked again
        let script1 = "cue safe_stop \(Self.treadmillScript)"
        let checkIn = "cue check_in Any dizziness or knee pain? Press D or K. Other key if fine."
        expectTimeline(
            driver.timeline.filter { $0.0 >= 135 && $0.0 < 240 },
            [
                (135, "symptom dizzy key"), (135, "phase paused 1/5"), (135, script1), (143, script1), (151, script1),
                (159, script1), (160, "user acknowledge"),
                (160, "cue pause_options Rest. Press R to resume, E to end."),
                (170, "user resume"), (170, "phase recovery 1/5"), (170, "cue resume Resuming. Walk forward slowly."),
                (172, checkIn), (174, "checkin fine 1"),
                (220, "cue turn_around Turn around. Backward walking for one minute. Bout two of five."),
                (227, "cue countdown Three."), (228, "cue countdown Two."), (229, "cue countdown One."),
                (230, "phase backward 2/5"),
            ], tolerance: 0.01)
        // And nothing of bout 1 was said while paused (no halfway, no look-behind)
        #expect(
            !driver.cues.contains { $0.time > 135 && $0.time < 170 && ["halfway", "look_behind"].contains($0.cue.id) })
        #expect(driver.coach.boutsCompleted == 1)
        #expect(driver.coach.stoppedEarly)
        #expect(isInTimeOrder(driver.events))
    }

    @Test("outdoors the script is 'Stop. Stand still.'; facing forward on a treadmill the rails come first")
    func forwardScript() {
        // Given the split plan (outdoors), dizzy in its bout
        var outdoors = CoachDriver(.split)
        outdoors.press(.symptom(.dizzy), at: 75)
        #expect(outdoors.cues.last?.cue == CueWording.safeStopForward)
        #expect(outdoors.cues.last?.cue.text == "Stop. Stand still.")
        #expect(outdoors.cues.last?.cue.priority == .high)
        // And on a treadmill during a recovery: the belt still moves, so not "stand still" alone
        var forward = CoachDriver(.beginner)
        forward.safeStop(at: 200, rule: "R3")
        #expect(forward.cues.last?.cue.text == "Hold the rails. Slow the belt. Stand still.")
        #expect(forward.coach.lastSafeStopReason == .alarm(rule: "R3"))
        #expect(!forward.coach.stoppedEarly)  // no bout was cut; resuming walks them all
    }

    @Test("a symptom key during a check-in is its answer: recorded as both, then the safe stop")
    func symptomAnswersCheckIn() {
        var driver = CoachDriver(.beginner)
        driver.checkInAnswerDelay = nil
        driver.press(.symptom(.kneePain), at: 185)
        expectTimeline(
            Array(driver.timeline.suffix(4)),
            [
                (185, "checkin knee_pain 1"), (185, "symptom knee_pain checkin"), (185, "phase paused 1/5"),
                (185, "cue safe_stop Hold the rails. Slow the belt. Stand still."),
            ], tolerance: 0.01)
        #expect(!driver.coach.isAwaitingCheckIn)
    }

    @Test("end after a safe stop goes to the cool-down; a second alarm while repeating changes nothing")
    func endAfterStop() {
        var driver = CoachDriver(.beginner)
        driver.safeStop(at: 130, rule: "R3")
        driver.safeStop(at: 132, rule: "R5")
        #expect(driver.times(of: "safe_stop") == [130])
        driver.press(.end, at: 140)
        driver.run(until: 300)
        #expect(driver.coach.phase == .done)
        #expect(driver.events.contains { $0.kind == .phase(.cooldown, bout: 0, of: 5) && $0.time == 140 })
        #expect(driver.events.contains { $0.kind == .phase(.done, bout: 0, of: 5) && $0.time == 260 })
        #expect(driver.times(of: "safe_stop") == [130, 138])
        #expect(driver.coach.stoppedEarly)
    }

    @Test("a new alarm after the script was acknowledged says the forward script again and waits again")
    func secondStopAfterAcknowledge() {
        var driver = CoachDriver(.beginner)
        driver.safeStop(at: 130, rule: "R3")
        driver.press(.acknowledge, at: 131)
        driver.safeStop(at: 150, rule: "R5")
        #expect(driver.coach.isAwaitingAcknowledge)
        driver.run(until: 160)
        let stops = driver.cues.filter { $0.cue.id == "safe_stop" }
        #expect(stops.map(\.time) == [130, 150, 158])
        let forward = "Hold the rails. Slow the belt. Stand still."
        #expect(stops.map(\.cue.text) == [Self.treadmillScript, forward, forward])
    }

    @Test("a safe stop in the cool-down keeps the cool-down and repeats the forward script until acknowledged")
    func stopInCooldown() {
        var driver = CoachDriver(.beginner)
        driver.safeStop(at: 700, rule: "C1")
        #expect(driver.coach.phase == .cooldown)
        #expect(driver.coach.isAwaitingAcknowledge)
        driver.press(.acknowledge, at: 717)
        driver.run(until: 800)
        #expect(driver.times(of: "safe_stop") == [700, 708, 716])
        #expect(driver.events.contains { $0.kind == .phase(.done, bout: 0, of: 5) && $0.time == 780 })
        #expect(!driver.events.contains { $0.kind == .phase(.paused, bout: 5, of: 5) })
        #expect(!driver.coach.stoppedEarly)
    }

    @Test("resuming after the last bout goes to the cool-down")
    func resumeAfterLastBout() {
        var driver = CoachDriver(.split)
        driver.press(.symptom(.dizzy), at: 80)
        driver.press(.resume, at: 90)
        driver.run(until: 200)
        #expect(driver.events.contains { $0.kind == .phase(.cooldown, bout: 0, of: 5) && $0.time == 90 })
        #expect(driver.events.contains { $0.kind == .phase(.done, bout: 0, of: 5) && $0.time == 150 })
        #expect(driver.coach.boutsCompleted == 0)
    }
}
