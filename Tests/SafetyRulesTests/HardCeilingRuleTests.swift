import RetroWalkCore
import RetroWalkTesting
import SafetyRules
import Testing

@Suite("R3 hard ceiling")
struct HardCeilingRuleTests {
    @Test("raises after 5 s at or above the ceiling, not before")
    func raisesAfterPersistence() {
        // Given a ceiling of 150 bpm
        var rule = HardCeilingRule(thresholdBPM: 150)
        // When HR sits at 152 from t = 10 s
        var raisedAt: Double?
        for t in stride(from: 0.0, through: 30, by: 1) {
            let bpm = t < 10 ? 120.0 : 152.0
            if let alert = rule.receive(heartRate: bpm, at: t), alert.change == .raised { raisedAt = t }
        }
        // Then it raises at 15 s (persistence 5 s), within persistence + 1 s
        #expect(raisedAt == 15)
        #expect(rule.isRaised)
    }

    @Test("a brief spike does not raise")
    func briefSpikeIgnored() {
        var rule = HardCeilingRule(thresholdBPM: 150)
        var alerts: [Alert] = []
        for t in stride(from: 0.0, through: 20, by: 1) {
            let bpm = (5...8).contains(t) ? 160.0 : 120.0  // 4 s above
            if let alert = rule.receive(heartRate: bpm, at: t) { alerts.append(alert) }
        }
        #expect(alerts.isEmpty)
    }

    @Test("clears only after 10 s at least 5 bpm below the ceiling")
    func clearsWithHysteresis() {
        var rule = HardCeilingRule(thresholdBPM: 150)
        for t in stride(from: 0.0, through: 6, by: 1) { _ = rule.receive(heartRate: 155, at: t) }
        #expect(rule.isRaised)
        // 147 is below the ceiling but inside the 5 bpm margin: stays raised
        for t in stride(from: 7.0, through: 30, by: 1) { #expect(rule.receive(heartRate: 147, at: t) == nil) }
        #expect(rule.isRaised)
        // 144 for 10 s clears
        var clearedAt: Double?
        for t in stride(from: 31.0, through: 50, by: 1) {
            if let alert = rule.receive(heartRate: 144, at: t), alert.change == .cleared { clearedAt = t }
        }
        #expect(clearedAt == 41)
        #expect(!rule.isRaised)
    }
}

@Suite("S2 monitoring lost")
struct MonitoringLostRuleTests {
    @Test("link loss raises after 10 s and clears when samples return")
    func linkLoss() {
        var rule = MonitoringLostRule(linkDownAt: nil)
        #expect(rule.receive(signal: .lost, at: 100) == nil)
        #expect(rule.evaluate(at: 109.9) == nil)
        let raised = rule.evaluate(at: 110)
        #expect(raised?.change == .raised)
        #expect(raised?.priority == .medium)
        let sample = HeartRateSample(time: 125, beatsPerMinute: 90, contact: .detected)
        #expect(rule.receive(sample)?.change == .cleared)
    }

    @Test("a poor signal (S1's condition) for 15 s raises; it clears when the signal is no longer poor")
    func poorSignal() {
        var rule = MonitoringLostRule(linkDownAt: nil)
        var raisedAt: Double?
        for t in stride(from: 0.0, through: 20, by: 1) {
            rule.noteData(at: t)
            rule.notePoorSignal(true, at: t)
            if rule.evaluate(at: t)?.change == .raised { raisedAt = t }
        }
        #expect(raisedAt == 15)
        rule.notePoorSignal(false, at: 21)
        #expect(rule.evaluate(at: 21)?.change == .cleared)
    }

    @Test("a strap that goes silent without a link event raises after 10 s")
    func silence() {
        var rule = MonitoringLostRule(linkDownAt: nil)
        _ = rule.receive(HeartRateSample(time: 5, beatsPerMinute: 90, contact: .detected))
        #expect(rule.evaluate(at: 14.9) == nil)
        #expect(rule.evaluate(at: 15)?.change == .raised)
    }
}

@Suite("Rule engine")
struct RuleEngineTests {
    @Test("limits follow SAFETY.md: Tanaka for men, Gulati for women, Brawner on beta-blockers, clinician wins")
    func limits() {
        let man = HeartRateLimits(profile: Profile(age: 70, sex: .male))
        #expect(man.source == .tanaka)
        #expect(abs(man.maxBPM - 159) < 0.01)
        #expect(abs(man.hardCeilingBPM - 151.05) < 0.01)
        #expect(abs(man.ceilingBPM - 135.15) < 0.01)
        #expect(HeartRateLimits(profile: Profile(age: 50, sex: .female)).maxBPM == 162)
        #expect(HeartRateLimits(profile: Profile(age: 70, betaBlocker: true)).source == .brawner)
        let clinician = HeartRateLimits(profile: Profile(clinicianMaxBPM: 140, clinicianAbsoluteMaxBPM: 125))
        #expect(clinician.maxBPM == 140)
        #expect(clinician.hardCeilingBPM == 125)
        #expect(clinician.uncertaintyBPM == 0)
    }

    @Test("display HR drops the largest and smallest of the last 12 RR and rejects implausible RR")
    func displayHeartRate() {
        var display = DisplayHeartRate()
        let rr: [Double] = [600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 200, 2500, 400, 900]
        for (index, ms) in rr.enumerated() {
            display.receive(
                HeartRateSample(
                    time: Double(index),
                    beatsPerMinute: 100,
                    contact: .detected,
                    rrIntervals: [RRInterval.raw(fromMilliseconds: ms)]
                )
            )
        }
        // 200 and 2500 are rejected; of the last 12 valid (10×600, 400, 900) the extremes go: mean 600 → 100 bpm
        #expect(abs((display.beatsPerMinute ?? 0) - 100) < 0.2)
    }

    @Test("a steady session above the hard ceiling raises R3 once, within persistence + 1 s")
    func engineRaisesR3() {
        var engine = RuleEngine(profile: Profile(age: 65))  // hard ceiling 95 % of 162.5 → 154.4
        _ = engine.enter(.backward, at: 0)
        _ = engine.receive(signal: .connected, at: 0)
        var alerts: [(Double, Alert)] = []
        for sample in SampleFixtures.steady(bpm: 120, from: 0, to: 20)
            + SampleFixtures.steady(bpm: 160, from: 20, to: 40)
        {
            alerts += engine.receive(sample).map { (sample.time, $0) }
            alerts += engine.tick(at: sample.time).map { (sample.time, $0) }
        }
        let r3 = alerts.filter { $0.1.rule == "R3" }
        #expect(r3.count == 1)
        // The display HR (trimmed mean of 12 RR) crosses 154 a few beats after the step at 20 s
        #expect(r3.first.map { $0.0 >= 25 && $0.0 <= 31 } == true)
    }

    @Test("no alarm on a clean session at a moderate rate")
    func noAlarmWhenClean() {
        var engine = RuleEngine(profile: Profile())
        _ = engine.enter(.warmup, at: 0)
        _ = engine.receive(signal: .connected, at: 0)
        var alerts: [Alert] = []
        for sample in SampleFixtures.steady(bpm: 105, from: 0, to: 600) {
            alerts += engine.receive(sample) + engine.tick(at: sample.time)
        }
        #expect(alerts.isEmpty)
    }
}
