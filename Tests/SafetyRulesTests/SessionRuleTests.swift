import RetroWalkCore
import RetroWalkTesting
import SafetyRules
import Testing

@Suite("U1 user stop and U2 symptom check")
struct UserRuleTests {
    @Test("a symptom or the stop key raises U1 (high) once per report; it clears when the walker resumes")
    func userStop() throws {
        var driver = EngineDriver()
        driver.feed(sinus(.steady(100), to: 30))
        driver.report(.dizzy, at: 30)
        let raise = try #require(driver.firstRaise("U1"))
        #expect(raise.time == 30 && raise.priority == .high)
        #expect(raise.alert.text == "Stopping. Stand still and hold on." && raise.alert.phrase == "alarm_u1")
        let active = driver.engine.alarmActive
        #expect(active)
        driver.userStop(at: 31)
        #expect(driver.alerts("U1", .raised).map(\.time) == [30, 31])
        // Paused and resumed: cleared on resuming, not on pausing
        driver.enter(.paused, at: 32)
        driver.feed(sinus(.steady(90), from: 32, to: 60))
        #expect(driver.alerts("U1", .cleared).isEmpty)
        driver.enter(.backward, at: 60)
        #expect(driver.alerts("U1", .cleared).map(\.time) == [60])
        let stillActive = driver.engine.alarmActive
        #expect(!stillActive)
    }

    @Test("acknowledge returns every raised high alarm once; they stay raised")
    func acknowledge() {
        var driver = EngineDriver()
        driver.feed(sinus(.steady(162), to: 30))
        driver.userStop(at: 30)
        let acknowledged = driver.acknowledge(at: 31)
        #expect(Set(acknowledged.map(\.rule)) == ["U1", "R3"])
        #expect(acknowledged.allSatisfy { $0.change == .acknowledged && $0.priority == .high })
        #expect(driver.acknowledge(at: 32).isEmpty)
        #expect(driver.engine.raisedRules == ["U1", "R1", "R2", "R3"])
        // A new report raises U1 again, which can be acknowledged again
        driver.report(.chestPain, at: 33)
        #expect(driver.acknowledge(at: 34).map(\.rule) == ["U1"])
    }

    @Test("U2 asks every 3 min into a bout and 1 and 3 min after it; the next bout cancels the rest")
    func symptomCheck() {
        var driver = EngineDriver()
        driver.feed(sinus(.steady(100), to: 400))
        driver.enter(.recovery, at: 400)
        driver.feed(sinus(.steady(95), from: 400, to: 500))
        driver.enter(.backward, at: 500)
        driver.feed(sinus(.steady(100), from: 500, to: 560))
        driver.enter(.cooldown, at: 560)
        driver.feed(sinus(.steady(90), from: 560, to: 800))
        let asked = driver.alerts("U2").map(\.time)
        #expect(asked == [180, 360, 460, 620, 740])
        #expect(driver.alerts("U2").allSatisfy { $0.priority == .info && $0.alert.phrase == "u2_question" })
        #expect(driver.alerts("U2").first?.alert.text == "Any dizziness, chest pain, or breathlessness?")
        #expect(!driver.engine.raisedRules.contains("U2"))
    }
}

@Suite("Variants")
struct VariantTests {
    @Test("beta-blocker: RPE prompt every 3 min of walking instead of R1; a rating of 15 or more raises a stop prompt")
    func betaBlocker() throws {
        var driver = EngineDriver(profile: Profile(clinicianCeilingBPM: 150, betaBlocker: true), phase: .warmup)
        // HR well above the zone would raise R1 for anyone else
        driver.feed(sinus(.steady(98), to: 400))
        #expect(driver.alerts("R1").isEmpty)
        let prompts = driver.alerts("RPE", .raised).filter { $0.priority == .info }
        #expect(prompts.map(\.time) == [180, 360])
        #expect(
            prompts.first?.alert.text == "Rate your effort, 6 to 20." && prompts.first?.alert.phrase == "rpe_question")
        driver.report(rpe: 16, at: 401)
        let stop = try #require(driver.alerts("RPE", .raised).last)
        #expect(stop.time == 401 && stop.priority == .medium && stop.alert.phrase == "rpe_stop")
        driver.report(rpe: 13, at: 420)
        #expect(driver.alerts("RPE", .cleared).map(\.time) == [420])
        driver.report(rpe: 15, at: 450)
        driver.enter(.paused, at: 460)
        #expect(driver.alerts("RPE", .cleared).map(\.time) == [420, 460])
        // No prompt while paused
        driver.feed(sinus(.steady(90), from: 460, to: 700))
        #expect(driver.alerts("RPE", .raised).filter { $0.priority == .info }.count == 2)
    }

    @Test("no RPE prompt without a beta-blocker")
    func noPrompt() {
        var driver = EngineDriver(phase: .warmup)
        driver.feed(sinus(.steady(100), to: 400))
        #expect(driver.alerts("RPE").isEmpty)
    }

    @Test("beta-blocker: R2 and R3 on Brawner's HRmax (164 − 0.7 × 65 = 118.5: ceilings 100.7 and 112.6)")
    func brawnerCeilings() throws {
        var driver = EngineDriver(profile: Profile(betaBlocker: true))
        driver.feed(sinus(steps(95, (30, 106), (90, 116)), to: 120))
        let r2 = try #require(driver.firstRaise("R2"))
        let r3 = try #require(driver.firstRaise("R3"))
        #expect(r2.time > 30 && r2.time < 50)
        #expect(r3.time > 90 && r3.time < 105)
        var unblocked = EngineDriver()
        unblocked.feed(sinus(steps(95, (30, 106), (90, 116)), to: 120))
        #expect(unblocked.alerts("R2").isEmpty && unblocked.alerts("R3").isEmpty)
    }

    @Test("known AF: R2/R3 on the median HR of the last 10 beats, R7/R8 off")
    func knownAF() throws {
        // Given an irregular rhythm around 165 bpm (hard ceiling 154.4)
        var generator = SyntheticRR(seed: 21)
        let beats = generator.irregularBeats(to: 200, meanBPM: 165)
        var driver = EngineDriver(profile: Profile(knownAF: true))
        driver.feed(SyntheticRR.notifications(for: beats, to: 200))
        #expect(driver.firstRaise("R3") != nil)
        #expect(driver.alerts("R7").isEmpty && driver.alerts("R8").isEmpty)
    }

    @Test("rehab phase I: the ceiling is min(130, resting + 30) = 98")
    func phaseOne() throws {
        var driver = EngineDriver(profile: Profile(rehab: .phaseI))
        driver.feed(sinus(steps(90, (30, 102)), to: 80))
        let raise = try #require(driver.firstRaise("R2"))
        #expect(raise.time > 30 && raise.time < 50)
        var plain = EngineDriver()
        plain.feed(sinus(steps(90, (30, 102)), to: 80))
        #expect(plain.alerts("R2").isEmpty)
    }

    @Test("outpatient rehab, first session: R1 fires above 50 % HRR (115.3), not in the third session")
    func outpatient() {
        var first = EngineDriver(profile: Profile(rehab: .outpatient), sessionNumber: 1)
        first.feed(sinus(.steady(119), to: 60))
        #expect(first.firstRaise("R1") != nil)
        var third = EngineDriver(profile: Profile(rehab: .outpatient), sessionNumber: 3)
        third.feed(sinus(.steady(119), to: 60))
        #expect(third.alerts("R1").isEmpty)
    }
}

@Suite("S1 poor contact, S2 monitoring lost, S3 battery")
struct EquipmentRuleTests {
    static func withContact(_ samples: [HeartRateSample], lost range: ClosedRange<Double>) -> [HeartRateSample] {
        samples.map { sample in
            var copy = sample
            if range.contains(sample.time) { copy.contact = .notDetected }
            return copy
        }
    }

    @Test("no contact for 5 s raises S1 (low); 4 s does not; it clears 10 s after contact returns")
    func poorContact() throws {
        var driver = EngineDriver()
        driver.feed(Self.withContact(sinus(.steady(100), to: 120), lost: 60...69))
        let raise = try #require(driver.firstRaise("S1"))
        #expect(raise.time == 65 && raise.priority == .low && raise.alert.text == "Check your chest strap.")
        let clear = try #require(driver.firstClear("S1"))
        #expect(clear.time == 80)
        #expect(!driver.engine.hasGoodSignal || driver.engine.displayBPM != nil)

        var brief = EngineDriver()
        brief.feed(Self.withContact(sinus(.steady(100), to: 120), lost: 60...63))
        #expect(brief.alerts("S1").isEmpty)
    }

    @Test("valid beats covering under 80 % of 10 s is a poor signal: S1, and R-rules stop counting")
    func invalidBeats() throws {
        var driver = EngineDriver()
        let samples = sinus(.steady(162), to: 90).map { sample -> HeartRateSample in
            var copy = sample
            // Implausible intervals covering about 40 % of the beat time (validity is weighted by time covered)
            if sample.time > 40 {
                copy.rrIntervals += Array(repeating: RRInterval.raw(fromMilliseconds: 250), count: 3)
            }
            return copy
        }
        driver.feed(samples)
        let raise = try #require(driver.firstRaise("S1"))
        #expect(raise.time > 45 && raise.time <= 54)
        #expect(!driver.engine.hasGoodSignal)
        #expect(driver.engine.band == .unknown)
        // R3 raised before 40 s; nothing of R1-R8 raises after the signal went poor
        #expect(driver.alerts.filter { $0.time > 42 && $0.rule.hasPrefix("R") && $0.change == .raised }.isEmpty)
    }

    @Test("S1 is not raised again within 30 s of its last raise")
    func poorContactRepeat() {
        var driver = EngineDriver()
        let samples = Self.withContact(Self.withContact(sinus(.steady(100), to: 130), lost: 60...69), lost: 81...100)
        driver.feed(samples)
        #expect(driver.alerts("S1", .raised).map(\.time) == [65, 95])
    }

    @Test("S2: a poor signal for 15 s, a lost link for 10 s, or a silent strap for 10 s; cleared when data flow")
    func monitoringLost() throws {
        var contact = EngineDriver()
        contact.feed(Self.withContact(sinus(.steady(100), to: 100), lost: 40...79))
        let poor = try #require(contact.firstRaise("S2"))
        #expect(poor.time == 55 && poor.priority == .medium)
        #expect(contact.firstClear("S2")?.time == 80)

        var link = EngineDriver()
        link.feed(sinus(.steady(100), to: 40))
        link.signal(.lost, at: 40.5)
        link.idle(until: 60)
        // The link went down at 40.5, the strap was silent from 40: whichever is first counts
        #expect(link.firstRaise("S2")?.time == 50)
        link.signal(.restored, at: 61)
        link.feed(sinus(.steady(100), from: 61, to: 70))
        #expect(link.firstClear("S2")?.time == 61)

        var silent = EngineDriver()
        silent.feed(sinus(.steady(100), to: 40))
        silent.idle(until: 60)
        #expect(silent.firstRaise("S2")?.time == 50)
    }

    @Test("S3: battery below 15 % raises once (low); never again in the session")
    func battery() {
        var driver = EngineDriver()
        driver.battery(15, at: 10)
        driver.battery(14, at: 20)
        driver.battery(13, at: 30)
        driver.battery(40, at: 40)
        driver.battery(10, at: 50)
        #expect(driver.alerts("S3", .raised).map(\.time) == [20])
        #expect(driver.alerts("S3", .cleared).map(\.time) == [40])
        #expect(driver.alerts("S3").first?.alert.text == "Battery low.")
        #expect(driver.alerts("S3").first?.priority == .low)
    }
}

@Suite("Phases and the whole session")
struct SessionTests {
    @Test("nothing is raised after done")
    func afterDone() {
        var driver = EngineDriver()
        driver.feed(sinus(.steady(100), to: 30))
        driver.enter(.done, at: 30)
        let before = driver.alerts.count
        driver.feed(sinus(.steady(170), from: 30, to: 100))
        driver.report(.dizzy, at: 100)
        driver.userStop(at: 101)
        driver.battery(5, at: 102)
        driver.report(rpe: 19, at: 103)
        driver.signal(.lost, at: 104)
        driver.idle(until: 130)
        driver.enter(.backward, at: 131)
        #expect(driver.alerts.count == before)
    }

    @Test("time in zones adds up to the session, per band, with unknown while the signal was poor")
    func timeInZones() {
        var driver = EngineDriver()
        driver.feed(sinus(steps(100, (60, 115), (120, 130)), to: 180))
        let zones = driver.engine.timeInZones
        #expect(abs(zones.values.reduce(0, +) - 180) < 1e-9)
        #expect((zones["below"] ?? 0) > 50 && (zones["zone"] ?? 0) > 50 && (zones["above"] ?? 0) > 50)
        #expect((zones["unknown"] ?? 0) <= 1)
        #expect(driver.engine.band == .above)
    }

    @Test("a clean 30-minute session with realistic variability and one isolated ectopic beat raises no alarm")
    func cleanSession() {
        // Given a plan: 5 min warm-up, 6 × (2 min backward + 2 min recovery), 1 min cool-down
        var phases: [(time: Double, phase: Phase)] = [(0, .warmup)]
        var targets: [(time: Double, bpm: Double)] = [(0, 92)]
        for bout in 0..<6 {
            let start = 300 + Double(bout) * 240
            phases += [(start, .backward), (start + 120, .recovery)]
            targets += [(start, 110), (start + 120, 96)]
        }
        phases[phases.count - 1] = (1740, .cooldown)
        targets[targets.count - 1] = (1740, 84)
        let course = HeartRateCourse(startBPM: 75, timeConstant: 30, steps: targets)
        var generator = SyntheticRR(seed: 2024, arrhythmiaFraction: 0.04, noiseFraction: 0.012)
        let beats = generator.beats(to: 1800, course: course, events: [(1000, .premature(prematurity: 0.65))])
        let samples = SyntheticRR.notifications(for: beats, to: 1800)
        // When it is replayed phase by phase
        var driver = EngineDriver(phase: .warmup)
        for (index, step) in phases.enumerated() {
            driver.enter(step.phase, at: step.time)
            let end = index + 1 < phases.count ? phases[index + 1].time : 1800
            driver.feed(samples.filter { $0.time > step.time && $0.time <= end })
        }
        driver.enter(.done, at: 1800)
        // Then no alarm: only the info prompts (U2 questions, C1's slow-walk prompt, C2's log)
        #expect(driver.alarms.isEmpty, "\(driver.alarms.map { "\($0.time) \($0.rule)" })")
        #expect(Set(driver.alerts.map(\.rule)).isSubset(of: ["U2", "C1", "C2"]))
        #expect(driver.alerts("C1").count == 1)
        #expect(driver.alerts("C2").count == 1)
        #expect(driver.engine.raisedRules.isEmpty)
    }
}

@Suite("Signal quality weighting")
struct SignalWeightingTests {
    @Test("a spurious tiny RR after the real ones (a Garmin HRM-Dual quirk) does not make the signal poor")
    func spuriousTinyRR() {
        // Given a steady 100 bpm session where every notification also carries a 52 ms value
        var driver = EngineDriver()
        let samples = sinus(.steady(100), to: 120).map { sample -> HeartRateSample in
            var copy = sample
            if !copy.rrIntervals.isEmpty { copy.rrIntervals.append(53) }
            return copy
        }
        driver.feed(samples)
        // Then the signal stays good and nothing about the strap is raised
        #expect(driver.engine.hasGoodSignal)
        #expect(driver.firstRaise("S1") == nil)
        #expect(driver.firstRaise("S2") == nil)
    }
}
