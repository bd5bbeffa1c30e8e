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

    @Test("replayed at rest: R6b for the missed beats 11 beats apart, and no other alarm")
    func replay() {
        var engine = RuleEngine(profile: Profile())
        var alerts: [(Double, Alert)] = []
        alerts += engine.enter(.paused, at: 0).map { (0, $0) }
        var next = 0.5
        for sample in PolarH10Recording.samples {
            while next < sample.time {
                alerts += engine.tick(at: next).map { (next, $0) }
                next += 0.5
            }
            alerts += engine.receive(sample).map { (sample.time, $0) }
        }
        // The missed beats 759 and 770 end at 568 s and 578 s: two within 30 s
        let raised = alerts.filter { $0.1.change == .raised }
        #expect(raised.map(\.1.rule) == ["R6b"], "\(raised.map { "\($0.0) \($0.1.rule)" })")
        #expect(raised.first.map { $0.0 > 577 && $0.0 < 580 } == true)
        let good = engine.hasGoodSignal
        #expect(good)
        let zones = engine.timeInZones
        #expect((zones["below"] ?? 0) > 690)
    }
}
