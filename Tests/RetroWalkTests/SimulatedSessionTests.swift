import ALSAOutput
import Foundation
import RetroWalkCore
import SoundEngine
import Testing

/// End-to-end sessions on the simulated strap: the real binary, real ATT bytes over a socketpair, the real
/// database, and audio either rendered on the session timeline or played through real libasound.
@Suite("Simulated sessions", .serialized, .timeLimit(.minutes(3)))
struct SimulatedSessionTests {
    let clips = try! ClipLibrary.load(directory: RetroWalkBinary.packageRoot.appendingPathComponent("Sounds").path)

    func runSession(
        _ scenario: String, extra: [String] = [], environment: [String: String] = [:], in folder: TemporaryFolder
    ) throws
        -> (events: [EventLine], output: RetroWalkBinary.Output)
    {
        let output = try RetroWalkBinary.run(
            ["walk", "--simulate", scenario, "--json", "--db", folder.path("s.sqlite")] + extra,
            environment: ["XDG_DATA_HOME": folder.path("data")].merging(environment) { $1 }
        )
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let events = output.lines.compactMap(EventLine.init)
        #expect(events.count == output.lines.count, "every stdout line is a JSON event")
        return (events, output)
    }

    @Test("steady: the beginner plan end to end, in order, with no alarm, stored and rendered")
    func steadySession() throws {
        // Given the default plan on the steady simulated strap, as fast as possible, audio rendered to a file
        let folder = try TemporaryFolder()
        let wav = folder.path("steady.wav")
        // When the session runs
        let (events, _) = try runSession("steady", extra: ["--speed", "max", "--render-audio", wav], in: folder)
        // Then the link comes up and samples flow once a second with RR
        #expect(events.first?.event == "signal")
        #expect(events.first?["state"] as? String == "connecting")
        let connected = try #require(events.first { $0.event == "signal" && $0["state"] as? String == "connected" })
        #expect(connected.time <= 1)  // with the first notification
        let samples = events.filter { $0.event == "sample" }
        #expect(samples.count >= 775 && samples.count <= 790)
        #expect(samples.allSatisfy { $0["contact"] as? String == "detected" })
        // And the phases come in plan order at the planned times
        let phases = events.filter { $0.event == "phase" }.map { "\(Int($0.time.rounded())) \($0["phase"] as! String)" }
        #expect(
            phases == [
                "0 warmup", "120 backward", "180 recovery", "240 backward", "300 recovery", "360 backward",
                "420 recovery",
                "480 backward", "540 recovery", "600 backward", "660 cooldown", "780 done",
            ]
        )
        // And backward bouts run 10–15 % above forward walking at the same speed: the end of bout 3 against the
        // end of the warm-up (both near steady state; a recovery is still falling from the bout before it)
        func meanBPM(_ range: ClosedRange<Double>) -> Double {
            let values = samples.filter { range.contains($0.time) }.compactMap { $0["bpm"] as? Int }
            return Double(values.reduce(0, +)) / Double(values.count)
        }
        let backward = meanBPM(405...419)
        let forward = meanBPM(100...119)
        #expect(backward / forward > 1.08 && backward / forward < 1.17, "backward \(backward), forward \(forward)")
        // And no alarm
        #expect(!events.contains { $0.event == "alarm" })
        let summary = try #require(events.last)
        #expect(summary.event == "summary")
        #expect(summary["bouts_completed"] as? Int == 5)
        #expect(summary["ended_early"] as? Bool == false)
        // And the rendered audio covers the session's timeline, with each cue where the timeline put it
        let audio = try WAV.decode(Array(try Data(contentsOf: URL(fileURLWithPath: wav))))
        #expect(audio.sampleRate == 16000)
        let seconds = Double(audio.samples.count) / 16000
        #expect(seconds > 780 && seconds < 790)
        let warmup = try #require(clips.samples(for: "warmup_start"))
        #expect(
            WAVSearch.firstOccurrence(of: warmup, in: audio.samples).map { Double($0) / 16000 }.map { $0 < 0.2 } == true
        )
    }

    @Test("ceiling: HR crosses the hard ceiling in bout 3; R3 is raised within 6 s, the bouts stop, the burst sounds")
    func ceilingSession() throws {
        let folder = try TemporaryFolder()
        let wav = folder.path("ceiling.wav")
        let (events, _) = try runSession("ceiling", extra: ["--speed", "max", "--render-audio", wav], in: folder)
        let samples = events.filter { $0.event == "sample" }
        // The first time HR reaches the hard ceiling (154 bpm for the default profile)
        let crossing = try #require(samples.first { ($0["bpm"] as? Int ?? 0) >= 154 })
        #expect(crossing.time > 360 && crossing.time < 420, "during bout 3")
        // R2 (near ceiling, medium) may come first; R3 is raised within its 5 s persistence (+ the display HR's lag)
        let alarm = try #require(events.first { $0.event == "alarm" && $0["rule"] as? String == "R3" })
        #expect(alarm["priority"] as? String == "high")
        #expect(alarm.text == "Stop now. Stand still, hold support.")
        #expect(alarm.time >= crossing.time && alarm.time <= crossing.time + 6 + 2)
        // The plan pauses at once and the backward-on-a-treadmill script is spoken; the simulated walker
        // acknowledges and ends the session, so the cool-down follows and bout 4 never starts
        let paused = try #require(events.first { $0.event == "phase" && $0["phase"] as? String == "paused" })
        #expect(abs(paused.time - alarm.time) < 0.01)
        #expect(events.contains { $0.event == "cue" && $0["cue"] as? String == "safe_stop" && $0.time == alarm.time })
        let cooldown = try #require(events.first { $0.event == "phase" && $0["phase"] as? String == "cooldown" })
        #expect(cooldown.time > alarm.time && cooldown.time < alarm.time + 15)
        #expect(!events.contains { $0.event == "phase" && $0["bout"] as? Int == 4 })
        // HR falls and R3 clears
        let clear = try #require(events.first { $0.event == "clear" && $0["rule"] as? String == "R3" })
        #expect(clear.time > alarm.time + 10)
        let summary = try #require(events.last)
        #expect(summary["ended_early"] as? Bool == true)
        #expect((summary["alarms"] as? [String: Int])?["R3"] == 1)
        // The high-priority burst is in the rendered audio right at the alarm's time
        let audio = try WAV.decode(Array(try Data(contentsOf: URL(fileURLWithPath: wav))))
        let burst = AlarmTone.burst(.high)
        // (searched from just before the alarm: R2's medium burst earlier starts with the same first pulse)
        let from = Int((alarm.time - 0.5) * 16000)
        let at = try #require(WAVSearch.firstOccurrence(of: Array(burst.prefix(800)), in: audio.samples, from: from))
        #expect(abs(Double(at) / 16000 - alarm.time) < 0.15)
    }

    @Test("the same seed gives the same session")
    func deterministic() throws {
        let folder = try TemporaryFolder()
        let first = try runSession(
            "steady", extra: ["--speed", "max", "--render-audio", folder.path("a.wav"), "--duration", "200"], in: folder
        )
        let second = try runSession(
            "steady", extra: ["--speed", "max", "--render-audio", folder.path("b.wav"), "--duration", "200"], in: folder
        )
        #expect(first.output.stdout == second.output.stdout)
    }

    @Test("through real libasound: ALSA's file plugin records the session's cues in plan order and the R3 burst")
    func alsaFilePlugin() throws {
        // Given an ALSA configuration whose default PCM writes a WAV file (no sound card needed)
        let folder = try TemporaryFolder()
        let recorded = folder.path("alsa.wav")
        let config = folder.path("asound.conf")
        try "pcm.!default { type file; slave.pcm \"null\"; file \"\(recorded)\"; format \"wav\" }\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        // When the ceiling scenario plays live at 15x speed through ALSAOutput
        let (events, output) = try runSession(
            "ceiling",
            extra: ["--speed", "15"],
            environment: ["ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf:\(config)"],
            in: folder
        )
        #expect(output.stderr.contains("audio: ALSA device 'default'"))
        // Then the file holds the first cues in plan order (at 15x the speech of a whole bout cannot keep up with
        // the session clock, so later routine cues go stale and are dropped, as they would if they came too late)
        let audio = try WAV.decode(Array(try Data(contentsOf: URL(fileURLWithPath: recorded))))
        var position = 0
        for key in ["warmup_start", "turn_around", "backward_for"] {
            let clip = try #require(clips.samples(for: key))
            let found = try #require(
                WAVSearch.firstOccurrence(of: Array(clip.prefix(1600)), in: audio.samples, from: position),
                "cue \(key) missing after sample \(position)"
            )
            position = found + 1
        }
        // And the high-priority burst comes later, after HR crossed the ceiling, followed by the safe-stop script
        // ("Hold the rails. Slow the belt. …"), which is spoken between the bursts, never cut by them
        let burst = try #require(
            WAVSearch.firstOccurrence(of: Array(AlarmTone.burst(.high).prefix(800)), in: audio.samples, from: position))
        let rails = try #require(clips.samples(for: "safe_stop_rails"))
        let script = try #require(WAVSearch.firstOccurrence(of: rails, in: audio.samples, from: burst))
        #expect(script > burst)
        #expect(events.contains { $0.event == "alarm" && $0["rule"] as? String == "R3" })
    }
}

/// Finds a clip inside a recording, sample for sample (both are 16 kHz mono 16-bit; nothing resamples).
enum WAVSearch {
    static func firstOccurrence(of needle: [Int16], in haystack: [Int16], from start: Int = 0) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
