import Foundation
import POSIXSupport
import SoundEngine
import Testing

@testable import ALSAOutput

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

    @Test("every clip of Sounds/ is mapped, and reads exactly the samples WAV.decode reads from its file")
    func mappedEqualsDecoded() throws {
        let catalog = try ClipLibrary.load(directory: Fixtures.soundsDirectory)
        let manifest = try ClipLibrary.manifest(directory: Fixtures.soundsDirectory)
        #expect(manifest.count > 300)
        var decoded = [String: [Int16]]()
        for entry in manifest {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.soundsDirectory + "/\(entry.key).wav"))
            let samples = try WAV.decode([UInt8](bytes)).samples
            let clip = try #require(catalog.clip(for: entry.key))
            #expect(clip.isViewed, "\(entry.key)")
            #expect(clip.count == samples.count, "\(entry.key)")
            #expect(clip.withUnsafeBufferPointer { $0.elementsEqual(samples) }, "\(entry.key)")
            decoded[entry.key] = samples
        }
        #expect(catalog == ClipCatalog(clips: decoded))
        let phrase = ["heart_rate", "num_128", "zone", "num_2"]
        #expect(catalog.compose(phrase) == ClipCatalog(clips: decoded).compose(phrase))
    }

    @Test("resident keys are copied into memory at load, with the same samples")
    func residentKeys() throws {
        let catalog = try ClipLibrary.load(directory: Fixtures.soundsDirectory, residentKeys: ["alarm_r3", "nope"])
        let resident = try #require(catalog.clip(for: "alarm_r3"))
        #expect(!resident.isViewed)
        #expect(try #require(catalog.clip(for: "alarm_r1")).isViewed)
        #expect(resident.array == (try Fixtures.catalog(["alarm_r3"]).samples(for: "alarm_r3")))
    }

    /// Valid WAV files that are not the canonical 44-byte layout, by name.
    static let unusualWAVFiles: [(name: String, bytes: [UInt8])] = {
        let plain = WAV.encode(samples: [5, -5, 7])
        // A LIST chunk of odd size (padded) before the data, and a stray byte after it.
        var listed = Array(plain[0..<36])
        listed += Array("LIST".utf8) + [3, 0, 0, 0, 97, 98, 99, 0]
        listed += Array(plain[36...]) + [9]
        // A streaming writer that never patched its sizes, cut mid-sample.
        let unpatched = WAV.header(sampleRate: 16000, dataBytes: 0x7FFF_FFF0) + [1, 0, 2, 0, 3]
        // WAVE_FORMAT_EXTENSIBLE with the PCM sub-format.
        var extensible = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WAVEfmt ".utf8) + [40, 0, 0, 0]
        extensible += [0xFE, 0xFF, 1, 0, 0x80, 0x3E, 0, 0, 0x00, 0x7D, 0, 0, 2, 0, 16, 0]
        extensible += [22, 0, 16, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0x10, 0]
        extensible += [0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71]
        extensible += Array("data".utf8) + [4, 0, 0, 0, 1, 0, 0xFF, 0xFF]
        // No samples at all.
        let empty = WAV.encode(samples: [])
        return [("listed", listed), ("unpatched", unpatched), ("extensible", extensible), ("empty", empty)]
    }()

    @Test("unusual but valid WAV files map to the samples decode reads", arguments: unusualWAVFiles)
    func unusualFiles(name: String, bytes: [UInt8]) throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        try "\(name)\tText.\t0\n".write(toFile: directory + "/manifest.tsv", atomically: true, encoding: .utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/\(name).wav"))
        let catalog = try ClipLibrary.load(directory: directory)
        let clip = try #require(catalog.clip(for: name))
        #expect(clip.isViewed)
        #expect(clip.array == (try WAV.decode(bytes).samples))
    }

    @Test("samples that cannot be viewed as Int16 in place (an odd offset) are copied out instead")
    func misalignedFallsBackToCopy() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        let path = directory + "/odd.bin"
        // Three samples, little-endian, from byte 45: 0x0201, 0x0403, -2.
        try Data([UInt8](repeating: 0, count: 45) + [1, 2, 3, 4, 0xFE, 0xFF, 0]).write(to: URL(fileURLWithPath: path))
        let file = try MappedFile.map(path: path).get()
        let odd = ClipLibrary.samples(in: file, dataRange: 45..<51, resident: false)
        #expect(!odd.isViewed)
        #expect(odd.array == [0x0201, 0x0403, -2])
        let even = ClipLibrary.samples(in: file, dataRange: 46..<50, resident: false)
        #expect(even.isViewed)
        #expect(even.array == [0x0302, -0x01FC])
    }

    @Test("a loaded clip stays readable after its file is replaced or removed")
    func outlivesTheFile() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        try "hello\tHello.\t0\n".write(toFile: directory + "/manifest.tsv", atomically: true, encoding: .utf8)
        let samples = (0..<20_000).map { Int16(truncatingIfNeeded: $0 &* 7) }
        try Data(WAV.encode(samples: samples)).write(to: URL(fileURLWithPath: directory + "/hello.wav"))
        let catalog = try ClipLibrary.load(directory: directory)
        // Given the file replaced by a shorter one (a new file renamed over it), then removed
        try Data(WAV.encode(samples: [1])).write(to: URL(fileURLWithPath: directory + "/hello.wav"), options: .atomic)
        try FileManager.default.removeItem(atPath: directory + "/hello.wav")
        // Then the catalogue still reads the clip it mapped
        #expect(catalog.samples(for: "hello") == samples)
    }

    @Test("a mapped clip takes no resident memory until it is read")
    func residentOnlyWhenRead() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        try "one\tOne.\t0\ntwo\tTwo.\t0\n".write(
            toFile: directory + "/manifest.tsv", atomically: true, encoding: .utf8)
        let samples = (0..<40_000).map { Int16(truncatingIfNeeded: $0) }  // 80 KB, 20 pages
        for key in ["one", "two"] {
            try Data(WAV.encode(samples: samples)).write(to: URL(fileURLWithPath: directory + "/\(key).wav"))
        }
        let catalog = try ClipLibrary.load(directory: directory)
        #expect(try Fixtures.residentKilobytes(mapping: directory + "/one.wav") == 0)
        #expect(try Fixtures.residentKilobytes(mapping: directory + "/two.wav") == 0)
        #expect(catalog.compose(["one"]) == samples)
        #expect(try Fixtures.residentKilobytes(mapping: directory + "/one.wav") ?? 0 >= 80)
        #expect(try Fixtures.residentKilobytes(mapping: directory + "/two.wav") == 0)
    }

    @Test("the messages for missing, unreadable and unusable clips are unchanged")
    func errorMessages() throws {
        let directory = try Fixtures.makeTemporaryDirectory()
        try "hello\tHello.\t0\n".write(toFile: directory + "/manifest.tsv", atomically: true, encoding: .utf8)
        let path = directory + "/hello.wav"
        let missing = #expect(throws: AudioError.self) { try ClipLibrary.load(directory: directory) }
        #expect(
            missing?.message
                == "Voice clip '\(path)' (key 'hello') is missing. Run Sounds/generate.sh to regenerate the clips.")
        #expect((missing?.underlying as? SystemError)?.function == "open")
        try Data().write(to: URL(fileURLWithPath: path))
        let empty = #expect(throws: AudioError.self) { try ClipLibrary.load(directory: directory) }
        #expect(empty?.code == .clipUnreadable)
        #expect(
            empty?.message
                == "Voice clip '\(path)' is unusable: Data is not a RIFF/WAVE file (starts with '', 0 bytes). "
                + "Regenerate the clip with Sounds/generate.sh (mono, 16-bit PCM, 16000 Hz).")
        try Data(WAV.encode(samples: [1, 2], sampleRate: 8000)).write(to: URL(fileURLWithPath: path))
        let rate = #expect(throws: AudioError.self) { try ClipLibrary.load(directory: directory) }
        #expect(
            rate?.message
                == "Voice clip '\(path)' is 8000 Hz; the sound engine needs 16000 Hz. Run Sounds/generate.sh to "
                + "regenerate the clips.")
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        let directoryClip = #expect(throws: AudioError.self) { try ClipLibrary.load(directory: directory) }
        #expect(directoryClip?.code == .clipUnreadable)
        #expect(directoryClip?.message.hasPrefix("Voice clip '\(path)' could not be read (") == true)
        #expect(directoryClip?.message.hasSuffix("). Check its permissions or run Sounds/generate.sh.") == true)
    }
}
