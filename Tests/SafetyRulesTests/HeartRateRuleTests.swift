import RetroWalkCore
import RetroWalkTesting
import SafetyRules
import Testing

/// One HR-threshold rule of the default walker (65-year-old man, resting 68: zone 105.8–123.8, ceiling 138.1,
/// hard ceiling 154.4) with levels around its threshold.
struct ThresholdCase: Sendable, CustomTestStringConvertible {
    var rule: String
    var threshold: Double
    var persistence: Double
    var priority: Priority
    var phrase: String
    var base: Double
    var over: Double
    var justBelow: Double
    var insideMargin: Double
    var safe: Double
    /// How long a brief excursion to `over` lasts (shorter than the persistence once the display lag is counted).
    var brief: Double

    var testDescription: String { rule }

    static let all = [
        ThresholdCase(
            rule: "R1", threshold: 123.755, persistence: 20, priority: .low, phrase: "alarm_r1", base: 110, over: 130,
            justBelow: 121.5, insideMargin: 120.5, safe: 112, brief: 12),
        ThresholdCase(
            rule: "R2", threshold: 138.125, persistence: 10, priority: .medium, phrase: "alarm_r2", base: 125,
            over: 145, justBelow: 136, insideMargin: 134.5, safe: 128, brief: 6),
        ThresholdCase(
            rule: "R3", threshold: 154.375, persistence: 5, priority: .high, phrase: "alarm_r3", base: 140, over: 170,
            justBelow: 152, insideMargin: 151, safe: 145, brief: 3),
    ]
}

@Suite("R1, R2, R3: zone and ceilings")
struct ThresholdRuleTests {
    @Test("raises within its persistence + 1 s of the display HR crossing the threshold", arguments: ThresholdCase.all)
    func raises(_ c: ThresholdCase) throws {
        // Given the default walker in a bout at the base rate
        var driver = EngineDriver()
        // When HR steps over the threshold at 60 s
        driver.feed(sinus(steps(c.base, (60, c.over)), to: 120))
        // Then the rule raises once, persistence (to 1 s) after the display HR crossed
        let onset = try #require(driver.firstDisplay(after: 60) { $0 >= c.threshold + 0.001 })
        let raise = try #require(driver.firstRaise(c.rule))
        #expect(raise.time >= onset + c.persistence - 0.001 && raise.time <= onset + c.persistence + 1)
        #expect(raise.priority == c.priority && raise.alert.phrase == c.phrase)
        #expect(driver.alerts(c.rule, .raised).count == 1)
        #expect(driver.engine.raisedRules.contains(c.rule))
    }

    @Test("does not raise just below the threshold", arguments: ThresholdCase.all)
    func justBelow(_ c: ThresholdCase) {
        var driver = EngineDriver()
        driver.feed(sinus(steps(c.base, (30, c.justBelow)), to: 240))
        #expect(driver.alerts(c.rule).isEmpty)
        #expect(driver.firstDisplay { $0 >= c.threshold } == nil)
    }

    @Test("does not raise for an excursion shorter than its persistence", arguments: ThresholdCase.all)
    func brief(_ c: ThresholdCase) throws {
        var driver = EngineDriver()
        driver.feed(sinus(steps(c.base, (60, c.over), (60 + c.brief, c.base)), to: 120))
        // The display HR was over the threshold, but for less than the persistence
        let above = driver.displayTrace.filter { ($0.bpm ?? 0) >= c.threshold }.map(\.time)
        let first = try #require(above.first)
        let last = try #require(above.last)
        #expect(last - first < c.persistence - 1)
        #expect(driver.alerts(c.rule).isEmpty)
    }

    @Test("clears only after 10 s at least 5 bpm on the safe side", arguments: ThresholdCase.all)
    func clears(_ c: ThresholdCase) throws {
        // Given the alert raised
        var driver = EngineDriver()
        driver.feed(sinus(steps(c.over, (40, c.insideMargin), (100, c.safe)), to: 160))
        let raise = try #require(driver.firstRaise(c.rule))
        #expect(raise.time < 40)
        // When HR sits below the threshold but inside the 5 bpm margin (40–100 s), it stays raised
        let clear = try #require(driver.firstClear(c.rule))
        #expect(clear.time > 100)
        // Then it clears 10 s (to 1 s) after the display HR reached the safe side
        let safe = try #require(driver.firstDisplay(after: 100) { $0 <= c.threshold - 5 })
        #expect(clear.time >= safe + 10 - 0.001 && clear.time <= safe + 11)
        #expect(clear.priority == c.priority)
        #expect(!driver.engine.raisedRules.contains(c.rule))
    }

    @Test("a low or medium alert is not raised again within 30 s / 20 s of its last raise; a high one is")
    func repeatSuppression() throws {
        // Given short persistence and clearing times, so the condition comes back faster than the repeat gate
        var settings = RuleSettings()
        settings.r1Seconds = 5
        settings.r2Seconds = 3
        settings.r3Seconds = 3
        settings.clearSeconds = 1
        // When HR swings between 100 and 165 every 8 s for 3 minutes
        var driver = EngineDriver(settings: settings)
        let swings = (1...22).map { (time: Double($0) * 8, bpm: $0.isMultiple(of: 2) ? 100.0 : 165.0) }
        driver.feed(sinus(HeartRateCourse(startBPM: 100, timeConstant: 0, steps: swings), to: 180))
        // Then R1 and R2 raise several times, never closer than their gate; R3 is not held back
        for (rule, gate) in [("R1", 30.0), ("R2", 20.0)] {
            let times = driver.alerts(rule, .raised).map(\.time)
            #expect(times.count >= 4, "\(rule): \(times)")
            #expect(zip(times.dropFirst(), times).allSatisfy { $0 - $1 >= gate - 0.001 }, "\(rule): \(times)")
            #expect(zip(times.dropFirst(), times).contains { $0 - $1 < gate + 8 }, "\(rule): the gate bound: \(times)")
        }
        let hard = driver.alerts("R3", .raised).map(\.time)
        #expect(zip(hard.dropFirst(), hard).contains { $0 - $1 < 20 }, "R3: \(hard)")
    }

    @Test("with a poor signal the rules do not count time: contact lost resets the persistence")
    func noSignalNoPersistence() {
        // Given HR over the hard ceiling, but the strap loses contact every few seconds
        var driver = EngineDriver()
        let samples = sinus(.steady(162), to: 60).map { sample -> HeartRateSample in
            var copy = sample
            if Int(sample.time) % 4 == 0 { copy.contact = .notDetected }
            return copy
        }
        driver.feed(samples)
        // Then R3 never sees 5 s of good signal
        #expect(driver.alerts("R3").isEmpty)
    }
}

@Suite("R4 HR not rising")
struct HeartRateNotRisingTests {
    @Test("after 3 min of walking, HR below resting + 10 for 20 s raises a low alert at 200 s")
    func raises() throws {
        // Given the default walker (resting 68: level 78) walking at 74 bpm from the start
        var driver = EngineDriver(phase: .warmup)
        driver.feed(sinus(.steady(74), to: 260))
        // Then R4 waits for 180 s of walking, then 20 s of persistence
        let raise = try #require(driver.firstRaise("R4"))
        #expect(raise.time >= 200 - 0.001 && raise.time <= 201)
        #expect(raise.priority == .low)
        #expect(raise.alert.text == "Heart rate is not rising. Feeling okay?" && raise.alert.phrase == "alarm_r4")
    }

    @Test("does not raise just above the level, nor for a dip shorter than 20 s")
    func notJustAbove() {
        var driver = EngineDriver(phase: .warmup)
        driver.feed(sinus(steps(79.5, (200, 90), (240, 74), (254, 90)), to: 320))
        #expect(driver.alerts("R4").isEmpty)
    }

    @Test("clears only after 10 s at least 5 bpm above the level; at once when walking stops")
    func clears() throws {
        var driver = EngineDriver(phase: .warmup)
        driver.feed(sinus(steps(74, (220, 81), (280, 88)), to: 320))
        let raise = try #require(driver.firstRaise("R4"))
        let clear = try #require(driver.firstClear("R4"))
        #expect(raise.time < 220 && clear.time > 280)
        let safe = try #require(driver.firstDisplay(after: 280) { $0 >= 83 })
        #expect(clear.time >= safe + 10 - 0.001 && clear.time <= safe + 11)

        var paused = EngineDriver(phase: .warmup)
        paused.feed(sinus(.steady(74), to: 210))
        #expect(paused.firstRaise("R4") != nil)
        paused.enter(.paused, at: 210.5)
        #expect(paused.alerts("R4", .cleared).map(\.time) == [210.5])
    }

    @Test("medium when a symptom was reported in the last U2 interval; a low alert becomes medium on a symptom")
    func medium() throws {
        // Given a symptom at 100 s, When R4's condition holds at 200 s, Then R4 is medium
        var early = EngineDriver(phase: .warmup)
        early.feed(sinus(.steady(74), to: 99))
        early.report(.dizzy, at: 100)
        early.feed(sinus(.steady(74), from: 100, to: 230))
        #expect(try #require(early.firstRaise("R4")).priority == .medium)
        #expect(early.firstRaise("U1") != nil)
        // Given R4 raised low, When a symptom comes while it holds, Then it is raised again as medium
        var late = EngineDriver(phase: .warmup)
        late.feed(sinus(.steady(74), to: 230))
        late.report(.breathless, at: 231)
        #expect(late.alerts("R4", .raised).map(\.priority) == [.low, .medium])
        #expect(late.alerts("R4", .raised).last?.time == 231)
    }

    @Test(
        "off on a beta-blocker and with a pacemaker", arguments: [Profile(betaBlocker: true), Profile(pacemaker: true)])
    func variants(profile: Profile) {
        var driver = EngineDriver(profile: profile, phase: .warmup)
        driver.feed(sinus(.steady(72), to: 300))
        #expect(driver.alerts("R4").isEmpty)
    }
}

@Suite("R5 sudden drop or bradycardia")
struct SuddenDropTests {
    /// The first time the display HR is ≥ 20 bpm below its maximum over the previous 10 s.
    static func dropOnset(_ driver: EngineDriver) -> Double? {
        let trace = driver.displayTrace.compactMap { entry in entry.bpm.map { (entry.time, $0) } }
        return trace.first { current in
            let highest = trace.filter { $0.0 >= current.0 - 10 && $0.0 <= current.0 }.map(\.1).max() ?? current.1
            return highest - current.1 >= 20
        }?.0
    }

    @Test("a fall of 25 bpm in one step raises a high alarm once it has held 5 s, before the display HR shows it")
    func drop() throws {
        // Given 125 bpm, then 100 from 60 s on (the beat rate of 100 is seen at the second slow beat, ~61.2 s)
        var driver = EngineDriver()
        driver.feed(sinus(steps(125, (60, 100)), to: 90))
        let raise = try #require(driver.firstRaise("R5"))
        // Then R5 comes 5 s (its persistence) after the beat rate fell, with the notification that confirms it
        #expect(raise.time >= 65 && raise.time <= 67, "\(raise.time)")
        // And the 12-beat display HR alone would have been later
        let onset = try #require(Self.dropOnset(driver))
        #expect(raise.time <= onset + 5)
        #expect(raise.priority == .high && raise.alert.text == "Stop. Hold on. Sit down if dizzy.")
    }

    @Test("no alarm for a fall of 17 bpm, nor for a gradual fall of 30 bpm")
    func noDrop() {
        var small = EngineDriver()
        small.feed(sinus(steps(125, (60, 108)), to: 120))
        #expect(small.alerts("R5").isEmpty)
        var gradual = EngineDriver()
        gradual.feed(sinus(HeartRateCourse(startBPM: 125, timeConstant: 30, steps: [(60, 95)]), to: 200))
        #expect(gradual.alerts("R5").isEmpty)
    }

    @Test("HR below 50 for 5 s raises; 3 s does not; it clears after 10 s at 55 or more")
    func bradycardia() throws {
        // Given 58 bpm, then 46 from 60 s (intervals of 1.3 s from the beat ending near 60 s), 53 from 100 s
        var driver = EngineDriver()
        driver.feed(sinus(steps(58, (60, 46), (100, 53), (140, 62)), to: 180))
        let raise = try #require(driver.firstRaise("R5"))
        // Then R5 within its 5 s + 1 s of the first slow interval's start
        #expect(raise.time >= 65 - 0.001 && raise.time <= 67, "\(raise.time)")
        let clear = try #require(driver.firstClear("R5"))
        let safe = try #require(driver.firstDisplay(after: 140) { $0 >= 55 })
        #expect(clear.time >= safe + 10 - 0.001 && clear.time <= safe + 11)
    }

    @Test("the rule itself: 4 s below 50 does not raise, 5 s does (the display HR lags too much to show it)")
    func bradycardiaPersistence() {
        var rule = SuddenDropRule()
        var alerts: [Double] = []
        for t in stride(from: 0.0, through: 30, by: 0.5) {
            let bpm = (10..<14).contains(t) || t >= 20 ? 48.0 : 53.0
            if rule.receive(heartRate: bpm, isNewReading: t == t.rounded(), canRaise: true, at: t)?.change == .raised {
                alerts.append(t)
            }
        }
        #expect(alerts == [25])
    }

    @Test("no drop alarm while paused nor within 60 s after a planned stop; bradycardia as soon as walking resumes")
    func phases() throws {
        // Given a drop to 45 while paused in the warm-up: nothing (the walker has stopped; no bout, so no C1 watch)
        var paused = EngineDriver(phase: .warmup)
        paused.feed(sinus(.steady(125), to: 30))
        paused.enter(.paused, at: 30)
        paused.feed(sinus(steps(125, (40, 45)), from: 30, to: 70))
        #expect(paused.alerts("R5").isEmpty)
        // When the walker resumes at 70 s with HR still at 45, Then the bradycardia test applies at once (a planned
        // stop explains a fall, not a rate below 50 while walking): R5 within 5 s + 1 s
        paused.enter(.warmup, at: 70)
        paused.feed(sinus(.steady(45), from: 70, to: 120))
        let raise = try #require(paused.firstRaise("R5"))
        #expect(raise.time >= 75 - 0.001 && raise.time <= 76.5, "\(raise.time)")

        // And a fall of 30 bpm in the minute after a planned stop into cool-down raises nothing
        var stopped = EngineDriver()
        stopped.feed(sinus(.steady(125), to: 60))
        stopped.enter(.cooldown, at: 60)
        stopped.feed(sinus(steps(125, (70, 95)), from: 60, to: 110))
        #expect(stopped.alerts("R5").isEmpty)
    }

    @Test("off with a pacemaker")
    func pacemaker() {
        var driver = EngineDriver(profile: Profile(pacemaker: true))
        driver.feed(sinus(steps(125, (60, 45)), to: 120))
        #expect(driver.alerts("R5").isEmpty)
    }
}

@Suite("R9 abrupt jump")
struct AbruptJumpTests {
    @Test("a rise of 50 bpm within a few beats that stays 15 s raises a medium alert")
    func raises() throws {
        var driver = EngineDriver()
        driver.feed(sinus(steps(90, (60, 140)), to: 100))
        let raise = try #require(driver.firstRaise("R9"))
        // R9 judges beats once their class is final (the detector's 5 beats, about 2 s at 140 bpm)
        #expect(raise.time >= 75 - 0.001 && raise.time <= 79, "\(raise.time)")
        #expect(raise.priority == .medium && raise.alert.text == "Heart rate jumped. Stop and rest.")
    }

    @Test("no alert for a 25 bpm jump, a 50 bpm jump lasting 10 s, or a jump at a pace change")
    func noJump() {
        var small = EngineDriver()
        small.feed(sinus(steps(90, (60, 115)), to: 120))
        #expect(small.alerts("R9").isEmpty)
        var brief = EngineDriver()
        brief.feed(sinus(steps(90, (60, 140), (70, 90)), to: 120))
        #expect(brief.alerts("R9").isEmpty)
        var paced = EngineDriver(phase: .recovery)
        paced.feed(sinus(.steady(90), to: 60))
        paced.enter(.backward, at: 60)
        paced.feed(sinus(steps(90, (60, 140)), from: 60, to: 120))
        #expect(paced.alerts("R9").isEmpty)
    }

    @Test("clears after 10 s at least 5 bpm below the jump level")
    func clears() throws {
        var driver = EngineDriver()
        driver.feed(sinus(steps(90, (60, 140), (90, 117), (130, 100)), to: 170))
        #expect(driver.firstRaise("R9") != nil)
        let clear = try #require(driver.firstClear("R9"))
        let safe = try #require(driver.firstDisplay(after: 130) { $0 <= 115 })
        #expect(clear.time >= safe + 10 - 0.001 && clear.time <= safe + 11)
    }

    @Test("not while paused, nor within 60 s after a planned stop")
    func phases() {
        var driver = EngineDriver()
        driver.feed(sinus(.steady(90), to: 20))
        driver.enter(.paused, at: 20)
        driver.feed(sinus(steps(90, (30, 140)), from: 20, to: 50))
        driver.enter(.backward, at: 50)
        driver.feed(sinus(steps(140, (55, 90), (65, 140)), from: 50, to: 79))
        #expect(driver.alerts("R9").isEmpty)
    }
}

@Suite("C1 cool-down guard and C2 heart-rate recovery")
struct CooldownTests {
    @Test("a bout ending in cool-down speaks the slow-walk prompt; HR below resting − 15 for 5 s raises a high alarm")
    func guardRaises() throws {
        // Given a bout at 110 bpm, then cool-down at 120 s
        var driver = EngineDriver()
        driver.feed(sinus(.steady(110), to: 120))
        driver.enter(.cooldown, at: 120)
        // Then the info prompt at once
        let prompt = try #require(driver.alerts("C1").first)
        #expect(prompt.time == 120 && prompt.priority == .info && prompt.alert.phrase == "c1_slow_walk")
        #expect(prompt.alert.text == "Keep walking slowly for two minutes.")
        // When HR falls to 50 (level max(68 − 15, 45) = 53) at 200 s
        driver.feed(sinus(steps(110, (200, 50), (240, 56), (280, 62)), from: 120, to: 320))
        let onset = try #require(driver.firstDisplay(after: 200) { $0 < 53 })
        let raise = try #require(driver.alerts("C1", .raised).first { $0.priority == .high })
        #expect(raise.time >= onset + 5 - 0.001 && raise.time <= onset + 6)
        #expect(raise.alert.text == "Sit down now." && raise.alert.phrase == "alarm_c1")
        // It stays raised at 56 (inside the 5 bpm margin), clears 10 s after reaching 58
        let clear = try #require(driver.firstClear("C1"))
        let safe = try #require(driver.firstDisplay(after: 280) { $0 >= 58 })
        #expect(clear.time >= safe + 10 - 0.001 && clear.time <= safe + 11)
    }

    @Test("no alarm at 55 bpm, and none after the 10-minute watch")
    func guardQuiet() {
        var driver = EngineDriver()
        driver.feed(sinus(.steady(110), to: 60))
        driver.enter(.cooldown, at: 60)
        driver.feed(sinus(steps(110, (100, 55), (680, 48)), from: 60, to: 720))
        #expect(driver.alerts("C1").filter { $0.priority == .high }.isEmpty)
    }

    @Test("no slow-walk prompt while a high alarm is raised")
    func noPromptDuringAlarm() {
        var driver = EngineDriver()
        driver.feed(sinus(.steady(162), to: 30))
        #expect(driver.firstRaise("R3") != nil)
        driver.enter(.cooldown, at: 30)
        #expect(driver.alerts("C1").isEmpty)
    }

    @Test("C2 logs peak HR minus HR 60 s after the stop, once, silently")
    func recovery() throws {
        var driver = EngineDriver()
        driver.feed(sinus(.steady(120), to: 120))
        driver.enter(.paused, at: 120)
        driver.feed(sinus(steps(120, (121, 100)), from: 120, to: 300))
        let log = try #require(driver.alerts("C2").first)
        #expect(driver.alerts("C2").count == 1)
        #expect(log.time == 180 && log.priority == .info && log.alert.phrase.isEmpty)
        // The peak and the reading are display HRs (about 120 and 100 with the strap's noise)
        #expect(
            (18...22).map { "Heart-rate recovery \($0) bpm in 60 s." }.contains(log.alert.text), "\(log.alert.text)")
        #expect(!driver.engine.raisedRules.contains("C2"))

        var blunted = EngineDriver()
        blunted.feed(sinus(.steady(120), to: 120))
        blunted.enter(.cooldown, at: 120)
        blunted.feed(sinus(steps(120, (121, 110)), from: 120, to: 200))
        let text = blunted.alerts("C2").first?.alert.text ?? ""
        #expect((8...12).map { "Heart-rate recovery \($0) bpm in 60 s (12 bpm or less)." }.contains(text), "\(text)")
    }
}
