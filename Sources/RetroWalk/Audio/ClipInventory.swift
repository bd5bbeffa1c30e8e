import ALSAOutput
import Foundation
import RetroWalkCore
import SoundEngine

/// `retrowalk sounds list`: the voice clips of a `Sounds/` folder, their durations, and the phrase keys the product
/// needs that have no clip.
public struct ClipInventory: Sendable, Hashable {
    /// One clip.
    public struct Clip: Sendable, Hashable {
        /// The phrase key.
        public var key: String
        /// What it says (from `manifest.tsv`).
        public var text: String
        /// Its duration in seconds, from its samples.
        public var seconds: Double
    }

    /// The folder the clips were loaded from.
    public var directory: String
    /// The clips, in manifest order.
    public var clips: [Clip]
    /// Keys that sessions speak and that have no clip; a session refuses to start while any is missing.
    public var missingRequired: [String]
    /// Keys that only `retrowalk sounds test` speaks and that have no clip (the test phrase skips them).
    public var missingOptional: [String]

    /// Loads the manifest and every clip of the folder the settings name (``AudioSettings/soundsDirectory(locator:)``).
    ///
    /// - Parameters:
    ///   - settings: The audio settings (for the `sounds` folder).
    ///   - locator: The environment and the shipped resources.
    /// - Returns: The inventory.
    /// - Throws: ``AppError`` when no folder is known, ``ALSAOutput/AudioError`` when the manifest or a clip cannot
    ///   be read.
    public static func load(settings: AudioSettings, locator: ResourceLocator) throws -> ClipInventory {
        guard let directory = settings.soundsDirectory(locator: locator) else {
            throw AppError(
                code: .missingResource,
                message: "The voice clips (Sounds/) were not found next to the executable or in /usr/share/retrowalk. "
                    + "Set 'sounds' in audio.yaml or RETROWALK_SOUNDS to the folder that holds manifest.tsv.")
        }
        let manifest = try ClipLibrary.manifest(directory: directory)
        let catalog = try ClipLibrary.load(directory: directory)
        let clips = manifest.map { entry in
            Clip(
                key: entry.key, text: entry.text,
                seconds: Double(catalog.clip(for: entry.key)?.count ?? 0) / Double(AudioFormat.sampleRate))
        }
        return ClipInventory(
            directory: directory,
            clips: clips,
            missingRequired: catalog.missingKeys(SpokenPhrases.required),
            missingOptional: catalog.missingKeys(SoundTest.phrase.phrases)
        )
    }

    /// The inventory for people: a header, one line per clip (key, duration, text), then what is missing.
    public var lines: [String] {
        let width = max(3, clips.map(\.key.count).max() ?? 0) + 2
        var lines = ["key".padding(toLength: width, withPad: " ", startingAt: 0) + "     s  text"]
        for clip in clips {
            let seconds = String(format: "%6.2f", clip.seconds)
            lines.append(clip.key.padding(toLength: width, withPad: " ", startingAt: 0) + seconds + "  " + clip.text)
        }
        let total = clips.reduce(0) { $0 + $1.seconds }
        lines.append("\(clips.count) clips, \(String(format: "%.1f", total)) s, in \(directory)")
        if missingRequired.isEmpty {
            lines.append("Every one of the \(SpokenPhrases.required.count) phrase keys sessions speak has a clip.")
        } else {
            lines.append(
                "Missing for sessions: \(missingRequired.joined(separator: ", ")). Add them to Sounds/phrases.tsv and "
                    + "run Sounds/generate.sh.")
        }
        if !missingOptional.isEmpty {
            lines.append(
                "Missing for 'retrowalk sounds test' (optional): \(missingOptional.joined(separator: ", ")).")
        }
        return lines
    }
}
