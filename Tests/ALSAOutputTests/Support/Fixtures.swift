import Foundation
import SoundEngine

/// Paths and temporary files for the audio tests.
enum Fixtures {
    /// The package checkout, found from this file's path.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, ALSAOutputTests, Tests, (file)
        return url.path
    }()

    /// The checked-in `Sounds/` folder.
    static var soundsDirectory: String { packageRoot + "/Sounds" }

    /// A fresh, empty temporary directory.
    static func makeTemporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("retrowalk-audio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// A catalogue of a few real clips from `Sounds/` (quicker than loading them all).
    static func catalog(_ keys: [String]) throws -> ClipCatalog {
        var clips = [String: [Int16]]()
        for key in keys {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: soundsDirectory + "/" + key + ".wav"))
            clips[key] = try WAV.decode([UInt8](bytes)).samples
        }
        return ClipCatalog(clips: clips)
    }

    /// The phrase keys of `Sounds/phrases.tsv`.
    static func phraseKeys() throws -> [String] {
        let text = try String(contentsOfFile: soundsDirectory + "/phrases.tsv", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let key = line.split(separator: "\t").first, !key.isEmpty else { return nil }
            return String(key)
        }
    }
}
