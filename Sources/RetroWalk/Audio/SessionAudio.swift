import ALSAOutput
import Foundation
import Logging
import RetroWalkCore
import SafetyRules
import SessionEngine
import SoundEngine
import Synchronization
import WalkCoach

/// Where a session's sound goes: live through ALSA (the player's own thread), or rendered on the session timeline
/// into a WAV file (a thread of its own). When the requested ALSA device cannot be opened, the session falls back to
/// a WAV file in the data folder and says so.
///
/// Either way the session's thread only hands requests over: it never waits for the device, the disk or the
/// scheduler's lock.
final class SessionAudio: CustomStringConvertible, Sendable {
    private enum Path: Sendable {
        case live(ALSAPlayer, device: String)
        case render(SinkQueue<RenderItem>, renderer: WAVRenderer)
    }

    fileprivate enum RenderItem: Sendable {
        case request(SoundRequest, at: Double)
        case advance(to: Double)
    }

    private let path: Path
    /// A line for the user when the session fell back to a file.
    let notice: String?
    private let lastAdvance = Mutex(-Double.infinity)

    private init(path: Path, notice: String?) {
        self.path = path
        self.notice = notice
    }

    /// Loads the voice clips (from `RETROWALK_SOUNDS`, audio.yaml's `sounds` or the shipped `Sounds/`) and checks
    /// that every phrase the session can speak is there.
    ///
    /// The clips are mapped, not read (``ALSAOutput/ClipLibrary/load(directory:residentKeys:)``): only those a
    /// session says take memory. The rules' messages (``SafetyRules/RuleEngine/phraseKeys``, 19 clips, 1.3 MB) are
    /// the exception, copied into memory at load: an alarm's samples are prepared on the session's thread before
    /// its burst starts, and must never wait for a page of its message to be read back from disk.
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
        let catalog = try ClipLibrary.load(directory: soundsDirectory, residentKeys: RuleEngine.phraseKeys)
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
    ///
    /// - Parameter reporter: Where device failures during the session are reported (an `audio` event: an alarm
    ///   that cannot be heard must at least be seen).
    static func open(
        _ audio: SessionOptions.Audio,
        catalog: ClipCatalog,
        gains: SoundGains,
        fallbackFile: String,
        reporter: any OutputReporter,
        logger: Logger,
        latencies: LatencyLog? = nil
    ) throws -> SessionAudio {
        let scheduler = SoundScheduler(catalog: catalog, gains: gains)
        switch audio {
        case .render(let file):
            return SessionAudio(path: try render(scheduler, to: file, logger: logger), notice: nil)
        case .device(let device):
            do {
                let handOver: (@Sendable (SoundRequest, Duration?) -> Void)? =
                    if let latencies { { request, latency in latencies.record(request, latency) } } else { nil }
                let player = try ALSAPlayer(
                    device: device, logger: logger,
                    onFault: { fault in
                        logger.warning("Audio device failed", metadata: ["audio.fault": "\(fault)"])
                        reporter.report(.audioFault(fault))
                    },
                    onHandOver: handOver)
                try player.start(scheduler: scheduler)
                return SessionAudio(path: .live(player, device: device), notice: nil)
            } catch {
                let folder = (fallbackFile as NSString).deletingLastPathComponent
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                return SessionAudio(
                    path: try render(scheduler, to: fallbackFile, logger: logger),
                    notice: "\(error) Rendering the session's audio to \(fallbackFile) instead.")
            }
        }
    }

    private static func render(_ scheduler: SoundScheduler, to file: String, logger: Logger) throws -> Path {
        let renderer = WAVRenderer(
            scheduler: scheduler, sink: try WAVFileSink(path: file, sampleRate: AudioFormat.sampleRate),
            logger: logger)
        // Sound is never dropped: the queue holds far more than a session submits.
        let queue = SinkQueue<RenderItem>(name: "audio-file", capacity: 1 << 22) { batch in renderer.take(batch) }
        return .render(queue, renderer: renderer)
    }

    /// How the database records the audio path.
    var label: String {
        switch path {
        case .live(_, let device): "alsa:\(device)"
        case .render(_, let renderer): "wav:\(renderer.path)"
        }
    }

    /// For people: `ALSA device 'default'` or `WAV file /path`.
    var description: String {
        switch path {
        case .live(_, let device): "ALSA device '\(device)'"
        case .render(_, let renderer): "WAV file \(renderer.path)"
        }
    }

    /// Hands a request over at session time `time`; never waits.
    /// - Parameter origin: When the input that caused it was read (the latency benchmark), if known.
    func submit(_ request: SoundRequest, at time: Duration, origin: ContinuousClock.Instant? = nil) {
        switch path {
        case .live(let player, _): player.submit(request, origin: origin)
        case .render(let queue, _): queue.offer(.request(request, at: time.inSeconds))
        }
    }

    /// The session clock reached `time`: a rendered file grows with it (once a second), so that a session that
    /// dies still leaves its audio up to then.
    func advance(to time: Duration) {
        guard case .render(let queue, _) = path else { return }
        let seconds = time.inSeconds
        let due = lastAdvance.withLock { last -> Bool in
            guard seconds - last >= 1 else { return false }
            last = seconds
            return true
        }
        if due { queue.offer(.advance(to: seconds)) }
    }

    /// Ends the audio at session time `time`: lets the last words play (live, within 4 s: "Session complete" is
    /// heard, and an alarm burst that is sounding finishes), or renders up to `time` and closes the file.
    ///
    /// - Throws: `AudioError` when the file cannot be finished.
    func finish(at time: Duration) throws {
        switch path {
        case .live(let player, _):
            player.stop(lettingSoundFinishWithin: 4)
        case .render(let queue, let renderer):
            queue.offer(.advance(to: time.inSeconds))
            queue.closeAndWait(timeout: .seconds(60))
            try renderer.close()
        }
    }

    /// The file renderer: the scheduler on the session timeline, on the render queue's thread.
    final class WAVRenderer: @unchecked Sendable {
        private var scheduler: SoundScheduler
        private let sink: WAVFileSink
        private let logger: Logger
        private var writeFailed = false
        let path: String

        init(scheduler: SoundScheduler, sink: WAVFileSink, logger: Logger) {
            self.scheduler = scheduler
            self.sink = sink
            self.logger = logger
            path = sink.path
        }

        fileprivate func take(_ batch: SinkQueue<RenderItem>.Batch) {
            for item in batch.items {
                switch item {
                case .request(let request, let time):
                    write(scheduler.render(until: time))
                    scheduler.submit(request)
                case .advance(let time):
                    write(scheduler.render(until: time))
                }
            }
        }

        private func write(_ samples: [Int16]) {
            do {
                try sink.write(samples)
                writeFailed = false
            } catch {
                // The file is a record, not the alarm path: the session goes on, and says so once.
                if !writeFailed { logger.error("Audio file write failed", metadata: ["audio.error": "\(error)"]) }
                writeFailed = true
            }
        }

        /// Closes the file (after the queue has drained).
        func close() throws { try sink.close() }
    }
}

/// Every phrase key the session can speak, checked at start-up so that nothing is missing mid-session.
enum SpokenPhrases {
    static let required: [String] = {
        var seen: Set<String> = []
        // The remote commands (clinic dashboard) are said with recorded words: "remote_acknowledged", "remote_cooldown".
        return (CueWording.phraseKeys + RuleEngine.phraseKeys + ["remote_acknowledged", "remote_cooldown"]).filter {
            seen.insert($0).inserted
        }
    }()
}

/// Alarm latencies of a live session (`RETROWALK_BENCH_LATENCY_FILE`, for `make bench`): from the notification
/// that raised an alarm being read from the strap's socket to the first block holding the alarm handed to ALSA;
/// and when the first cue was handed to ALSA (wall clock), for start → first cue.
public final class LatencyLog: Sendable {
    private let lines = Mutex<[String]>([])
    private let cueSeen = Atomic<Bool>(false)

    public init() {}

    func record(_ request: SoundRequest, _ latency: Duration?) {
        switch request {
        case .alarm(let alert) where alert.change == .raised:
            guard let latency else { return }
            let line = "\(alert.rule)\t\(alert.priority.rawValue)\t\(latency.inSeconds * 1000)"
            lines.withLock { $0.append(line) }
        case .cue where !cueSeen.exchange(true, ordering: .relaxed):
            let line = "first-cue\tcue\t\(Date().timeIntervalSince1970)"
            lines.withLock { $0.append(line) }
        default:
            return
        }
    }

    /// Appends one line per alarm to `path`: rule, priority, milliseconds (tab-separated); and
    /// `first-cue`, `cue`, the Unix time in seconds at which the session's first cue was handed to ALSA.
    public func append(to path: String) throws {
        let text = lines.withLock { $0 }.map { $0 + "\n" }.joined()
        guard let handle = FileHandle(forWritingAtPath: path) else {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}
