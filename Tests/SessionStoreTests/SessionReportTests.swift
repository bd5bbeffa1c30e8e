import Foundation
import GRDB
import RetroWalkCore
import StrapProtocol
import Testing

@testable import SessionStore

@Suite("Session report from stored rows")
struct SessionReportTests {
    @Test("steps: one per phase event, the last one running to the session's end")
    func steps() {
        let report = SessionFixture.report()
        #expect(report.steps.map(\.phase) == ["warmup", "backward", "recovery", "backward", "paused", "cooldown"])
        #expect(report.steps.map(\.start) == [0, 60, 120, 200, 230, 260])
        #expect(report.steps.map(\.end) == [60, 120, 200, 230, 260, 384])
        // Every sample belongs to exactly one step.
        #expect(report.steps.map(\.sampleRange.count).reduce(0, +) == report.samples.count)
    }

    @Test("bouts: done only when walked in full and the plan moved on; peak, time to peak, HRR 30 s and 60 s")
    func bouts() {
        let report = SessionFixture.report()
        #expect(report.bouts.count == 2)
        let first = report.bouts[0]
        #expect(first.isDone)
        #expect(first.peakBPM == 119)
        #expect(first.timeToPeak == 58)  // first at 119 bpm at 118 s, the bout started at 60 s
        #expect(first.recovery30 == 19)  // 119 − 100 at 150 s
        #expect(first.recovery60 == 27)  // 119 − 92 at 180 s
        let second = report.bouts[1]
        #expect(!second.isDone)  // the safe stop at 230 s cut it to 30 of 60 s
        #expect(second.peakBPM == 140)
        #expect(report.boutsDone == 1)
        // After the session: the bouts' peak (140) against 30 s and 60 s into the cool-down (260 s): 100 at 290 s,
        // and at 320 s (no contact) the last usable sample, 319 s, at 100.
        #expect(report.sessionRecovery30 == 40)
        #expect(report.sessionRecovery60 == 40)
    }

    @Test("time in zones: each usable sample until the next (3 s at most); the rest is unknown")
    func timeInZones() {
        let zones = SessionFixture.report().timeInZones
        // Worked out in SessionFixture's terms: below = warm-up 59 + bout 1 20 + recovery 20; ceiling = bout 2 30;
        // unknown = 0–1 s, the gap 303–310 s, no contact 320–325 s; zone = the rest.
        #expect(zones["below"] == 99)
        #expect(zones["zone"] == 242)
        #expect(zones["above"] == 0)
        #expect(zones["ceiling"] == 30)
        #expect(zones["hard_ceiling"] == 0)
        #expect(zones["unknown"] == 13)
        #expect(zones.values.reduce(0, +) == 384)
    }

    @Test("alarms by rule (prompts left out) with their clearing, symptoms, check-ins, effort, signal gaps")
    func events() throws {
        let report = SessionFixture.report()
        #expect(report.alarms.map(\.rule) == ["R2", "R3"])
        #expect(report.alarms.map(\.clearedAt) == [235, nil])
        #expect(report.alarmsByRule == ["R2": 1, "R3": 1])
        #expect(report.highestAlarm?.rule == "R3")
        #expect(report.symptoms.map(\.symptom) == ["dizzy"])
        #expect(report.checkIns.map(\.answer) == ["fine", "missed"])
        #expect(report.missedCheckIns == 1)
        #expect(report.effort == EffortRating(value: 13, scale: .borg))
        #expect(report.gaps.count == 2)
        let gap = try #require(report.gaps.first)
        #expect(gap.kind == "no_data" && gap.start == 300 && gap.end == 310)
        #expect(gap.reason == "no notification for 3 s")
        #expect(report.gaps[1].kind == "no_contact" && report.gaps[1].start == 320 && report.gaps[1].end == 325)
        #expect(report.meanBPM != nil)
        #expect(report.maxBPM == 140)
    }

    @Test("without stored limits the fallback is used, and the report says so")
    func fallbackLimits() {
        let record = SessionFixture.record()
        let report = SessionReport.build(
            session: record, samples: SessionFixture.samples, events: SessionFixture.timeline,
            fallbackSetup: SessionFixture.setup)
        #expect(!report.isSetupStored)
        #expect(report.timeInZones["zone"] == 242)
        #expect(SessionText.render(report).contains("from the profile in force now"))
        let none = SessionReport.build(
            session: record, samples: SessionFixture.samples, events: SessionFixture.timeline)
        #expect(none.timeInZones["unknown"] == 384)
        #expect(none.energy == nil)
    }

    @Test("Keytel 2005 reproduces SAFETY.md's worked example; the ACSM walking equation its METs")
    func energyEquations() {
        // SAFETY.md 4.1: a man aged 70, 80 kg, HR 105: 9.8 kcal/min without VO2max.
        let kcal = EnergyEstimate.keytelKilojoulesPerMinute(bpm: 105, massKg: 80, age: 70, sex: "male") / 4.184
        #expect(abs(kcal - 9.8) < 0.05)
        // ACSM: 80 m/min level = 0.1 × 80 + 3.5 = 11.5 ml/kg/min = 3.29 METs.
        #expect(abs(EnergyEstimate.acsmWalkingMET(speedKmh: 4.8) - 11.5 / 3.5) < 1e-9)
    }

    @Test("energy: the MET range with the backward factor and Keytel where HR ≥ 60 % HRmax, both in the range")
    func energyRange() throws {
        // Given ten minutes of backward walking at 4.8 km/h (80 m/min) and 100 bpm, HRmax 160 (100 ≥ 96), 70 kg, 40 y
        let setup = SessionSetup(
            zoneBPM: 90...110, ceilingBPM: 136, hardCeilingBPM: 152, maxBPM: 160, restingBPM: 60, age: 40,
            sex: "male", massKg: 70, backwardSpeedKmh: 4.8)
        var record = SessionFixture.record(duration: 600)
        record.store(setup)
        let samples = (0..<600).map { HeartRateSample(time: Double($0), beatsPerMinute: 100, contact: .detected) }
        let events = [TimelineEvent(t: 0, event: "phase", phase: "backward", bout: 1, of: 1)]
        // When the report is built
        let energy = try #require(SessionReport.build(session: record, samples: samples, events: events).energy)
        // Then the MET estimate is 3.29 × 1.2–1.4 METs × 10 min, × 3.5 × 70 / 200 kcal per MET-minute
        let met = 11.5 / 3.5
        #expect(abs(energy.metMinutes.lowerBound - met * 1.2 * 10) < 1e-6)
        #expect(abs(energy.metMinutes.upperBound - met * 1.4 * 10) < 1e-6)
        let kcalLow = try #require(energy.metKilocalories?.lowerBound)
        #expect(abs(kcalLow - met * 1.2 * 10 * 1.225) < 1e-6)
        // And Keytel covers the whole session: (−55.0969 + 63.09 + 13.916 + 8.068) kJ/min × 10 min / 4.184
        let keytel = (-55.0969 + 0.6309 * 100 + 0.1988 * 70 + 0.2017 * 40) * 10 / 4.184
        #expect(energy.keytelSeconds == 600)
        #expect(abs((energy.keytelSessionKilocalories ?? 0) - keytel) < 1e-6)
        let range = try #require(energy.range)
        #expect(abs(range.lowerBound - kcalLow) < 1e-6 && abs(range.upperBound - keytel) < 1e-6)
    }

    @Test("energy without a body mass: MET-minutes only, and a note that says why")
    func energyWithoutMass() throws {
        var setup = SessionFixture.setup
        setup.massKg = nil
        let energy = try #require(SessionFixture.report(setup: setup).energy)
        #expect(energy.range == nil && energy.metKilocalories == nil && energy.keytelKilocalories == nil)
        #expect(energy.metMinutes.lowerBound > 0)
        #expect(energy.notes.contains { $0.contains("mass_kg") })
    }

    @Test("the text report names every part")
    func text() {
        let text = SessionText.render(SessionFixture.report())
        for part in [
            "Session 7: 2026-11-21 10:00 to 10:06 (6:24), plan test", "End: ended early", "zone 100-120 bpm",
            "Bouts: 1 of 2 done", "Alarms: 2 (R2 x1, R3 x1)", "Symptoms: dizzy at 3:48 (key)",
            "Check-ins: 1 fine, 1 missed", "Signal gaps: 2, 15 s in all", "Effort: RPE 13", "MET estimate",
            "Keytel et al. 2005",
        ] {
            #expect(text.contains(part), "missing '\(part)' in:\n\(text)")
        }
    }

    @Test("the HTML page is self-contained: inline chart with zone, ceilings, bouts, alarms, symptoms and gaps")
    func html() {
        let html = HTMLReport.render(SessionFixture.report())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg id=\"hr-chart\""))
        #expect(html.contains("fill=\"\(HeartRateChart.zoneColour)\""))
        #expect(html.contains("stroke=\"\(HeartRateChart.lineColour)\""))
        #expect(html.contains(">B1<") && html.contains(">B2<") && html.contains(">pause<"))
        #expect(html.contains(">R2 R3<"))  // 10 s apart: one marker
        #expect(html.contains(">dizzy<"))
        #expect(html.contains("no data 10 s"))
        #expect(html.contains("hard 150") && html.contains("ceiling 135"))
        // Nothing is fetched: no script, no external reference but the SVG namespace.
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=") && !html.contains("href="))
        #expect(html.components(separatedBy: "http").count == 2)
    }

    @Test("ISO 8601 with an offset: parsed, shifted, and in FIT seconds since 1989-12-31")
    func wallTime() throws {
        let time = try #require(WallTime(iso: "2026-11-21T10:00:00+01:00"))
        #expect(time.utcISO == "2026-11-21T09:00:00Z")
        #expect(time.adding(seconds: 90.25).localISO == "2026-11-21T10:01:30+01:00")
        #expect(time.adding(seconds: 90.25).utcISOMilliseconds == "2026-11-21T09:01:30.250Z")
        // 2025-05-10T07:30:00Z, the start of the FIT fixtures, is 1115796600 s after the FIT epoch.
        #expect(WallTime(iso: "2025-05-10T07:30:00Z")?.fitTimestamp == 1_115_796_600)
        #expect(WallTime(iso: "2024-02-29T23:59:59-05:30")?.utcISO == "2024-03-01T05:29:59Z")
        #expect(WallTime(iso: "yesterday") == nil)
        #expect(WallTime(iso: "2026-13-01T00:00:00Z") == nil)
    }
}
