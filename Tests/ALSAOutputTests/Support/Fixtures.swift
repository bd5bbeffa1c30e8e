import Foundation
import SoundEngine
import Testing

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

    /// The resident memory of this process's mappings of `path`, in kB (the `Rss:` lines of `/proc/self/smaps`),
    /// or `nil` when the process does not map it.
    static func residentKilobytes(mapping path: String) throws -> Int? {
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        defer { try? handle.close() }
        let smaps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var total: Int?
        var inMapping = false
        for line in smaps.split(separator: "\n") {
            if let first = line.first, first.isHexDigit, line.contains("-") {
                inMapping = line.hasSuffix(" " + path)
            } else if inMapping, line.hasPrefix("Rss:") {
                total = (total ?? 0) + (Int(line.split(separator: " ")[1]) ?? 0)
            }
        }
        return total
    }
}
