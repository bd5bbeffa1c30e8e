import ALSAOutput
import Foundation
import SoundEngine
import Testing

struct ClipLibraryTests {
    @Test("the checked-in Sounds/ folder loads, with every phrase and number 0…250")
    func loadsRealSounds() throws {
        let catalog = try ClipLibrary.load(directory: Fixtures.soundsDirectory)
        let keys = try Fixtures.phraseKeys() + (0...250).map { "num_\($0)" }
        #expect(keys.count > 250)
        #expect(catalog.missingKeys(keys).isEmpty)
        try ClipLibrary.requireClips(for: keys, in: catalog)
        for entry in try ClipLibrary.manifest(directory: Fixtures.soundsDirectory) {
            let samples = try #require(catalog.samples(for: entry.key))
            #expect(abs(samples.count / 16 - entry.durationMilliseconds) <= 1, "\(entry.key)")
            // Normalised: peaks at or below -1 dBFS, and not near silence either.
            let peak = samples.map { abs(Int($0)) }.max() ?? 0
            #expect(peak <= 29205 && peak > 8000, "\(entry.key) peak \(peak)")
        }
    }

    @Test("a manifest line without its WAV names the file and the remedy")
    func missingClip() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        try "# comment\nhello\tHello.\t500\n".write(
            toFile: directory + "/manifest.tsv", atomically: true, encoding: .utf8)
        let error = #expect(throws: AudioError.self) { try ClipLibrary.load(directory: directory) }
        #expect(error?.code == .clipMissing)
        #expect(error?.message.contains("'\(directory)/hello.wav'") == true)
        #expect(error?.message.contains("Sounds/generate.sh") == true)
    }

    @Test("a clip at the wrong rate or format is refused with the value")
    func wrongFormat() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        try "hello\tHello.\t0\nbad\tBad.\t0\n".write(
            toFile: directory + "/manifest.tsv", atomically: true, encoding: .utf8)
        try Data(WAV.encode(samples: [1, 2], sampleRate: 22050)).write(
            to: URL(fileURLWithPath: directory + "/hello.wav"))
        let rate = #expect(throws: AudioError.self) { try ClipLibrary.load(directory: directory) }
        #expect(rate?.code == .clipUnreadable)
        #expect(rate?.message.contains("22050 Hz") == true)
        try Data(WAV.encode(samples: [1, 2])).write(to: URL(fileURLWithPath: directory + "/hello.wav"))
        try Data("not a wav".utf8).write(to: URL(fileURLWithPath: directory + "/bad.wav"))
        let format = #expect(throws: AudioError.self) { try ClipLibrary.load(directory: directory) }
        #expect(format?.code == .clipUnreadable)
        #expect(format?.message.contains("bad.wav") == true)
        #expect(format?.underlying is SoundEngineError)
    }

    @Test("a malformed manifest line is reported with its number")
    func malformedManifest() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        try "ok\tOK.\t10\nbroken line\n".write(toFile: directory + "/manifest.tsv", atomically: true, encoding: .utf8)
        let error = #expect(throws: AudioError.self) { try ClipLibrary.manifest(directory: directory) }
        #expect(error?.code == .invalidManifest)
        #expect(error?.message.contains("line 2") == true)
        let none = #expect(throws: AudioError.self) { try ClipLibrary.load(directory: directory + "/nowhere") }
        #expect(none?.code == .invalidManifest)
        #expect(none?.message.contains("RETROWALK_SOUNDS") == true)
    }

    @Test("missing phrase keys are listed with the remedy")
    func requireClips() {
        let catalog = ClipCatalog(clips: ["a": [1]])
        let error = #expect(throws: AudioError.self) {
            try ClipLibrary.requireClips(for: ["a", "b", "c"], in: catalog)
        }
        #expect(error?.code == .clipMissing)
        #expect(
            error?.message
                == "No voice clip for phrase keys 'b', 'c'. Add them to Sounds/phrases.tsv and run Sounds/generate.sh.")
    }

    @Test("Sounds/ is found from RETROWALK_SOUNDS, then above the executable")
    func resolvesSoundsDirectory() throws {
        let sounds = Fixtures.soundsDirectory
        #expect(try ClipLibrary.resolveSoundsDirectory(environment: ["RETROWALK_SOUNDS": sounds + "/"]) == sounds)
        let fromBuild = try ClipLibrary.resolveSoundsDirectory(
            environment: [:], executablePath: Fixtures.packageRoot + "/.build/debug/retrowalk")
        #expect(fromBuild == sounds)
        // The test binary itself lives in the checkout's build folder.
        #expect(try ClipLibrary.resolveSoundsDirectory(environment: [:]) == sounds)
    }

    @Test("a wrong RETROWALK_SOUNDS, or nothing found, is a clear error")
    func soundsNotFound() throws {
        let bogus = #expect(throws: AudioError.self) {
            try ClipLibrary.resolveSoundsDirectory(environment: ["RETROWALK_SOUNDS": "/nonexistent/snd"])
        }
        #expect(bogus?.code == .soundsNotFound)
        #expect(bogus?.message.contains("RETROWALK_SOUNDS='/nonexistent/snd'") == true)
        let nothing = #expect(throws: AudioError.self) {
            try ClipLibrary.resolveSoundsDirectory(environment: [:], executablePath: "/nonexistent/bin/retrowalk")
        }
        #expect(nothing?.code == .soundsNotFound)
        #expect(nothing?.message.contains("/usr/share/retrowalk/Sounds") == true)
    }
}
