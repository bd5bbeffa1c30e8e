import Foundation
import RetroWalkCore
import RetroWalkTesting
import StrapProtocol
import Testing

/// `retrowalk replay` and `retrowalk analyze` through the binary, on recordings written in the formats users have.
@Suite("replay and analyze")
struct ReplayCommandTests {
    /// A recording of `seconds` at a steady rate with `events` injected, as the project CSV in `folder`.
    static func recording(
        _ folder: TemporaryFolder, name: String = "rec.csv", seconds: Double, bpm: Double = 100,
        events: [(time: Double, event: SyntheticRR.Event)] = []
    ) throws -> (path: String, beats: [SyntheticRR.Beat]) {
        var generator = SyntheticRR(seed: 7)
        let beats = generator.beats(to: seconds, course: .steady(bpm), events: events)
        let samples = SyntheticRR.notifications(for: beats, to: seconds)
        let path = folder.path(name)
        try RecordingCSV.render(samples).write(toFile: path, atomically: true, encoding: .utf8)
        return (path, beats)
    }

    func replay(_ arguments: [String]) throws -> (output: RetroWalkBinary.Output, events: [EventLine]) {
        let output = try RetroWalkBinary.run(["replay"] + arguments + ["--json"])
        return (output, output.lines.compactMap(EventLine.init))
    }

    @Test("a 3.5 s pause in a CSV recording raises R6 (high) within 1 s; one walking phase; summary last")
    func pauseRaisesR6() throws {
        // Given 3 minutes at 100 bpm with one 3.5 s interval at 90 s
        let folder = try TemporaryFolder()
        let (path, _) = try Self.recording(folder, seconds: 180, events: [(90, .interval(milliseconds: 3500))])
        // When it is replayed without a plan
        let (output, events) = try replay([path])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        // Then the whole recording is one walking phase, R6 is raised once within a second of the pause's end
        #expect(events.first?.event == "phase" && events.first?["phase"] as? String == "walking")
        let r6 = try #require(events.first { $0.event == "alarm" && $0["rule"] as? String == "R6" })
        #expect(r6["priority"] as? String == "high")
        #expect(r6.text == "Stop. Sit down now.")
        #expect(r6.time >= 90 && r6.time <= 95)
        #expect(events.filter { $0.event == "alarm" }.map { $0["rule"] as? String } == ["R6"])
        // And no sample lines unless asked; the summary is last, with the count per rule and the time in zones
        #expect(!events.contains { $0.event == "sample" })
        let summary = try #require(events.last)
        #expect(summary.event == "summary")
        #expect((summary["alarms"] as? [String: Int]) == ["R6": 1])
        let zones = try #require(summary["time_in_zones_s"] as? [String: Double])
        #expect(abs(zones.values.reduce(0, +) - summary.time) < 1)
    }

    @Test("a clean half hour gives no alarm, from the CSV and from the same beats as RR text")
    func cleanRecording() throws {
        let folder = try TemporaryFolder()
        let (csv, beats) = try Self.recording(folder, seconds: 1800, bpm: 95)
        let text = folder.path("rec.txt")
        try beats.map { String(format: "%.1f", $0.rrMilliseconds) }.joined(separator: "\n")
            .write(toFile: text, atomically: true, encoding: .utf8)
        for path in [csv, text] {
            let (output, events) = try replay([path])
            #expect(output.status == 0, "stderr: \(output.stderr)")
            #expect(!events.contains { $0.event == "alarm" }, "\(path)")
            #expect(events.last.map { abs($0.time - 1800) < 2 } == true)
        }
    }

    @Test("replay --plan runs the plan's timeline over the recording, as walk does")
    func withPlan() throws {
        let folder = try TemporaryFolder()
        let (path, _) = try Self.recording(folder, seconds: 800, bpm: 100)
        let (output, events) = try replay([path, "--plan", "beginner"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let phases = events.filter { $0.event == "phase" }.map { "\(Int($0.time)) \($0["phase"] as? String ?? "")" }
        #expect(phases.prefix(3) == ["0 warmup", "120 backward", "180 recovery"])
        #expect(phases.last == "780 done")
        let turnAround = events.filter { $0.event == "cue" && $0["cue"] as? String == "turn_around" }.map(\.time)
        #expect(turnAround == [110, 230, 350, 470, 590])
        // The simulated walker answers each check-in
        #expect(events.filter { $0.event == "checkin" }.count == 5)
    }

    @Test("scripted keys in a replay: dizzy mid-bout pauses the plan and raises U1")
    func keysInReplay() throws {
        let folder = try TemporaryFolder()
        let (path, _) = try Self.recording(folder, seconds: 400, bpm: 100)
        let (_, events) = try replay([path, "--plan", "beginner", "--keys", "dizzy@150,ack@160,end@170"])
        #expect(events.contains { $0.event == "symptom" && $0.time == 150 })
        #expect(events.contains { $0.event == "alarm" && $0["rule"] as? String == "U1" })
        #expect(events.contains { $0.event == "phase" && $0["phase"] as? String == "paused" && $0.time == 150 })
        #expect(events.contains { $0.event == "phase" && $0["phase"] as? String == "cooldown" && $0.time == 170 })
    }

    @Test("an unreadable or unknown file is one line naming it and the accepted formats")
    func badFiles() throws {
        let folder = try TemporaryFolder()
        var output = try RetroWalkBinary.run(["replay", folder.path("missing.csv")])
        #expect(output.status == 1)
        #expect(output.stderr.hasPrefix("retrowalk: Recording '\(folder.path("missing.csv"))' could not be read."))
        let gpx = folder.path("track.gpx")
        try "<?xml version=\"1.0\"?><gpx></gpx>\n".write(toFile: gpx, atomically: true, encoding: .utf8)
        output = try RetroWalkBinary.run(["replay", gpx])
        #expect(output.status == 1)
        #expect(output.stderr.split(separator: "\n").count == 1)
        #expect(output.stderr.contains("track.gpx"))
    }

    @Test("analyze --json: mean HR, HRV and the injected ectopic beats of a recording")
    func analyze() throws {
        // Given 10 minutes at 75 bpm with three premature beats
        let folder = try TemporaryFolder()
        let (path, _) = try Self.recording(
            folder, seconds: 600, bpm: 75,
            events: [
                (100, .premature(prematurity: 0.7)), (300, .premature(prematurity: 0.7)),
                (500, .premature(prematurity: 0.7)),
            ])
        let output = try RetroWalkBinary.run(["analyze", path, "--json"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let result = try #require(output.lines.first.flatMap(EventLine.init))
        let meanHR = try #require(result["mean_hr_bpm"] as? Double)
        #expect(abs(meanHR - 75) < 1.5)
        #expect(result["ectopic"] as? Int == 3)
        #expect((result["rmssd_ms"] as? Double ?? 0) > 5)
        let r8 = try #require(result["r8"] as? [String: Any])
        #expect(r8["af_like"] as? Bool == false)
        // And a TCX file has no RR: analyze says so
        let tcx = folder.path("run.tcx")
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>
        <Activity Sport="Other"><Id>2026-11-20T10:00:00Z</Id><Lap StartTime="2026-11-20T10:00:00Z"><Track>
        <Trackpoint><Time>2026-11-20T10:00:00Z</Time><HeartRateBpm><Value>90</Value></HeartRateBpm></Trackpoint>
        <Trackpoint><Time>2026-11-20T10:00:01Z</Time><HeartRateBpm><Value>91</Value></HeartRateBpm></Trackpoint>
        </Track></Lap></Activity></Activities></TrainingCenterDatabase>
        """.write(toFile: tcx, atomically: true, encoding: .utf8)
        let noRR = try RetroWalkBinary.run(["analyze", tcx])
        #expect(noRR.status == 1)
        #expect(noRR.stderr.contains("has no RR intervals"))
        // And replay reads it (HR only)
        let replayed = try RetroWalkBinary.run(["replay", tcx, "--json"])
        #expect(replayed.status == 0, "stderr: \(replayed.stderr)")
        #expect(replayed.lines.last?.contains("\"event\": \"summary\"") == true)
    }
}
