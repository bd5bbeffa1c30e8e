import Foundation
import RetroWalk
import SoundEngine
import Testing

@Suite("audio.yaml")
struct AudioSettingsTests {
    static let shipped = RetroWalkBinary.packageRoot.appendingPathComponent("config/audio.yaml").path

    func write(_ yaml: String, to name: String = "audio.yaml", in folder: TemporaryFolder) throws -> String {
        let path = folder.path(name)
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The problem lines of loading `files`, or an issue when it loads.
    func problems(_ files: [String]) -> [String] {
        do {
            let settings = try AudioSettings.load(files: files)
            Issue.record("loaded: \(settings)")
            return []
        } catch {
            #expect((error as? AppError)?.code == .badConfig)
            return "\(error)".split(separator: "\n").map(String.init)
        }
    }

    @Test("the shipped config/audio.yaml holds exactly the built-in defaults")
    func shippedDefaults() throws {
        let settings = try AudioSettings.load(files: [Self.shipped])
        #expect(settings == AudioSettings())
        #expect(settings.device == "default")
        #expect(settings.sounds == nil)
        #expect(settings.volume == AudioSettings.Volume(high: 0, medium: 0, low: 0, info: -3, speech: 0))
        #expect(settings.gains.info == -3)
        #expect(try AudioSettings.load(files: []) == AudioSettings())
    }

    @Test("the user's file overrides the shipped one key by key")
    func userOverrides() throws {
        // Given the shipped defaults and a user file that sets the device and one volume
        let folder = try TemporaryFolder()
        let user = try write("device: plughw:1,0\nvolume:\n  low: -12\n  speech: -4.5\n", in: folder)
        // When both are loaded
        let settings = try AudioSettings.load(files: [Self.shipped, user])
        // Then what the user set wins and the rest keeps the shipped values
        #expect(settings.device == "plughw:1,0")
        #expect(settings.volume == AudioSettings.Volume(high: 0, medium: 0, low: -12, info: -3, speech: -4.5))
        #expect(settings.gains.low == -12 && settings.gains.speech == -4.5)
    }

    @Test("the locator reads config/audio.yaml, then $XDG_CONFIG_HOME/retrowalk/audio.yaml")
    func locatorFiles() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path("xdg/retrowalk"), withIntermediateDirectories: true)
        _ = try write("volume:\n  info: -9\n", to: "xdg/retrowalk/audio.yaml", in: folder)
        let locator = ResourceLocator(
            environment: [
                "XDG_CONFIG_HOME": folder.path("xdg"),
                "RETROWALK_CONFIG_DIR": RetroWalkBinary.packageRoot.appendingPathComponent("config").path,
            ],
            executablePath: "/nonexistent/retrowalk")
        #expect(AudioSettings.files(locator: locator) == [Self.shipped, folder.path("xdg/retrowalk/audio.yaml")])
        let settings = try AudioSettings.load(locator: locator)
        #expect(settings.volume.info == -9 && settings.volume.high == 0 && settings.device == "default")
    }

    @Test("an empty file, or a volume block with every key commented out, sets nothing")
    func emptyFiles() throws {
        let folder = try TemporaryFolder()
        let empty = try write("# nothing yet\n", to: "empty.yaml", in: folder)
        let commented = try write("volume:\n  # high: -3\n", to: "commented.yaml", in: folder)
        #expect(try AudioSettings.load(files: [Self.shipped, empty, commented]) == AudioSettings())
    }

    @Test("a relative 'sounds' folder is relative to the file; RETROWALK_SOUNDS still wins")
    func soundsFolder() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path("clips"), withIntermediateDirectories: true)
        _ = try write("", to: "clips/manifest.tsv", in: folder)
        let file = try write("sounds: clips/\n", in: folder)
        let settings = try AudioSettings.load(files: [file])
        let clips = URL(fileURLWithPath: folder.path("clips")).standardizedFileURL.path
        #expect(settings.sounds == clips)
        let plain = ResourceLocator(environment: [:], executablePath: "/nonexistent/retrowalk")
        #expect(settings.soundsDirectory(locator: plain) == clips)
        let overridden = ResourceLocator(environment: ["RETROWALK_SOUNDS": "/elsewhere"], executablePath: "/x")
        #expect(settings.soundsDirectory(locator: overridden) == "/elsewhere")
    }

    @Test(
        "a bad value or key is one line naming the file, the key path, the value and what is allowed",
        arguments: [
            ("volume:\n  high: -12\n", ["'volume.high' is '-12'", "allowed -10 to 0 dB", "floor of -10 dB"]),
            ("volume:\n  medium: -10.5\n", ["'volume.medium' is '-10.5'", "allowed -10 to 0 dB", "floor"]),
            ("volume:\n  low: -31\n", ["'volume.low' is '-31'", "allowed -30 to 0 dB"]),
            ("volume:\n  speech: 3\n", ["'volume.speech' is '3'", "allowed -30 to 0 dB"]),
            ("volume:\n  info: loud\n", ["'volume.info' is 'loud'", "a number of dB", "allowed -30 to 0 dB"]),
            ("volume:\n  low: .nan\n", ["'volume.low' is '.nan'", "allowed -30 to 0 dB"]),
            ("volume:\n  high:\n", ["'volume.high' is empty", "allowed -10 to 0 dB"]),
            ("volume:\n  low: [1, 2]\n", ["'volume.low' is a list", "allowed -30 to 0 dB"]),
            ("volume: -3\n", ["'volume' is '-3'", "high, medium, low, info, speech"]),
            ("volum:\n  high: 0\n", ["unknown key 'volum'", "a mapping", "device, sounds, volume"]),
            ("volume:\n  hihg: -3\n", ["unknown key 'volume.hihg'", "'-3'", "high, medium, low, info, speech"]),
            ("device: \"\"\n", ["'device' is ''", "ALSA PCM name", "aplay -L"]),
            ("device: [a, b]\n", ["'device' is a list", "ALSA PCM name"]),
            ("device: plug hw\n", ["'device' is 'plug hw'", "ALSA PCM name"]),
            ("sounds: nowhere\n", ["'sounds' is 'nowhere'", "/nowhere' has no manifest.tsv"]),
            ("- device\n", ["the file is a list", "device, sounds, volume"]),
            ("device: default\ndevice: null\n", ["'device' appears more than once"]),
            ("volume:\n  high: [0\n", ["not valid YAML", "line"]),
        ]
    )
    func badConfig(yaml: String, expected: [String]) throws {
        let folder = try TemporaryFolder()
        let file = try write(yaml, in: folder)
        let lines = problems([Self.shipped, file])
        #expect(lines.count == 1, "\(lines)")
        let line = try #require(lines.first)
        #expect(line.hasPrefix("Audio settings '\(file)': "), "\(line)")
        for fragment in expected { #expect(line.contains(fragment), "'\(fragment)' not in: \(line)") }
    }

    @Test("every problem of every file is reported, one line each")
    func severalProblems() throws {
        let folder = try TemporaryFolder()
        let first = try write("volume:\n  high: -11\n  low: -40\n  speech: 0\n", to: "a.yaml", in: folder)
        let second = try write("device: x\ncolour: red\n", to: "b.yaml", in: folder)
        let lines = problems([first, second])
        #expect(lines.count == 3, "\(lines)")
        #expect(lines[0].contains("a.yaml") && lines[0].contains("'volume.high' is '-11'"))
        #expect(lines[1].contains("a.yaml") && lines[1].contains("'volume.low' is '-40'"))
        #expect(lines[2].contains("b.yaml") && lines[2].contains("unknown key 'colour' (value 'red')"))
    }

    @Test("the alarm floor: -10 dB is allowed for high and medium, -30 dB for low, info and speech")
    func floorBoundaries() throws {
        let folder = try TemporaryFolder()
        let file = try write(
            "volume:\n  high: -10\n  medium: -10\n  low: -30\n  info: -30\n  speech: -30\n", in: folder)
        let settings = try AudioSettings.load(files: [file])
        #expect(settings.volume == AudioSettings.Volume(high: -10, medium: -10, low: -30, info: -30, speech: -30))
    }
}
