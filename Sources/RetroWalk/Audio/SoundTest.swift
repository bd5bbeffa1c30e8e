import ALSAOutput
import Foundation
public import Logging
public import RetroWalkCore
public import SoundEngine

/// `retrowalk sounds test`: plays a test phrase and one burst of each priority through an ALSA device, with the
/// session's sound engine (``SoundEngine/SoundScheduler`` and ``ALSAOutput/ALSAPlayer``), and waits until they
/// have played.
///
/// The phrase, "Heart rate one hundred twenty-eight, zone two.", is composed from clips as a cue is (at the speech
/// volume); then the high, medium and low bursts and the info chime follow, each at its priority's volume, with
/// ``pauseSeconds`` of silence between them. Each burst is raised and cleared at once, so it sounds once, without
/// a message.
public struct SoundTest: Sendable {
    /// One sound that played.
    public struct Played: Sendable, Hashable {
        /// `phrase`, `high`, `medium`, `low` or `info`.
        public var name: String
        /// How long it played, in seconds.
        public var seconds: Double

        /// Creates a record.
        public init(name: String, seconds: Double) {
            self.name = name
            self.seconds = seconds
        }
    }

    /// What the test played, where, and how long it took.
    public struct Report: Sendable, Hashable {
        /// The ALSA device that played it.
        public var device: String
        /// What played, in order.
        public var played: [Played]
        /// Wall-clock seconds from opening the device to its last sample played out.
        public var elapsedSeconds: Double
        /// Phrase keys of the test phrase that have no clip (skipped in the phrase).
        public var missingPhraseKeys: [String]

        /// One line: `ALSA device 'default' played the test phrase and the high, medium, low and info bursts in
        /// 9.8 s.`
        public var summary: String {
            let names = played.map(\.name)
            let bursts = names.filter { $0 != "phrase" }
            var what = names.contains("phrase") ? "the test phrase and " : ""
            what += "the " + Self.list(bursts) + " burst" + (bursts.count == 1 ? "" : "s")
            return "ALSA device '\(device)' played \(what) in \(Self.format(elapsedSeconds)) s."
        }

        /// The report for people: one line per sound, then ``summary``.
        public var lines: [String] {
            var lines = played.map { played in
                let label = played.name == "phrase" ? "phrase  \"\(SoundTest.phrase.text)\"" : played.name
                return label.padding(toLength: 58, withPad: " ", startingAt: 0) + Self.format(played.seconds) + " s"
            }
            if !missingPhraseKeys.isEmpty {
                lines.append(
                    "note    no clip for \(missingPhraseKeys.map { "'\($0)'" }.joined(separator: ", ")); the phrase "
                        + "skipped \(missingPhraseKeys.count == 1 ? "it" : "them")")
            }
            lines.append(summary)
            return lines
        }

        private static func list(_ names: [String]) -> String {
            guard names.count > 1 else { return names.first ?? "" }
            return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
        }

        private static func format(_ seconds: Double) -> String { JSONValue.format(seconds, decimals: 2) }
    }

    /// The test phrase: "Heart rate one hundred twenty-eight, zone two."
    public static let phrase = Cue(
        phrases: ["heart_rate", "num_128", "zone", "num_2"], text: "Heart rate one hundred twenty-eight, zone two.")
    /// The bursts, in the order they play.
    public static let priorities: [Priority] = [.high, .medium, .low, .info]
    /// Silence between two sounds: 0.5 s.
    public static let pauseSeconds = 0.5
    /// The longest the test waits for one sound to play: 20 s.
    static let maximumWaitSeconds = 20.0

    /// The ALSA device.
    public var device: String
    /// The voice clips.
    public var catalog: ClipCatalog
    /// The volumes.
    public var gains: SoundGains

    /// Creates a test.
    ///
    /// - Parameters:
    ///   - device: The ALSA device name.
    ///   - catalog: The voice clips the phrase is composed from; without them only the bursts play.
    ///   - gains: The volume of each priority and of speech (``AudioSettings/gains``).
    public init(device: String, catalog: ClipCatalog, gains: SoundGains) {
        self.device = device
        self.catalog = catalog
        self.gains = gains
    }

    /// Loads the voice clips for the test phrase from the folder the settings name; the bursts need none.
    ///
    /// - Parameters:
    ///   - settings: The audio settings (for the `sounds` folder).
    ///   - locator: The environment and the shipped resources.
    /// - Returns: The clips, or an empty catalogue and the reason when they cannot be loaded.
    public static func loadCatalog(
        settings: AudioSettings, locator: ResourceLocator
    ) -> (catalog: ClipCatalog, problem: String?) {
        guard let directory = settings.soundsDirectory(locator: locator) else {
            return (ClipCatalog(clips: [:]), "the voice clips (Sounds/) were not found")
        }
        do {
            return (try ClipLibrary.load(directory: directory), nil)
        } catch {
            return (ClipCatalog(clips: [:]), error.message)
        }
    }

    /// The alert whose burst the test plays for `priority`: no message, a rule of its own.
    public static func alert(_ priority: Priority) -> Alert {
        Alert(
            rule: "sounds.test.\(priority.rawValue)", priority: priority, change: .raised, phrase: "",
            text: "Test \(priority.rawValue) burst.")
    }

    /// Opens the device, plays the phrase and the bursts in order, waits for each, and closes the device.
    ///
    /// Blocks the calling thread for about 9 s (the sounds play on the player's own thread).
    ///
    /// - Parameter logger: Receives the player's logs.
    /// - Returns: What played and how long it took.
    /// - Throws: ``ALSAOutput/AudioError`` when the device cannot be opened (code `deviceUnavailable`, naming the
    ///   device and the remedy) or playback cannot start.
    public func run(logger: Logger) throws -> Report {
        let clock = ContinuousClock()
        let start = clock.now
        let player = try ALSAPlayer(device: device, logger: logger)
        try player.start(scheduler: SoundScheduler(catalog: catalog, gains: gains))
        var steps: [[SoundRequest]] = []
        let missing = catalog.missingKeys(Self.phrase.phrases)
        if missing.count < Self.phrase.phrases.count { steps.append([.cue(Self.phrase, maxDelaySeconds: 60)]) }
        for priority in Self.priorities {
            let alert = Self.alert(priority)
            // Raised and cleared at once: it sounds once and does not repeat.
            steps.append([.alarm(alert), .clear(rule: alert.rule)])
        }
        for (index, step) in steps.enumerated() {
            if index > 0 { Thread.sleep(forTimeInterval: Self.pauseSeconds) }
            _ = player.withScheduler { scheduler in
                for request in step { scheduler.submit(request) }
            }
            let deadline = clock.now + .seconds(Self.maximumWaitSeconds)
            while clock.now < deadline, player.withScheduler({ $0.isIdle }) == false {
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        player.stop()  // drains what the device still holds
        let elapsed = clock.now - start
        let log = player.withScheduler { $0.log } ?? []
        let played = log.map { entry in
            let name: String
            switch entry.item {
            case .cue: name = "phrase"
            case .alarm(let alert): name = alert.priority.rawValue
            }
            let frames = (entry.endFrame ?? entry.startFrame) - entry.startFrame
            return Played(name: name, seconds: Double(frames) / Double(AudioFormat.sampleRate))
        }
        let (seconds, attoseconds) = elapsed.components
        return Report(
            device: device, played: played, elapsedSeconds: Double(seconds) + Double(attoseconds) * 1e-18,
            missingPhraseKeys: missing)
    }
}
