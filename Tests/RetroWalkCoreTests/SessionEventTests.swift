import RetroWalkCore
import Testing

@Suite("Event stream JSON")
struct SessionEventTests {
    @Test("each kind renders in the documented schema, keys in order")
    func schema() {
        let cases: [(SessionEvent, String)] = [
            (
                SessionEvent(time: 121, kind: .phase(.backward, bout: 1, of: 5)),
                #"{"t": 121.0, "event": "phase", "phase": "backward", "bout": 1, "of": 5}"#
            ),
            (
                SessionEvent(time: 150, kind: .cue(Cue(phrases: ["halfway"], text: "Halfway."))),
                #"{"t": 150.0, "event": "cue", "cue": "halfway", "text": "Halfway."}"#
            ),
            (
                SessionEvent(
                    time: 389,
                    kind: .alert(
                        Alert(
                            rule: "R3", priority: .high, change: .raised, phrase: "alarm_r3",
                            text: "Stop now. Stand still, hold support."))
                ),
                #"{"t": 389.0, "event": "alarm", "rule": "R3", "priority": "high", "text": "Stop now. Stand still, hold support."}"#
            ),
            (
                SessionEvent(time: 12.25, kind: .signal(.lost, reason: "no notification for 3 s")),
                #"{"t": 12.25, "event": "signal", "state": "lost", "reason": "no notification for 3 s"}"#
            ),
            (
                SessionEvent(
                    time: 3, kind: .sample(HeartRateSample(time: 3, beatsPerMinute: 114, contact: .unsupported))),
                #"{"t": 3.0, "event": "sample", "bpm": 114, "contact": "unsupported", "energy_kj": null, "rr": []}"#
            ),
            (
                SessionEvent(
                    time: 5,
                    kind: .summary(
                        SessionSummary(
                            duration: 5, samples: 2, maxBPM: 90, alarmsPerRule: ["S2": 1, "R3": 2], boutsCompleted: 0,
                            endedEarly: true, timeInZones: ["zone": 3, "below": 2], symptoms: 1, missedCheckIns: 0,
                            rpe: 13))),
                #"{"t": 5.0, "event": "summary", "duration_s": 5.0, "samples": 2, "max_bpm": 90, "alarms": {"R3": 2, "S2": 1}, "bouts_completed": 0, "ended_early": true, "time_in_zones_s": {"below": 2.0, "zone": 3.0}, "symptoms": 1, "missed_checkins": 0, "rpe": 13, "end_state": "ended_early"}"#
            ),
            (
                SessionEvent(time: 200, kind: .symptom(.kneePain, source: "key")),
                #"{"t": 200.0, "event": "symptom", "symptom": "knee_pain", "source": "key"}"#
            ),
            (
                SessionEvent(time: 242, kind: .checkIn(.missed, bout: 2)),
                #"{"t": 242.0, "event": "checkin", "answer": "missed", "bout": 2}"#
            ),
            (
                SessionEvent(time: 250, kind: .user(.acknowledge)),
                #"{"t": 250.0, "event": "user", "action": "acknowledge"}"#
            ),
            (
                SessionEvent(time: 800, kind: .rpe(13, scale: "borg")),
                #"{"t": 800.0, "event": "rpe", "value": 13, "scale": "borg"}"#
            ),
            (
                SessionEvent(
                    time: 251,
                    kind: .alert(
                        Alert(rule: "R3", priority: .high, change: .acknowledged, phrase: "alarm_r3", text: "Stop now.")
                    )
                ),
                #"{"t": 251.0, "event": "ack", "rule": "R3", "priority": "high", "text": "Stop now."}"#
            ),
            (
                SessionEvent(time: 95.3, kind: .audioFault("Audio device 'default' failed.")),
                #"{"t": 95.3, "event": "audio", "state": "fault", "reason": "Audio device 'default' failed."}"#
            ),
        ]
        for (event, line) in cases { #expect(event.jsonLine == line) }
    }

    @Test(
        "numbers and strings are formatted without Foundation",
        arguments: [
            (332.03125, 2, false, "332.03"), (730.46875, 2, false, "730.47"), (1000, 2, false, "1000.00"),
            (0.005, 2, false, "0.01"),
            (-1.5, 1, false, "-1.5"), (121, 2, true, "121.0"), (12.30, 2, true, "12.3"), (-0.001, 2, false, "0.00"),
        ])
    func fixed(value: Double, decimals: Int, trim: Bool, expected: String) {
        #expect(JSONValue.format(value, decimals: decimals, trim: trim) == expected)
    }

    @Test("numbers too large for their decimals in 64 bits are written in Swift's shortest form, not trapped on")
    func hugeNumbers() {
        #expect(JSONValue.format(6.777777777777778e19, decimals: 3, trim: true) == "6.777777777777778e+19")
        #expect(JSONValue.format(1e10, decimals: 9) == "10000000000.0")
        #expect(JSONValue.format(9.2e9, decimals: 9) == "9200000000.000000000")
        #expect(JSONValue.format(-1e300, decimals: 2) == "-1e+300")
    }

    @Test("strings are escaped")
    func escaping() {
        #expect(JSONValue.quote("a\"b\\c\nd\u{1}") == #""a\"b\\c\nd\u0001""#)
    }

    @Test("SplitMix64 is repeatable for a seed")
    func seeded() {
        var a = SplitMix64(seed: 7)
        var b = SplitMix64(seed: 7)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        var c = SplitMix64(seed: 1)
        let values = (0..<10_000).map { _ in c.nextGaussian() }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
        #expect(abs(mean) < 0.05)
        #expect(abs(variance - 1) < 0.05)
    }

    @Test("RR conversions keep raw 1/1024 s values")
    func rr() {
        #expect(RRInterval.milliseconds(fromRaw: 1024) == 1000)
        #expect(RRInterval.raw(fromMilliseconds: 332.03) == 340)
        #expect(RRInterval.raw(fromMilliseconds: 1e9) == 65535)
    }

    @Test("the manual clock only moves when told, never backwards, and never asks to be waited for")
    func manualClock() {
        let clock = ManualClock()
        #expect(clock.now == .zero)
        #expect(clock.realTime(until: .seconds(5)) == nil)
        clock.advance(to: .milliseconds(2500))
        clock.advance(by: .milliseconds(500))
        clock.advance(to: .seconds(1))
        #expect(clock.now == .seconds(3))
        #expect(clock.now.inSeconds == 3)
    }
}
