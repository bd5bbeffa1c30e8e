import ALSAOutput
import Foundation
import Logging
import RetroWalkCore
import SafetyRules
import SoundEngine
import Synchronization
import WalkCoach

/// Where a session's sound goes: live through ALSA (its own thread), or rendered on the session timeline into a
/// WAV file. When the requested ALSA device cannot be opened, the session falls back to a WAV file in the data
/// folder and says so.
final class SessionAudio: CustomStringConvertible {
    private enum Path {
        case live(ALSAPlayer, device: String)
        case render(scheduler: SoundScheduler, sink: WAVFileSink)
    }

    private var path: Path
    /// A line for the user when the session fell back to a file.
    private(set) var notice: String?

    private let logger: Logger
    private var writeFailed = false
    private let faults: FaultInbox

    private init(path: Path, notice: String?, logger: Logger, faults: FaultInbox = FaultInbox()) {
        self.path = path
        self.notice = notice
        self.logger = logger
        self.faults = faults
    }

    /// Device failures reported by the playback thread since the last call.
    func takeFaults() -> [String] { faults.take() }

    /// Loads the voice clips (from `RETROWALK_SOUNDS`, audio.yaml's `sounds` or the shipped `Sounds/`) and checks
    /// that every phrase the session can speak is there.
    ///
    /// - Throws: ``AppError`` naming the folder and the missing keys, before the session starts.
    static func loadCatalog(locator: ResourceLocator, settings: AudioSettings) throws -> ClipCatalog {
        guard let soundsDirectory = settings.soundsDirectory(locator: locator) else {
            throw AppError(
                code: .missingResource,
                message: "The voice clips (Sounds/) were not found next to the executable or in /usr/share/retrowalk. "
                    + "Set RETROWALK_SOUNDS to the folder that holds Sounds/manifest.tsv."
            )
        }
        let catalog = try ClipLibrary.load(directory: soundsDirectory)
        let missing = catalog.missingKeys(SpokenPhrases.required)
        guard missing.isEmpty else {
            throw AppError(
                code: .missingResource,
                message: "Voice clips missing in '\(soundsDirectory)': \(missing.joined(separator: ", ")). "
                    + "Regenerate them with Sounds/generate.sh or point RETROWALK_SOUNDS at a complete folder."
            )
        }
        return catalog
    }

    /// Opens the audio path; an ALSA device that cannot be opened falls back to rendering into `fallbackFile`.
    static func open(
        _ audio: SessionOptions.Audio,
        catalog: ClipCatalog,
        gains: SoundGains,
        fallbackFile: String,
        logger: Logger
    ) throws -> SessionAudio {
        switch audio {
        case .render(let file):
            let sink = try WAVFileSink(path: file, sampleRate: AudioFormat.sampleRate)
            return SessionAudio(
                path: .render(scheduler: SoundScheduler(catalog: catalog, gains: gains), sink: sink), notice: nil,
                logger: logger)
        case .device(let device):
            do {
                let faults = FaultInbox()
                let player = try ALSAPlayer(device: device, logger: logger) { fault in
                    // The alarm path is the product's last line of safety: a silent fault is itself a hazard. The
                    // session loop turns it into an `audio` event, on screen with a terminal bell.
                    logger.warning("Audio device failed", metadata: ["audio.fault": "\(fault)"])
                    faults.post(fault)
                }
                try player.start(scheduler: SoundScheduler(catalog: catalog, gains: gains))
                return SessionAudio(path: .live(player, device: device), notice: nil, logger: logger, faults: faults)
            } catch {
                let folder = (fallbackFile as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let sink = try WAVFileSink(path: fallbackFile, sampleRate: AudioFormat.sampleRate)
                return SessionAudio(
                    path: .render(scheduler: SoundScheduler(catalog: catalog, gains: gains), sink: sink),
                    notice: "\(error) Rendering the session's audio to \(fallbackFile) instead.",
                    logger: logger
                )
            }
        }
    }

    /// How the database records the audio path.
    var label: String {
        switch path {
        case .live(_, let device): "alsa:\(device)"
        case .render(_, let sink): "wav:\(sink.path)"
        }
    }

    /// For people: `ALSA device 'default'` or `WAV file /path`.
    var description: String {
        switch path {
        case .live(_, let device): "ALSA device '\(device)'"
        case .render(_, let sink): "WAV file \(sink.path)"
        }
    }

    func submit(cue: Cue) { submit(.cue(cue)) }

    /// Sounds a raised alert; a cleared or acknowledged one stops repeating. Report-only alerts (no phrase, such
    /// as C2's recovery log) make no sound.
    func submit(alert: Alert) {
        switch alert.change {
        case .raised: if !alert.phrase.isEmpty { submit(.alarm(alert)) }
        case .cleared, .acknowledged: submit(.clear(rule: alert.rule))
        }
    }

    private func submit(_ request: SoundRequest) {
        switch path {
        case .live(let player, _): player.submit(request)
        case .render(var scheduler, let sink):
            scheduler.submit(request)
            path = .render(scheduler: scheduler, sink: sink)
        }
    }

    /// Offline: renders the timeline up to `time`. Live: nothing (the ALSA thread pulls on its own).
    func advance(to time: Double) {
        guard case .render(var scheduler, let sink) = path else { return }
        let samples = scheduler.render(until: time)
        path = .render(scheduler: scheduler, sink: sink)
        do {
            try sink.write(samples)
            writeFailed = false
        } catch {
            // The file is a record, not the alarm path: the session goes on, and says so once.
            if !writeFailed { logger.error("Audio file write failed", metadata: ["audio.error": "\(error)"]) }
            writeFailed = true
        }
    }

    /// Ends the audio: lets the last words play (live) or closes the file.
    func finish(at time: Double) throws {
        switch path {
        case .live(let player, _): player.stop(lettingSoundFinishWithin: 4)  // "Session complete" is heard
        case .render(var scheduler, let sink):
            try sink.write(scheduler.render(until: time))
            try sink.close()
        }
    }
}

/// Every phrase key the session can speak, checked at start-up so that nothing is missing mid-session.
enum SpokenPhrases {
    static let required: [String] = {
        var seen: Set<String> = []
        return (CueWording.phraseKeys + RuleEngine.phraseKeys).filter { seen.insert($0).inserted }
    }()
}

/// Faults from the playback thread, collected for the session loop.
final class FaultInbox: Sendable {
    private let pending = Mutex<[String]>([])

    func post(_ fault: String) { pending.withLock { $0.append(fault) } }

    func take() -> [String] {
        pending.withLock { faults in
            defer { faults.removeAll() }
            return faults
        }
    }
}
