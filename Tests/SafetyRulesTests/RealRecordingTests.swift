import RetroWalkCore
import RetroWalkTesting
import SafetyRules
import Testing

@Suite("A real Polar H10 recording")
struct RealRecordingTests {
    @Test("Lipponen-Tarvainen finds the 7 missed beats and the ectopic beat NeuroKit2 finds, and little else")
    func classes() {
        // NeuroKit2 `_find_artifacts` on the same series: ectopic [252], missed [471, 513, 658, 759, 770, 875, 910],
        // extra [], longshort [26, 251] (indices of this RR list)
        let classes = EctopicDetector.classify(PolarH10Recording.rrMilliseconds)
        let flagged = classes.indices.filter { classes[$0] != .normal }
        let missed = flagged.filter { classes[$0] == .missed }
        #expect(missed == [471, 513, 658, 759, 770, 875, 910])
        #expect(classes[252] == .ectopic && classes[251] == .short)
        #expect(flagged.count <= 12, "\(flagged.map { ($0, classes[$0]) })")
        #expect(classes.count == 947)
    }

    @Test("replayed at rest and walking: no alarm at all (its 7 missed beats are a good strap's chance misses)")
    func replay() {
        for phase in [Phase.paused, .walking] {
            var engine = RuleEngine(profile: Profile())
            var alerts: [(Double, Alert)] = []
            alerts += engine.enter(phase, at: 0).map { (0, $0) }
            var next = 0.5
            for sample in PolarH10Recording.samples {
                while next < sample.time {
                    alerts += engine.tick(at: next).map { (next, $0) }
                    next += 0.5
                }
                alerts += engine.receive(sample).map { (sample.time, $0) }
            }
            // Walking at 80 bpm is below the zone and R4 (low) asks whether the walker is fine; nothing else
            let raised = alerts.filter { $0.1.change == .raised && $0.1.priority >= .medium }
            #expect(raised.isEmpty, "\(phase): \(raised.map { "\($0.0) \($0.1.rule)" })")
            if phase == .walking { continue }
            let good = engine.hasGoodSignal
            #expect(good)
            let zones = engine.timeInZones
            #expect((zones["below"] ?? 0) > 690)
        }
    }
}
