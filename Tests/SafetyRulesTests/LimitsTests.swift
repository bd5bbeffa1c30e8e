import RetroWalkCore
import SafetyRules
import Testing

@Suite("Limits and zones")
struct LimitsTests {
    @Test("HRmax: clinician, else Brawner on a beta-blocker, Gulati for women, Tanaka for men, with the SD shown")
    func maximum() {
        let man = HeartRateLimits(profile: Profile(age: 70, sex: .male))
        #expect(man.source == .tanaka && abs(man.maxBPM - 159) < 1e-9 && man.uncertaintyBPM == 10)
        let woman = HeartRateLimits(profile: Profile(age: 50, sex: .female))
        #expect(woman.source == .gulati && abs(woman.maxBPM - 162) < 1e-9 && woman.uncertaintyBPM == 10)
        let blocked = HeartRateLimits(profile: Profile(age: 70, sex: .female, betaBlocker: true))
        #expect(blocked.source == .brawner && abs(blocked.maxBPM - 115) < 1e-9 && blocked.uncertaintyBPM == 18)
        let clinician = HeartRateLimits(profile: Profile(age: 70, clinicianMaxBPM: 150, betaBlocker: true))
        #expect(clinician.source == .clinician && clinician.maxBPM == 150 && clinician.uncertaintyBPM == 0)
    }

    @Test("ceiling = min(clinician ceiling, 85 % HRmax); hard ceiling = min(clinician maximum, 95 % HRmax)")
    func ceilings() {
        // Given a 70-year-old man (Tanaka 159)
        let plain = HeartRateLimits(profile: Profile(age: 70))
        #expect(abs(plain.ceilingBPM - 135.15) < 1e-9)
        #expect(abs(plain.hardCeilingBPM - 151.05) < 1e-9)
        // When a clinician sets lower limits, they win; higher ones do not
        let lower = HeartRateLimits(profile: Profile(age: 70, clinicianCeilingBPM: 120, clinicianAbsoluteMaxBPM: 140))
        #expect(lower.ceilingBPM == 120 && lower.hardCeilingBPM == 140)
        let higher = HeartRateLimits(profile: Profile(age: 70, clinicianCeilingBPM: 150, clinicianAbsoluteMaxBPM: 170))
        #expect(abs(higher.ceilingBPM - 135.15) < 1e-9 && abs(higher.hardCeilingBPM - 151.05) < 1e-9)
        // The ceiling never exceeds the hard ceiling
        let absolute = HeartRateLimits(profile: Profile(age: 70, clinicianAbsoluteMaxBPM: 125))
        #expect(absolute.ceilingBPM == 125 && absolute.hardCeilingBPM == 125)
        // The fractions come from the settings
        var settings = RuleSettings()
        settings.ceilingFractionOfMax = 0.80
        settings.hardCeilingFractionOfMax = 0.90
        let custom = HeartRateLimits(profile: Profile(age: 70), settings: settings)
        #expect(abs(custom.ceilingBPM - 127.2) < 1e-9 && abs(custom.hardCeilingBPM - 143.1) < 1e-9)
    }

    @Test("rehab phase I: ceiling = min(130, resting + 30)")
    func phaseOne() {
        let rested = HeartRateLimits(profile: Profile(age: 65, restingBPM: 68, rehab: .phaseI))
        #expect(rested.ceilingBPM == 98)
        let fast = HeartRateLimits(profile: Profile(age: 40, restingBPM: 110, rehab: .phaseI))
        #expect(fast.ceilingBPM == 130)
        // The zone stays below the ceiling: 40-59 % HRR would be 105.8-123.8 bpm
        #expect(rested.zoneBPM.upperBound == 98)
        #expect(rested.zoneBPM.lowerBound == 98)
    }

    @Test("training zone from HRR, %HRmax or bpm")
    func zones() {
        // Given age 65, rest 68: Tanaka 162.5, HRR 94.5
        let hrr = HeartRateLimits(profile: Profile(age: 65, restingBPM: 68))
        #expect(abs(hrr.zoneBPM.lowerBound - 105.8) < 1e-9)
        #expect(abs(hrr.zoneBPM.upperBound - 123.755) < 1e-9)
        let percent = HeartRateLimits(
            profile: Profile(age: 65, trainingZone: ZoneSpec(method: .percentMax, lower: 0.6, upper: 0.7)))
        #expect(abs(percent.zoneBPM.lowerBound - 97.5) < 1e-9 && abs(percent.zoneBPM.upperBound - 113.75) < 1e-9)
        let bpm = HeartRateLimits(
            profile: Profile(age: 65, trainingZone: ZoneSpec(method: .beatsPerMinute, lower: 90, upper: 110)))
        #expect(bpm.zoneBPM == 90...110)
    }

    @Test("outpatient rehab: the zone's upper bound is capped at 50 % HRR for the first two sessions only")
    func rehabCap() {
        let profile = Profile(age: 65, restingBPM: 68, rehab: .outpatient)
        for session in 1...2 {
            let limits = HeartRateLimits(profile: profile, sessionNumber: session)
            #expect(abs(limits.zoneBPM.upperBound - 115.25) < 1e-9)
            #expect(limits.isZoneCappedForRehab)
        }
        let third = HeartRateLimits(profile: profile, sessionNumber: 3)
        #expect(abs(third.zoneBPM.upperBound - 123.755) < 1e-9)
        #expect(!third.isZoneCappedForRehab)
        // Not a rehab user: never capped
        #expect(!HeartRateLimits(profile: Profile(age: 65), sessionNumber: 1).isZoneCappedForRehab)
    }

    @Test(
        "bands: below, zone, above, ceiling, hard ceiling; unknown without HR",
        arguments: [
            (100.0, ZoneBand.below), (105.7, .below), (105.9, .zone), (123.7, .zone), (124, .above),
            (138.125, .ceiling),
            (154, .ceiling), (154.375, .hardCeiling), (170, .hardCeiling),
        ])
    func bands(bpm: Double, band: ZoneBand) {
        let limits = HeartRateLimits(profile: Profile(age: 65, restingBPM: 68))
        #expect(limits.band(for: bpm) == band)
        #expect(limits.band(for: nil) == .unknown)
    }

    @Test("band names are the summary's keys")
    func bandNames() {
        #expect(ZoneBand.allCases.map(\.rawValue) == ["below", "zone", "above", "ceiling", "hard_ceiling", "unknown"])
    }

    @Test("time in zones credits each interval to the band in force")
    func timeInZones() {
        var zones = TimeInZones()
        zones.record(.unknown, at: 0)
        zones.record(.zone, at: 5)
        zones.record(.above, at: 65)
        zones.record(.zone, at: 75.5)
        zones.record(.zone, at: 80)
        #expect(zones.seconds(in: .unknown) == 5)
        #expect(zones.seconds(in: .zone) == 64.5)
        #expect(zones.seconds(in: .above) == 10.5)
        #expect(zones.totalSeconds == 80)
        #expect(zones.secondsByBand.count == 6)
        #expect(zones.secondsByBand["hard_ceiling"] == 0)
    }
}
