import ALSAOutput
import Foundation
import RetroWalkCore
import SoundEngine
import Testing

/// `retrowalk sounds test|list` and audio.yaml in sessions, through the real binary and real libasound.
@Suite("retrowalk sounds", .serialized, .timeLimit(.minutes(2)))
struct SoundsCommandTests {
    let clips = try! ClipLibrary.load(directory: RetroWalkBinary.packageRoot.appendingPathComponent("Sounds").path)

    /// A folder with `xdg/retrowalk/audio.yaml` holding `yaml`, for `XDG_CONFIG_HOME`.
    func userConfig(_ yaml: String, in folder: TemporaryFolder) throws -> [String: String] {
        try FileManager.default.createDirectory(atPath: folder.path("xdg/retrowalk"), withIntermediateDirectories: true)
        try yaml.write(toFile: folder.path("xdg/retrowalk/audio.yaml"), atomically: true, encoding: .utf8)
        return ["XDG_CONFIG_HOME": folder.path("xdg")]
    }

    @Test("sounds test plays the phrase, then the high, medium, low and info bursts, through audio.yaml's device")
    func soundsTest() throws {
        // Given an ALSA PCM 'recorder' that writes a WAV file, named as the device in the user's audio.yaml
        let folder = try TemporaryFolder()
        let recorded = folder.path("recorded.wav")
        let alsa = folder.path("asound.conf")
        try "pcm.recorder { type file; slave.pcm \"null\"; file \"\(recorded)\"; format \"wav\" }\n"
            .write(toFile: alsa, atomically: true, encoding: .utf8)
        var environment = try userConfig("device: recorder\nvolume:\n  info: 0\n", in: folder)
        environment["ALSA_CONFIG_PATH"] = "/usr/share/alsa/alsa.conf:\(alsa)"
        // When the sound test runs
        let output = try RetroWalkBinary.run(["sounds", "test"], environment: environment)
        // Then it says which device played what, and how long it took
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let summary = try #require(output.lines.last)
        #expect(
            summary.hasPrefix(
                "ALSA device 'recorder' played the test phrase and the high, medium, low and info bursts in "))
        #expect(output.lines.first?.contains("Heart rate one hundred twenty-eight, zone two.") == true)
        // And the recording holds the phrase's clips in order, then each burst exactly, in priority order
        let audio = try WAV.decode(Array(try Data(contentsOf: URL(fileURLWithPath: recorded))))
        #expect(audio.sampleRate == 16000)
        var position = 0
        for key in ["heart_rate", "num_128", "zone", "num_2"] {
            let clip = try #require(clips.samples(for: key))
            let found = try #require(
                WAVSearch.firstOccurrence(of: Array(clip.prefix(1600)), in: audio.samples, from: position),
                "clip \(key) missing after sample \(position)")
            #expect(Array(audio.samples[found..<(found + clip.count)]) == clip)
            position = found + clip.count
        }
        for priority in [Priority.high, .medium, .low, .info] {
            let burst = AlarmTone.burst(priority)
            let found = try #require(
                WAVSearch.firstOccurrence(of: Array(burst.prefix(800)), in: audio.samples, from: position),
                "\(priority) burst missing after sample \(position)")
            #expect(Array(audio.samples[found..<(found + burst.count)]) == burst, "\(priority) burst is exact")
            position = found + burst.count
        }
    }

    @Test("sounds test on a device that does not exist fails with one line and status 1")
    func missingDevice() throws {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run(
            ["sounds", "test", "--audio-device", "nosuchdevice"], environment: try userConfig("", in: folder))
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        let lines = output.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(output.stderr)")
        #expect(lines.first?.contains("Audio device 'nosuchdevice' could not be opened") == true)
        #expect(lines.first?.contains("aplay -L") == true)
    }

    @Test("a bad audio.yaml stops sounds test and a session before they start, one line per problem")
    func badSettings() throws {
        let folder = try TemporaryFolder()
        let environment = try userConfig("volume:\n  high: -20\n  loudness: 3\n", in: folder)
        for arguments in [
            ["sounds", "test", "--audio-device", "null"],
            [
                "walk", "--simulate", "--speed", "max", "--db", folder.path("s.sqlite"), "--render-audio",
                folder.path("s.wav"),
            ],
        ] {
            let output = try RetroWalkBinary.run(arguments, environment: environment)
            #expect(output.status == 1)
            let lines = output.stderr.split(separator: "\n")
            #expect(lines.count == 2, "\(output.stderr)")
            #expect(lines.first?.contains("'volume.high' is '-20'; allowed -10 to 0 dB") == true)
            #expect(lines.last?.contains("unknown key 'volume.loudness'") == true)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("s.sqlite")), "no session was recorded")
    }

    @Test("a session plays speech at audio.yaml's speech volume and uses its device unless --audio-device is given")
    func sessionUsesSettings() throws {
        // Given speech at -6 dB and a device that does not exist in the user's audio.yaml
        let folder = try TemporaryFolder()
        var environment = try userConfig("device: nosuchdevice\nvolume:\n  speech: -6\n", in: folder)
        environment["XDG_DATA_HOME"] = folder.path("data")
        let arguments = ["walk", "--simulate", "--speed", "max", "--duration", "5", "--db", folder.path("s.sqlite")]
        // When a session renders its audio
        let wav = folder.path("s.wav")
        let rendered = try RetroWalkBinary.run(arguments + ["--render-audio", wav], environment: environment)
        #expect(rendered.status == 0, "stderr: \(rendered.stderr)")
        // Then the first cue is the clip at half amplitude
        let audio = try WAV.decode(Array(try Data(contentsOf: URL(fileURLWithPath: wav)))).samples
        let clip = try #require(clips.samples(for: "warmup_start"))
        #expect(WAVSearch.firstOccurrence(of: Array(clip.prefix(1600)), in: audio) == nil)
        #expect(
            WAVSearch.firstOccurrence(of: Array(SoundGains.apply(clip, decibels: -6).prefix(1600)), in: audio) != nil)
        // And live, the device comes from audio.yaml (it fails, so the session falls back to a file and says so)
        let live = try RetroWalkBinary.run(arguments, environment: environment)
        #expect(live.status == 0, "stderr: \(live.stderr)")
        #expect(live.stderr.contains("'nosuchdevice'"))
        // While --audio-device overrides it
        let overridden = try RetroWalkBinary.run(arguments + ["--audio-device", "null"], environment: environment)
        #expect(overridden.status == 0, "stderr: \(overridden.stderr)")
        #expect(overridden.stdout.contains("audio: ALSA device 'null'"))
    }

    @Test("sounds list prints every clip with its duration and says nothing is missing")
    func list() throws {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run(["sounds", "list"], environment: try userConfig("", in: folder))
        #expect(output.status == 0, "stderr: \(output.stderr)")
        // The duration comes from the manifest the clips were generated with
        let manifest = try String(
            contentsOf: RetroWalkBinary.packageRoot.appendingPathComponent("Sounds/manifest.tsv"),
            encoding: .utf8
        )
        let entry = try #require(manifest.split(separator: "\n").first { $0.hasPrefix("turn_around\t") })
        let milliseconds = try #require(Int(entry.split(separator: "\t")[2]))
        let seconds = JSONValue.format(Double(milliseconds) / 1000, decimals: 2)
        #expect(output.lines.contains { $0.hasPrefix("turn_around") && $0.contains("\(seconds)  Turn around.") })
        #expect(output.lines.contains { $0.hasPrefix("heart_rate") })
        #expect(output.lines.last?.hasPrefix("Every one of the") == true)
    }

    @Test("sounds list reports the phrase keys sessions need that have no clip, and exits 1")
    func listMissing() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path("clips"), withIntermediateDirectories: true)
        try Data(WAV.encode(samples: [1, 2, 3], sampleRate: 16000))
            .write(to: URL(fileURLWithPath: folder.path("clips/turn_around.wav")))
        try "turn_around\tTurn around.\t0\n".write(
            toFile: folder.path("clips/manifest.tsv"), atomically: true, encoding: .utf8)
        let output = try RetroWalkBinary.run(
            ["sounds", "list"],
            environment: try userConfig("sounds: ../../clips\n", in: folder).merging(["RETROWALK_SOUNDS": ""]) { $1 })
        #expect(output.status == 1)
        #expect(output.lines.contains { $0.hasPrefix("turn_around") })
        #expect(output.lines.contains { $0.hasPrefix("Missing for sessions: warmup_start, halfway") })
        #expect(output.lines.last?.contains("heart_rate, num_128, zone, num_2") == true)
    }
}
