import RetroWalkCore
import RetroWalkTesting
import SafetyRules
import Testing

/// Notifications for beats, replacing the beats' RR at chosen times by given intervals.
func rhythm(
    _ bpm: Double,
    from start: Double = 0,
    to end: Double,
    seed: UInt64 = 3,
    events: [(time: Double, event: SyntheticRR.Event)],
    contact: Contact = .detected
) -> [HeartRateSample] {
    sinus(
        .steady(bpm), from: start, to: end, seed: seed, arrhythmia: 0.02, noise: 0.006, events: events, contact: contact
    )
}

@Suite("R6 pause and R6b long beat gap")
struct PauseTests {
    @Test("an RR of 3.5 s raises R6 (high) with the notification that carries it; it clears 10 s later")
    func pause() throws {
        var driver = EngineDriver()
        driver.feed(rhythm(70, to: 100, events: [(60, .interval(milliseconds: 3500))]))
        let raise = try #require(driver.firstRaise("R6"))
        #expect(raise.time >= 63 && raise.time <= 65)
        #expect(
            raise.priority == .high && raise.alert.text == "Stop. Sit down now." && raise.alert.phrase == "alarm_r6")
        #expect(driver.alerts("R6b").isEmpty)
        let clear = try #require(driver.firstClear("R6"))
        #expect(clear.time >= raise.time + 10 - 0.001 && clear.time <= raise.time + 10.5)
    }

    @Test("an RR of 2.9 s is no pause but a long gap (R6b, medium)")
    func justBelow() throws {
        var driver = EngineDriver()
        driver.feed(rhythm(70, to: 100, events: [(60, .interval(milliseconds: 2900))]))
        #expect(driver.alerts("R6").isEmpty)
        let gap = try #require(driver.firstRaise("R6b"))
        #expect(gap.priority == .medium && gap.alert.text == "Irregular heartbeat. Please stop and rest.")
        #expect(gap.time >= 62 && gap.time <= 64)
    }

    @Test("an RR of twice the median is a missed beat, not a pause: R6b, not R6")
    func missedBeatArtefact() throws {
        // Given a slow rhythm (40 bpm) in cool-down, When one RR is twice the median (3 s), Then only R6b
        var driver = EngineDriver(phase: .cooldown)
        driver.feed(rhythm(40, to: 120, events: [(60, .missed)]))
        #expect(driver.alerts("R6").isEmpty)
        #expect(driver.firstRaise("R6b") != nil)
    }

    @Test("no R6 without skin contact")
    func noContact() {
        var driver = EngineDriver()
        let samples = rhythm(70, to: 100, events: [(60, .interval(milliseconds: 3500))]).map {
            sample -> HeartRateSample in
            var copy = sample
            if sample.time >= 55 { copy.contact = .notDetected }
            return copy
        }
        driver.feed(samples)
        #expect(driver.alerts("R6").isEmpty)
        #expect(driver.firstRaise("S1") != nil)
    }

    @Test("R6b: three missed beats within 30 s raise; two do not (a good strap's chance misses), nor three over 40 s")
    func missedBeats() throws {
        var three = EngineDriver()
        three.feed(rhythm(80, to: 120, events: [(60, .missed), (70, .missed), (80, .missed)]))
        let raise = try #require(three.firstRaise("R6b"))
        #expect(raise.time >= 80 && raise.time <= 88)
        var two = EngineDriver()
        two.feed(rhythm(80, to: 120, events: [(60, .missed), (68, .missed)]))
        #expect(two.alerts("R6b").isEmpty)
        var apart = EngineDriver()
        apart.feed(rhythm(80, to: 140, events: [(40, .missed), (60, .missed), (82, .missed)]))
        #expect(apart.alerts("R6b").isEmpty)
        // 1.9 s intervals at 45 bpm (cool-down, so R5 keeps out of it) are long, not gaps nor missed beats
        var long = EngineDriver(phase: .cooldown)
        long.feed(
            rhythm(45, to: 120, events: [(60, .interval(milliseconds: 1900)), (70, .interval(milliseconds: 1900))]))
        #expect(long.alerts("R6b").isEmpty)
    }

    @Test("R6b clears 10 s after the last gap and is not raised again within 20 s")
    func gapRepeat() throws {
        var driver = EngineDriver()
        driver.feed(
            rhythm(
                60, to: 140,
                events: [
                    (60, .interval(milliseconds: 2500)), (76, .interval(milliseconds: 2500)),
                    (92, .interval(milliseconds: 2500)),
                ]))
        let raises = driver.alerts("R6b", .raised).map(\.time)
        let clears = driver.alerts("R6b", .cleared).map(\.time)
        // Raised at ~62, cleared ~10 s later; the gap at ~78 falls inside the 20 s gate; the one at ~94 raises
        #expect(raises.count == 2, "\(raises)")
        #expect(clears.count == 2, "\(clears)")
        #expect(raises.count == 2 && raises[1] - raises[0] >= 20 && raises[1] - raises[0] < 40)
        #expect(clears.first.map { $0 - raises[0] >= 10 - 0.001 && $0 - raises[0] <= 11 } == true)
    }
}

@Suite("R7 frequent ectopy")
struct FrequentEctopyTests {
    @Test("three premature beats in a row raise a medium alert within the detector's latency")
    func run() throws {
        var driver = EngineDriver()
        driver.feed(rhythm(75, to: 120, events: [(60, .run(count: 3, prematurity: 0.6))]))
        let raise = try #require(driver.firstRaise("R7"))
        #expect(raise.time >= 61 && raise.time <= 68)
        #expect(raise.priority == .medium && raise.alert.phrase == "alarm_r7")
        let clear = try #require(driver.firstClear("R7"))
        #expect(clear.time >= raise.time + 10 - 0.001)
    }

    @Test("not raised again within 20 s of its last raise")
    func repeatSuppression() {
        // Given runs at 40 s, 55 s (the first alert has cleared by then, but the 20 s gate is still shut) and 90 s
        let samples = rhythm(
            75, to: 130,
            events: [
                (40, .run(count: 3, prematurity: 0.6)), (55, .run(count: 3, prematurity: 0.6)),
                (90, .run(count: 3, prematurity: 0.6)),
            ])
        var driver = EngineDriver()
        driver.feed(samples)
        let raises = driver.alerts("R7", .raised).map(\.time)
        #expect(raises.count == 2, "\(raises)")
        #expect(raises.count == 2 && raises[1] - raises[0] > 40)
        // With a 5 s gate the middle run is raised too
        var settings = RuleSettings()
        settings.mediumRepeatSeconds = 5
        var open = EngineDriver(settings: settings)
        open.feed(samples)
        #expect(open.alerts("R7", .raised).count == 3)
    }

    @Test("an isolated premature beat and a couplet raise nothing")
    func fewBeats() {
        var driver = EngineDriver()
        driver.feed(
            rhythm(
                75, to: 140, events: [(40, .premature(prematurity: 0.62)), (90, .run(count: 2, prematurity: 0.62))]))
        #expect(driver.alerts("R7").isEmpty)
    }

    @Test("more than 10 premature beats a minute raise; 8 a minute do not")
    func perMinute() throws {
        let frequent = (0..<16).map {
            (time: 30 + Double($0) * 5, event: SyntheticRR.Event.premature(prematurity: 0.62))
        }
        var driver = EngineDriver()
        driver.feed(rhythm(75, to: 130, events: frequent))
        let raise = try #require(driver.firstRaise("R7"))
        // The 11th premature beat comes at 80 s (plus the detector's latency)
        #expect(raise.time >= 80 && raise.time <= 88)

        let sparse = (0..<12).map {
            (time: 30 + Double($0) * 7.5, event: SyntheticRR.Event.premature(prematurity: 0.62))
        }
        var quiet = EngineDriver()
        quiet.feed(rhythm(75, to: 130, events: sparse))
        #expect(quiet.alerts("R7").isEmpty)
    }

    @Test("bigeminy (every other beat premature) raises R7 and keeps the signal good")
    func bigeminy() throws {
        let events = (0..<60).map {
            (time: 30 + Double($0) * 1.6, event: SyntheticRR.Event.premature(prematurity: 0.6))
        }
        var driver = EngineDriver()
        driver.feed(rhythm(75, to: 130, events: events))
        let raise = try #require(driver.firstRaise("R7"))
        #expect(raise.time < 80)
        #expect(driver.alerts("S1").isEmpty && driver.alerts("S2").isEmpty)
    }

    @Test("off with known AF")
    func knownAF() {
        var driver = EngineDriver(profile: Profile(knownAF: true))
        driver.feed(rhythm(75, to: 120, events: [(60, .run(count: 4, prematurity: 0.6))]))
        #expect(driver.alerts("R7").isEmpty)
    }
}

@Suite("R8 AF-like irregularity")
struct IrregularRhythmTests {
    static func irregular(meanBPM: Double, from start: Double = 0, to end: Double, seed: UInt64 = 5)
        -> [SyntheticRR.Beat]
    {
        var generator = SyntheticRR(seed: seed)
        return generator.irregularBeats(from: start, to: end, meanBPM: meanBPM)
    }

    @Test("an AF-like rhythm raises a medium alert once 128 clean beats are in; it clears after sinus returns")
    func raises() throws {
        // Given 3 minutes of an irregular rhythm at ~95 bpm, then sinus rhythm
        var generator = SyntheticRR(seed: 8)
        let beats =
            Self.irregular(meanBPM: 95, to: 180)
            + generator.beats(from: 180, to: 400, course: .steady(85))
        var driver = EngineDriver(profile: Profile(age: 40))
        driver.feed(SyntheticRR.notifications(for: beats, to: 400))
        // Then R8 (medium) after at least 128 beats (about 81 s at 95 bpm)
        let raise = try #require(driver.firstRaise("R8"))
        #expect(raise.time >= 128 * 60 / 95 / 1.3 && raise.time <= 110)
        #expect(raise.priority == .medium && raise.alert.text == "Heartbeat very irregular. Stop and rest.")
        // And it clears once sinus rhythm has filled the window (128 beats after 180 s, plus 10 s)
        let clear = try #require(driver.firstClear("R8"))
        #expect(clear.time > 180 + 60 && clear.time < 180 + 128 * 60 / 85 + 20)
        #expect(driver.alerts("R8", .raised).count == 1)
    }

    @Test("high when the irregular rhythm runs above 110 bpm")
    func high() throws {
        var driver = EngineDriver(profile: Profile(age: 40))
        driver.feed(SyntheticRR.notifications(for: Self.irregular(meanBPM: 130, to: 150), to: 150))
        let raise = try #require(driver.firstRaise("R8"))
        #expect(raise.priority == .high)
    }

    @Test("sinus rhythm with breathing variability raises nothing; known AF turns R8 off")
    func quiet() {
        var sinusDriver = EngineDriver()
        sinusDriver.feed(sinus(.steady(80), to: 400, arrhythmia: 0.05, noise: 0.015))
        #expect(sinusDriver.alerts("R8").isEmpty)
        var known = EngineDriver(profile: Profile(age: 40, knownAF: true))
        known.feed(SyntheticRR.notifications(for: Self.irregular(meanBPM: 95, to: 200), to: 200))
        #expect(known.alerts("R8").isEmpty)
        #expect(known.alerts("R7").isEmpty)
    }

    @Test("the streaming window gives the batch metrics")
    func incrementalEqualsBatch() throws {
        let beats = Self.irregular(meanBPM: 90, to: 200).map(\.rrMilliseconds)
        var rule = IrregularRhythmRule()
        for rr in beats { rule.receive(normalRRMilliseconds: rr, heartRate: 90) }
        let streamed = try #require(rule.metrics)
        let batch = IrregularityMetrics(window: Array(beats.suffix(128)))
        #expect(abs(streamed.normalisedRMSSD - batch.normalisedRMSSD) < 1e-12)
        #expect(streamed.shannonEntropy == batch.shannonEntropy)
        #expect(streamed.turningPointRatio == batch.turningPointRatio)
    }
}
