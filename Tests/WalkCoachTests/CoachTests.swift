import RetroWalkCore
import Testing
import WalkCoach

@Suite("Walk coach: the timeline")
struct CoachTests {
    @Test("beginner on a steady session: every cue in order at its time (±1 s)")
    func beginnerTimeline() {
        // Given the beginner plan, a steady 100 bpm (below the gate's 115 bpm) and a walker who answers "fine"
        var driver = CoachDriver(.beginner)
        // When the session runs on a 0.1 s tick to its end
        driver.run(until: 800)
        // Then the cues (look-behind aside) come in this order at these times
        let turn = "cue turn_around Turn around. Backward walking for one minute. Bout"
        let checkIn = "cue check_in Any dizziness or knee pain? Press D or K. Other key if fine."
        expectTimeline(
            driver.timeline,
            [
                (0, "phase warmup 0/5"), (0, "cue warmup Warm up. Walk forward at an easy pace."),
                (110, "\(turn) one of five."), (117, "cue countdown Three."), (118, "cue countdown Two."),
                (119, "cue countdown One."),
                (120, "phase backward 1/5"), (150, "cue halfway Halfway."),
                (170, "cue ten_seconds_left Ten seconds left."),
                (180, "phase recovery 1/5"), (180, "cue forward_now Forward now."), (182, checkIn),
                (184, "checkin fine 1"),
                (230, "\(turn) two of five."), (237, "cue countdown Three."), (238, "cue countdown Two."),
                (239, "cue countdown One."),
                (240, "phase backward 2/5"), (270, "cue halfway Halfway."),
                (290, "cue ten_seconds_left Ten seconds left."),
                (300, "phase recovery 2/5"), (300, "cue forward_now Forward now."), (302, checkIn),
                (304, "checkin fine 2"),
                (350, "\(turn) three of five."), (357, "cue countdown Three."), (358, "cue countdown Two."),
                (359, "cue countdown One."),
                (360, "phase backward 3/5"), (390, "cue halfway Halfway."),
                (410, "cue ten_seconds_left Ten seconds left."),
                (420, "phase recovery 3/5"), (420, "cue forward_now Forward now."), (422, checkIn),
                (424, "checkin fine 3"),
                (470, "\(turn) four of five."), (477, "cue countdown Three."), (478, "cue countdown Two."),
                (479, "cue countdown One."),
                (480, "phase backward 4/5"), (510, "cue halfway Halfway."),
                (530, "cue ten_seconds_left Ten seconds left."),
                (540, "phase recovery 4/5"), (540, "cue forward_now Forward now."), (542, checkIn),
                (544, "checkin fine 4"),
                (590, "\(turn) five of five."), (597, "cue countdown Three."), (598, "cue countdown Two."),
                (599, "cue countdown One."),
                (600, "phase backward 5/5"), (630, "cue halfway Halfway."),
                (650, "cue ten_seconds_left Ten seconds left."),
                (660, "phase cooldown 0/5"), (660, "cue cooldown Forward now. Cool down. Walk forward slowly."),
                (662, checkIn), (664, "checkin fine 5"),
                (780, "phase done 0/5"), (780, "cue session_complete Session complete. Well done."),
                (780, "cue rpe_question How hard was that? Say a number from six to twenty."),
            ]
        )
        // And the due times are exact, not just within the tolerance: the count ends at the bout's start
        #expect(driver.times(of: "countdown").prefix(3) == [117, 118, 119])
        #expect(driver.times(of: "turn_around") == [110, 230, 350, 470, 590])
        #expect(driver.coach.boutsCompleted == 5)
        #expect(!driver.coach.stoppedEarly)
        #expect(driver.coach.phase == .done)
        #expect(driver.coach.isAwaitingRPE)
        #expect(isInTimeOrder(driver.events))
    }

    @Test("the beginner plan keeps its timing: bouts at 120, 240, 360, 480, 600 s, cool-down at 660, end 780")
    func beginnerSteps() {
        let steps = Plan.beginner.steps
        #expect(
            steps.map(\.phase)
                == [.warmup] + Array(repeating: [Phase.backward, .recovery], count: 4).flatMap { $0 } + [
                    .backward, .cooldown,
                ])
        #expect(steps.filter { $0.kind == .backward }.map(\.start) == [120, 240, 360, 480, 600])
        #expect(steps.last?.start == 660)
        #expect(Plan.beginner.duration == 780)
        #expect(Plan.beginner.bouts == 5)
        #expect(
            steps.map(\.keyPath).prefix(4) == [
                "steps[0]", "steps[1].steps[0]", "steps[1].between[0]", "steps[1].steps[0]",
            ])
        #expect(Plan.beginner.validate().isEmpty)
        #expect(Plan.split.validate().isEmpty)
        #expect(Plan.intervals.validate().isEmpty)
    }

    @Test("look-behind: only inside backward bouts, every 10 steps at 85 steps/min, moved past the bout's cues")
    func lookBehind() {
        // Given the beginner plan at 1.5 mph backward: 85 steps/min, so 10 steps take 600/85 = 7.06 s
        var driver = CoachDriver(.beginner)
        #expect(abs(driver.coach.lookBehindInterval - 600.0 / 85) < 1e-9)
        // When the session runs
        driver.run(until: 800)
        let times = driver.times(of: "look_behind")
        // Then every look-behind cue lies inside a backward bout, and never in the last 2 s of one
        let bouts = Plan.beginner.steps.filter { $0.kind == .backward }
        #expect(times.allSatisfy { time in bouts.contains { time > $0.start && time <= $0.end - 2 } })
        #expect(times.count == 7 * 5)
        // And in bout 1 (120-180 s) they come every 7.06 s, the fourth moved past "Halfway." (150 s, said until
        // about 150.7 s) instead of starting 1.8 s before it, the last ones clear of "Ten seconds left." (170 s)
        let firstBout = times.filter { $0 < 180 }
        let expected = [127.06, 134.12, 141.18, 150.70, 157.76, 164.82, 171.88]
        #expect(firstBout.count == expected.count)
        for (got, want) in zip(firstBout, expected) { #expect(abs(got - want) < 0.01, "\(got) vs \(want)") }
        let gaps = zip(firstBout, firstBout.dropFirst()).map { $1 - $0 }
        #expect(gaps.filter { abs($0 - 600.0 / 85) < 1e-6 }.count == 5)
        // And the same pattern repeats in every bout
        for bout in bouts {
            let inBout = times.filter { $0 > bout.start && $0 < bout.end }.map { $0 - bout.start }
            for (got, want) in zip(inBout, expected.map { $0 - 120 }) { #expect(abs(got - want) < 0.01) }
        }
    }

    @Test("look-behind: quiet while an alarm sounds, back on the same spacing after it")
    func lookBehindQuietDuringAlarm() {
        // Given an alarm sounding from 130 s to 145 s of bout 1 (120-180 s)
        var driver = CoachDriver(.beginner) { time in
            CoachStatus(heartRateBPM: 100, zone: .zone, alarmActive: time >= 130 && time < 145)
        }
        // When bout 1 runs
        driver.run(until: 180)
        // Then the cue due at 127.06 s is said, the two due while the alarm sounds are not, and the spacing
        // goes on after it (148.24 s moved past "Halfway.")
        let times = driver.times(of: "look_behind")
        let expected = [127.06, 150.70, 157.76, 164.82, 171.88]
        #expect(times.count == expected.count)
        for (got, want) in zip(times, expected) { #expect(abs(got - want) < 0.01, "\(got) vs \(want)") }
    }

    @Test("look-behind: the plan's own cadence sets the spacing")
    func lookBehindCadence() {
        // Given 10 steps at 60 steps/min: every 10 s
        var plan = Plan.beginner
        plan.lookBehind = Plan.LookBehind(steps: 10, cadenceStepsPerMinute: 60)
        var driver = CoachDriver(plan)
        driver.run(until: 180)
        // Then bout 1 hears it at 130, 140, then past "Halfway." and on 10 s apart, and not in the last 2 s
        let times = driver.times(of: "look_behind")
        #expect(times.count == 5)
        for (got, want) in zip(times, [130, 140, 150.7, 160.7, 171.5]) { #expect(abs(got - want) < 0.01, "\(got)") }
    }

    @Test("backward cadence from speed: 80, 85, 90 steps/min at 1, 1.5, 2 mph; km/h converts")
    func cadenceTable() {
        #expect(Plan.backwardCadence(milesPerHour: 1) == 80)
        #expect(Plan.backwardCadence(milesPerHour: 1.5) == 85)
        #expect(Plan.backwardCadence(milesPerHour: 2) == 90)
        #expect(Plan.backwardCadence(milesPerHour: 0.5) == 75)
        #expect(Plan.backwardCadence(milesPerHour: 9) == 100)
        var plan = Plan.beginner
        plan.speeds[.backward] = Plan.Speed(3.2, .kilometresPerHour)  // 1.99 mph
        #expect(abs(plan.lookBehindCadence - 89.88) < 0.01)
        #expect(Plan.split.lookBehindCadence == 85)  // outdoors, no speed: the 1.5 mph figure
    }

    @Test("split plan, the third bout of the day: 'Bout three of five', one bout, then the cool-down")
    func splitThirdBout() {
        // Given the split plan run as bout 3 of the day
        var driver = CoachDriver(.split, firstBout: 3)
        driver.run(until: 200)
        // Then its one bout is announced and recorded as bout 3 of 5
        let turn = "cue turn_around Turn around. Backward walking for one minute. Bout three of five."
        let checkIn = "cue check_in Any dizziness or knee pain? Press D or K. Other key if fine."
        expectTimeline(
            driver.timeline,
            [
                (0, "phase warmup 0/5"), (0, "cue warmup Warm up. Walk forward at an easy pace."), (50, turn),
                (57, "cue countdown Three."), (58, "cue countdown Two."), (59, "cue countdown One."),
                (60, "phase backward 3/5"), (90, "cue halfway Halfway."),
                (110, "cue ten_seconds_left Ten seconds left."),
                (120, "phase cooldown 0/5"), (120, "cue cooldown Forward now. Cool down. Walk forward slowly."),
                (122, checkIn), (124, "checkin fine 3"),
                (180, "phase done 0/5"), (180, "cue session_complete Session complete. Well done."),
                (180, "cue rpe_question How hard was that? Say a number from six to twenty."),
            ])
        #expect(driver.coach.boutsCompleted == 1)
        #expect(!driver.coach.stoppedEarly)
        // And the day's bout range is checked
        #expect(Plan.split.validate(firstBout: 5).isEmpty)
        #expect(
            Plan.split.validate(firstBout: 6).map(\.description) == [
                "bout: 6 is out of range; plan 'split' walks 1 of 5 bouts a run, so the first bout of a run is allowed 1...5"
            ])
        #expect(Plan.beginner.validate(firstBout: 2).count == 1)
    }

    @Test("intervals plan: 6 × 90 s backward with 90 s brisk forward between, heart rate every minute")
    func intervalsTimeline() {
        // Given the intervals plan on a steady session
        var driver = CoachDriver(.intervals)
        driver.run(until: 1400)
        // Then the phases come at the planned times: bouts every 180 s from 180 s, the forward stretches as
        // `recovery`, the cool-down at 1170 s, the end at 1350 s
        let phases = driver.timeline.filter { $0.1.hasPrefix("phase") }
        var expected: [(Double, String)] = [(0, "phase warmup 0/6")]
        for bout in 1...6 {
            let start = 180 * Double(bout)
            expected.append((start, "phase backward \(bout)/6"))
            if bout < 6 { expected.append((start + 90, "phase recovery \(bout)/6")) }
        }
        expected += [(1170, "phase cooldown 0/6"), (1350, "phase done 0/6")]
        expectTimeline(phases, expected, tolerance: 0.01)
        // And each bout is announced 10 s ahead with its length and number
        let turns = driver.cues.filter { $0.cue.id == "turn_around" }
        #expect(turns.map(\.time) == [170, 350, 530, 710, 890, 1070])
        #expect(turns.last?.cue.text == "Turn around. Backward walking for ninety seconds. Bout six of six.")
        #expect(
            turns.last?.cue.phrases == [
                "turn_around", "backward_for", "num_90", "seconds", "bout", "num_6", "of", "num_6",
            ])
        // And heart rate is said once a minute while walking (moved a few seconds when it would talk over another
        // cue), never after the end
        let heartRates = driver.times(of: "heart_rate")
        #expect(heartRates.count == 22)
        for (index, time) in heartRates.enumerated() {
            let due = 60 * Double(index + 1)
            #expect(time >= due && time < due + 15, "heart rate \(index + 1) at \(time)")
        }
        #expect(driver.cues.first { $0.cue.id == "heart_rate" }?.cue.text == "Heart rate one hundred. In zone.")
        #expect(driver.times(of: "look_behind").count > 6 * 10)
        #expect(driver.coach.boutsCompleted == 6)
        #expect(isInTimeOrder(driver.events))
    }

    @Test("heart rate and zone on request, from the number clips")
    func heartRateOnRequest() {
        // Given a walker at 112 bpm in zone
        var driver = CoachDriver(.beginner) { _ in CoachStatus(heartRateBPM: 112.4, zone: .zone) }
        // When they press H during the warm-up
        driver.press(.heartRate, at: 30)
        // Then the key is recorded and the heart rate spoken at once
        let last = driver.events.suffix(2)
        #expect(last.first?.kind == .user(.heartRate))
        guard case .cue(let cue) = last.last?.kind else {
            Issue.record("no cue")
            return
        }
        #expect(last.last?.time == 30)
        #expect(cue.id == "heart_rate")
        #expect(cue.text == "Heart rate one hundred twelve. In zone.")
        #expect(cue.phrases == ["heart_rate", "num_112", "in_zone"])
        // And without a reading it says so
        #expect(CueWording.heartRate(bpm: nil, zone: nil).text == "Heart rate unknown.")
        #expect(CueWording.heartRate(bpm: 140, zone: .above).phrases == ["heart_rate", "num_140", "above_zone"])
        #expect(
            CueWording.heartRate(bpm: 150, zone: .hardCeiling).text == "Heart rate one hundred fifty. Above your limit."
        )
    }

    @Test("the periodic heart-rate cue is quiet while an alarm sounds")
    func heartRateQuietDuringAlarm() {
        var plan = Plan.beginner
        plan.heartRateEverySeconds = 30
        var driver = CoachDriver(plan) { time in CoachStatus(heartRateBPM: 100, zone: .zone, alarmActive: time < 70) }
        driver.run(until: 100)
        #expect(driver.times(of: "heart_rate") == [90])
    }

    @Test("the effort question: 6-20 is recorded on the Borg scale; anything else repeats the scale")
    func rpe() {
        // Given a finished session
        var driver = CoachDriver(.split)
        driver.run(until: 181)
        #expect(driver.coach.isAwaitingRPE)
        // When the walker answers 25, then 13
        driver.press(.rpe(25), at: 183)
        #expect(
            driver.events.last.map { if case .cue(let cue) = $0.kind { cue.phrases == ["rpe_scale"] } else { false } }
                == true)
        #expect(driver.coach.isAwaitingRPE)
        driver.press(.rpe(13), at: 185)
        // Then the second is recorded
        #expect(driver.events.last == SessionEvent(time: 185, kind: .rpe(13, scale: "borg")))
        #expect(!driver.coach.isAwaitingRPE)
    }

    @Test("the end key mid-bout goes straight to the cool-down; the plan is cut short")
    func endKey() {
        var driver = CoachDriver(.beginner)
        driver.press(.end, at: 255)
        driver.run(until: 400)
        expectTimeline(
            Array(driver.timeline.drop { $0.0 < 255 }),
            [
                (255, "user end"), (255, "phase cooldown 0/5"),
                (255, "cue cooldown Forward now. Cool down. Walk forward slowly."),
                (375, "phase done 0/5"), (375, "cue session_complete Session complete. Well done."),
                (375, "cue rpe_question How hard was that? Say a number from six to twenty."),
            ], tolerance: 0.01)
        #expect(driver.coach.boutsCompleted == 1)
        #expect(driver.coach.stoppedEarly)
    }

    @Test("stop(at:) (the runner's high-alarm path until keys are wired) leaves the bouts for the cool-down")
    func legacyStop() {
        var driver = CoachDriver(.beginner)
        driver.run(until: 380)
        var coach = driver.coach
        let stop = coach.stop(at: 380)
        #expect(stop.first?.kind == .phase(.cooldown, bout: 0, of: 5))
        var later: [SessionEvent] = []
        for tick in 3801...6000 { later += coach.advance(to: Double(tick) / 10, status: CoachDriver.steady) }
        #expect(!later.contains { if case .cue(let cue) = $0.kind { cue.id == "halfway" } else { false } })
        #expect(later.contains { $0.kind == .phase(.done, bout: 0, of: 5) && $0.time == 500 })
        #expect(coach.boutsCompleted == 2)
        #expect(coach.stoppedEarly)
        #expect(coach.stop(at: 600).isEmpty)
    }
}
