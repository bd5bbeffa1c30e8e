import Foundation
public import Logging
public import RetroWalkCore
import SafetyRules
import ServiceLifecycle
import SessionEngine
import SessionStore
import StrapProtocol
import Synchronization
import UnixSignals
import WalkCoach

/// Runs one walking session (`walk`): the strap, the session's decisions, the sound, the database and the outputs.
///
/// The session runs on a thread of its own (``SessionDriver``): strap socket → session → sound is the safety path,
/// and it never waits on anything else. Every output — standard output, the database, a screen, a publisher — has
/// its own queue and thread. SIGINT, SIGTERM or SIGHUP ends the session gracefully (it is stored as ended by signal, the
/// alarm burst that is sounding finishes, the strap link is closed); a second SIGINT exits at once, after the
/// database has taken what was queued.
public final class SessionRunner {
    /// What a finished session reports.
    public struct Result: Sendable {
        /// The stored session's id; `nil` when the database could not record it.
        public var sessionId: Int64?
        /// The closing summary.
        public var summary: SessionSummary
        /// Where the audio went, for people: `ALSA device 'default'` or `WAV file /path`.
        public var audioDescription: String
        /// The database file.
        public var databasePath: String
        /// Whether every sample and event reached the database and its row was closed.
        public var isFullyStored: Bool
    }

    /// The exit status after a second SIGINT.
    public static let interruptedExitStatus: Int32 = 130

    private let options: SessionOptions
    private let logger: Logger
    private let locator: ResourceLocator

    /// Creates a runner.
    public init(options: SessionOptions, locator: ResourceLocator = ResourceLocator(), logger: Logger) {
        self.options = options
        self.locator = locator
        self.logger = logger
    }

    /// Runs the session to its end.
    ///
    /// - Parameters:
    ///   - stdout: the standard-output stream (JSON events or the human log); it stays open for the caller. `nil`
    ///     when a screen has standard output (the live view is one of `outputs`).
    ///   - inbox: where keys and other threads' inputs reach the session (the terminal posts here).
    ///   - keysAreInteractive: whether a walker can press keys (then the session waits for the effort rating, and a
    ///     simulated session lets the person at the keyboard answer instead of the simulated walker).
    ///   - outputs: more outputs (a screen, a publisher).
    ///   - storeWriteDelay: test hook: time added before every database write (a slow SD card).
    ///   - latencies: benchmark hook: records each alarm's notification-to-ALSA latency (live audio only).
    ///   - heartbeat: called on the session's thread once per turn of the safety loop (`serve` pings systemd's
    ///     watchdog from it); it must not block.
    /// - Throws: ``AppError``, `CaptureError` or `AudioError` when the session cannot start; once it has started,
    ///   faults become events and the session goes on.
    public func run(
        stdout: LineOutput?,
        inbox: SessionInbox = SessionInbox(),
        keysAreInteractive: Bool = false,
        outputs: [any SessionOutput] = [],
        storeWriteDelay: Duration = .zero,
        latencies: LatencyLog? = nil,
        heartbeat: (@Sendable () -> Void)? = nil
    ) async throws -> Result {
        ProcessSignals.ignoreWriteFailures()
        // What can fail before the session fails before anything is recorded: clips, strap, audio.
        let catalog = try SessionAudio.loadCatalog(locator: locator, settings: options.audioSettings)
        let capture = try CaptureSource(source: options.source, plan: options.plan, seed: options.seed, logger: logger)
        defer { capture.close() }
        let recording = openRecording(reporter: inbox, writeDelay: storeWriteDelay)
        let audio = try SessionAudio.open(
            options.audio,
            catalog: catalog,
            gains: options.audioSettings.gains,
            fallbackFile: Self.fallbackAudioPath(database: options.databasePath, sessionId: recording?.sessionId),
            reporter: inbox,
            logger: logger,
            latencies: latencies
        )
        if let recording { try? recording.database.setAudio(sessionId: recording.sessionId, audio.label) }
        if let notice = audio.notice { logger.notice("\(notice)") }
        if !options.source.isSimulated, !keysAreInteractive {
            logger.notice(
                "Standard input is not a terminal: keys (symptoms, check-in answers) cannot be pressed, so check-ins will count as missed."
            )
        }
        if recording == nil { inbox.post(.store(.failed(reason: "the session database could not be opened"))) }

        let rules = RuleEngine(profile: options.profile, settings: options.rules, sessionNumber: options.sessionNumber)
        let coach = Coach(
            plan: options.plan,
            limits: CoachLimits(maxBPM: rules.limits.maxBPM, restingBPM: Double(options.profile.restingBPM)),
            firstBout: options.firstBout
        )
        let session = Session(
            activity: .plan(coach),
            rules: rules,
            script: options.keys,
            simulatedWalker: options.source.isSimulated && !keysAreInteractive,
            walkerCanRate: keysAreInteractive,
            timeLimit: options.duration.map { .seconds($0) }
        )
        let clock: any SessionClock = options.speed.map { PacedClock(speed: $0) } ?? ManualClock()
        let driver = SessionDriver(
            session: session, source: capture, clock: clock, audio: audio,
            outputs: (stdout.map { [$0] } ?? []) + (recording.map { [$0.output] } ?? []) + outputs, inbox: inbox,
            heartbeat: heartbeat)

        let store = recording?.output
        let stored = Mutex<Bool>(false)
        let loop = SessionLoop(driver: driver) {
            // Everything queued for the database is written (a slow card may take a while) before the signal
            // watcher stops.
            let written = store.map { $0.finish(timeout: .seconds(60)) && $0.isClosed } ?? false
            stored.withLock { $0 = written }
        }
        let watcher = SignalWatcher(inbox: inbox, logger: logger) {
            // A second Ctrl-C: what is queued for the database is written (a few seconds at most), then exit.
            _ = store?.finish(timeout: .seconds(3))
            exit(Self.interruptedExitStatus)
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: loop, successTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: watcher),
                ],
                logger: logger
            )
        )
        try await group.run()
        let summary = try loop.summary()

        // Close the audio and store the rest whatever happens to the other; then report the first failure.
        var audioError: (any Error)?
        do { try audio.finish(at: .seconds(summary.duration)) } catch { audioError = error }
        let isFullyStored = stored.withLock { $0 }
        if store != nil, !isFullyStored {
            logger.error(
                "The session was not fully recorded",
                metadata: ["store.path": "\(options.databasePath)"])
        }
        if let audioError { throw audioError }
        return Result(
            sessionId: recording?.sessionId, summary: summary, audioDescription: audio.description,
            databasePath: options.databasePath, isFullyStored: isFullyStored)
    }

    /// Opens the database and starts the session's row; a database that cannot be written is reported once and the
    /// session runs unrecorded (the alarms matter more than the record).
    private func openRecording(
        reporter: any OutputReporter, writeDelay: Duration
    ) -> (database: AppDatabase, sessionId: Int64, output: StoreOutput)? {
        do {
            let database = try AppDatabase.open(path: options.databasePath)
            // A session a killed program left without an end is closed as interrupted, at its last sample.
            try database.closeInterruptedSessions()
            let sessionId = try database.startSession(
                SessionRecord(
                    startedAt: LocalTime.now().iso8601,
                    source: options.source.label,
                    plan: options.plan.name,
                    audio: nil,
                    backwardSeconds: options.plan.backwardSeconds,
                    boutsPlanned: options.plan.bouts
                )
            )
            // What the session is measured against, for its report (a profile can change later).
            let rules = RuleEngine(
                profile: options.profile, settings: options.rules, sessionNumber: options.sessionNumber)
            do {
                try database.recordSetup(
                    sessionId: sessionId,
                    SessionSetup(limits: rules.limits, profile: options.profile, plan: options.plan))
            } catch {
                logger.warning("Could not store the session's limits", metadata: ["store.error": "\(error)"])
            }
            let output = StoreOutput(
                database: database, sessionId: sessionId, reporter: reporter, logger: logger, writeDelay: writeDelay)
            return (database, sessionId, output)
        } catch {
            logger.error(
                "This session will not be recorded; the session goes on",
                metadata: ["store.error": "\(error)"])
            return nil
        }
    }

    /// Where a session's audio goes when no device opens: `audio/session-N.wav` beside the database that
    /// names session N (a time stamp when the session is not recorded), never over an existing file.
    static func fallbackAudioPath(database: String, sessionId: Int64?) -> String {
        let folder = URL(fileURLWithPath: database).deletingLastPathComponent().appendingPathComponent("audio").path
        let name = "session-" + (sessionId.map { "\($0)" } ?? "unrecorded-\(Int(Date().timeIntervalSince1970))")
        var path = folder + "/\(name).wav"
        var copy = 2
        while FileManager.default.fileExists(atPath: path) {
            path = folder + "/\(name)-\(copy).wav"
            copy += 1
        }
        return path
    }
}

/// The session's loop as a service: the driver on a thread of its own (never the cooperative pool), awaited here.
/// A graceful shutdown of the group (SIGTERM through another service, the end of `serve`) ends the session
/// gracefully.
final class SessionLoop: Service, @unchecked Sendable {
    private let driver: SessionDriver
    private let afterSession: @Sendable () -> Void
    private let result = Mutex<SessionSummary?>(nil)

    /// - Parameter afterSession: runs on the session's thread once it has ended, while signals are still watched
    ///   (waiting for the database: a second Ctrl-C then still exits at once).
    init(driver: SessionDriver, afterSession: @escaping @Sendable () -> Void = {}) {
        self.driver = driver
        self.afterSession = afterSession
    }

    func run() async throws {
        let driver = self.driver
        let afterSession = self.afterSession
        let summary = await withGracefulShutdownHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<SessionSummary, Never>) in
                let thread = Thread {
                    let summary = driver.run()
                    afterSession()
                    continuation.resume(returning: summary)
                }
                thread.name = "retrowalk-session"
                thread.stackSize = 1 << 20
                thread.start()
            }
        } onGracefulShutdown: {
            driver.requestStop(reason: "shutdown")
        }
        result.withLock { $0 = summary }
    }

    /// The summary, once ``run()`` has returned.
    func summary() throws -> SessionSummary {
        guard let summary = result.withLock({ $0 }) else {
            throw AppError(code: .sessionFailed, message: "The session ended without a summary.")
        }
        return summary
    }
}

/// SIGINT, SIGTERM and SIGHUP (the terminal or SSH connection went away): the first ends the session gracefully
/// (its `stop` event names the signal); a second SIGINT calls `onSecondInterrupt` (exit now, after the database took
/// what was queued).
struct SignalWatcher: Service {
    let inbox: SessionInbox
    let logger: Logger
    let onSecondInterrupt: @Sendable () -> Void

    func run() async {
        var interrupts = 0
        for await signal in await UnixSignalsSequence(trapping: .sigint, .sigterm, .sighup).cancelOnGracefulShutdown() {
            let name = signal == .sigint ? "SIGINT" : signal == .sighup ? "SIGHUP" : "SIGTERM"
            if signal == .sigint { interrupts += 1 }
            if interrupts >= 2 {
                logger.notice("Second interrupt: exiting now; the recording is kept.")
                onSecondInterrupt()
            }
            logger.notice("Ending the session; press Ctrl-C again to exit at once.", metadata: ["signal": "\(name)"])
            inbox.post(.stop(reason: name))
        }
    }
}

/// Process-wide signal settings for a session.
enum ProcessSignals {
    /// A reader that went away (SIGPIPE) or a file size limit (SIGXFSZ) must fail a write, not kill the process:
    /// an output's failure never takes the alarms with it.
    static func ignoreWriteFailures() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
    }
}
