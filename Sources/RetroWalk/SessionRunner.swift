import BlueZTransport
import Foundation
public import Logging
public import RetroWalkCore
import SafetyRules
import SessionStore
import StrapProtocol
import WalkCoach

/// Runs one session: strap bytes → GATT client → rules and coach → sound, screen and database.
///
/// One loop on the session clock, ticking every 100 ms of session time. With the simulated strap the loop also
/// drives the strap's side of the socketpair, so a simulation is deterministic for a seed and can run faster
/// than real time (or as fast as possible) while the bytes still cross a real kernel socket.
public final class SessionRunner {
    /// What a finished session reports.
    public struct Result: Sendable {
        /// The stored session's id.
        public var sessionId: Int64
        /// The closing summary.
        public var summary: SessionSummary
        /// Where the audio went, for people: `ALSA device 'default'` or `WAV file /path`.
        public var audioDescription: String
    }

    /// Session time between two turns of the loop.
    static let tick = 0.1
    /// How long the session waits for the effort rating after "Session complete", when one can be given.
    static let ratingWait = 60.0

    private let options: SessionOptions
    private let logger: Logger
    private let output: @Sendable (String) -> Void
    private let locator: ResourceLocator

    /// Creates a runner.
    ///
    /// - Parameters:
    ///   - output: receives each line for standard output (JSON events or the human-readable log).
    public init(
        options: SessionOptions,
        locator: ResourceLocator = ResourceLocator(),
        logger: Logger,
        output: @escaping @Sendable (String) -> Void
    ) {
        self.options = options
        self.locator = locator
        self.logger = logger
        self.output = output
    }

    /// Runs the session to its end.
    ///
    /// - Throws: ``AppError``, `CaptureError`, `AudioError` or `StoreError` when the session cannot start; once
    ///   it has started, faults become events and the session goes on.
    /// - Parameters:
    ///   - shouldStop: polled every tick; `true` ends the session early but cleanly (SIGINT, SIGTERM):
    ///     everything measured is stored, the summary written, the audio file closed.
    ///   - keys: polled every tick for the keys the walker pressed (the terminal; scripted keys come with the
    ///     options).
    ///   - keysAreInteractive: whether a walker can press keys (then the session waits for the effort rating).
    public func run(
        shouldStop: () -> Bool = { false },
        keys: () -> [SessionKey] = { [] },
        keysAreInteractive: Bool = false
    ) throws -> Result {
        // Everything that can fail before the session fails before anything is recorded: clips, strap, database.
        let catalog = try SessionAudio.loadCatalog(locator: locator, settings: options.audioSettings)
        let capture = try CaptureSession(source: options.source, plan: options.plan, seed: options.seed, logger: logger)
        defer { capture.close() }
        let database = try AppDatabase.open(path: options.databasePath)
        // A session a killed program left without an end is closed as interrupted, at its last sample.
        try database.closeInterruptedSessions()
        let sessionId = try database.startSession(
            SessionRecord(
                startedAt: Self.localTimestamp(Date()),
                source: options.source.label,
                plan: options.plan.name,
                audio: nil,
                backwardSeconds: options.plan.backwardSeconds,
                boutsPlanned: options.plan.bouts
            )
        )
        let audio = try SessionAudio.open(
            options.audio,
            catalog: catalog,
            gains: options.audioSettings.gains,
            fallbackFile: Self.fallbackAudioPath(database: options.databasePath, sessionId: sessionId),
            logger: logger
        )
        try database.setAudio(sessionId: sessionId, audio.label)
        if let notice = audio.notice { logger.notice("\(notice)") }
        if !options.source.isSimulated, !keysAreInteractive {
            logger.notice(
                "Standard input is not a terminal: keys (symptoms, check-in answers) cannot be pressed, so check-ins will count as missed."
            )
        }

        let clock: any SessionClock = options.speed.map { PacedClock(speed: $0) as any SessionClock } ?? VirtualClock()
        let rules = RuleEngine(profile: options.profile, settings: options.rules, sessionNumber: options.sessionNumber)
        // What the session is measured against, for its report (a profile can change later).
        do {
            try database.recordSetup(
                sessionId: sessionId, SessionSetup(limits: rules.limits, profile: options.profile, plan: options.plan))
        } catch {
            logger.warning("Could not store the session's limits", metadata: ["store.error": "\(error)"])
        }
        var flow = SessionFlow(
            coach: Coach(
                plan: options.plan,
                limits: CoachLimits(maxBPM: rules.limits.maxBPM, restingBPM: Double(options.profile.restingBPM)),
                firstBout: options.firstBout
            ),
            rules: rules,
            script: options.keys,
            simulatedWalker: options.source.isSimulated
        )
        let endTime = options.duration ?? .infinity
        var pendingSamples: [HeartRateSample] = []
        var pendingEvents: [SessionEvent] = []
        var doneAt: Double?

        var lastShownSample = -Double.infinity
        func emit(_ events: [SessionEvent]) {
            for event in events {
                if options.json {
                    output(event.jsonLine)
                } else if case .sample(let sample) = event.kind {
                    // People get the heart rate every 10 s, not every notification.
                    if sample.time - lastShownSample >= 10 {
                        lastShownSample = sample.time
                        output(HumanLog.line(for: event))
                    }
                } else {
                    output(HumanLog.line(for: event))
                }
                pendingEvents.append(event)
                switch event.kind {
                case .sample(let sample): pendingSamples.append(sample)
                case .cue(let cue): audio.submit(cue: cue)
                case .alert(let alert): audio.submit(alert: alert)
                case .phase(.done, _, _): doneAt = doneAt ?? event.time
                default: break
                }
            }
        }
        // A failing disk must not silence the session: what could not be written stays in memory and is tried
        // again at the next flush; the last flush reports it.
        var storeFailed = false
        func flush() throws {
            do {
                try database.append(sessionId: sessionId, samples: pendingSamples, events: pendingEvents)
                pendingSamples.removeAll()
                pendingEvents.removeAll()
                storeFailed = false
            } catch {
                if !storeFailed { logger.error("Recording failed; will retry", metadata: ["store.error": "\(error)"]) }
                storeFailed = true
                throw error
            }
        }

        func record(_ events: [CaptureSession.Event]) {
            for event in events {
                switch event {
                case .sample(let sample):
                    emit(flow.receive(sample))
                case .signal(let signal, let reason, let time):
                    emit(flow.receive(signal: signal, reason: reason, at: time))
                case .ready:
                    break  // logged by the capture session; the link counts as up with the first sample
                case .battery(let level, let time):
                    logger.info("Strap battery", metadata: ["strap.battery": "\(level)"])
                    emit(flow.receive(battery: Int(level), at: time))
                case .simulatorFault(let event):
                    emit([event])
                }
            }
        }

        record(capture.start(at: 0))
        var now = 0.0
        var lastFlush = 0.0
        var interrupted = false
        while true {
            now = clock.now()
            // 1. The walker's keys, then the coach's timeline and the rules' time-based conditions.
            for key in keys() { emit(flow.press(key, at: now)) }
            emit(flow.advance(to: now))
            // 2. Capture: strap bytes both ways, samples and link events.
            let effort = Self.effort(scenario: capture.scenario, phase: flow.phase, bout: flow.bout)
            record(
                capture.poll(
                    at: now, effort: effort, wait: clock is VirtualClock ? 0 : Self.tick / (options.speed ?? 1)))
            // 3. Sound on the session timeline (offline rendering); live audio plays on its own thread, and its
            //    faults become events (an alarm that cannot be heard must at least be seen).
            audio.advance(to: now)
            emit(audio.takeFaults().map { SessionEvent(time: now, kind: .audioFault($0)) })
            if now - lastFlush >= 5 {
                try? flush()
                lastFlush = now
            }
            // After "Session complete": 4 s for the last words, or up to a minute for the effort rating when the
            // walker can give one (a terminal, or a scripted rating still to come).
            if let doneAt {
                let canRate = flow.isAwaitingRating && (keysAreInteractive || flow.hasScriptedKeys)
                if now >= doneAt + (canRate ? Self.ratingWait : 4) { break }
            }
            if now >= endTime { break }
            if shouldStop() {
                interrupted = true
                logger.notice("Session stopped by the user; recording what was measured.")
                break
            }
            clock.sleep(untilNextTickAfter: now, tick: Self.tick)
        }

        let summary = flow.summary(duration: now, interrupted: interrupted)
        emit([SessionEvent(time: now, kind: .summary(summary))])
        // Close the audio and store the rest whatever happens to the other; then report the first failure.
        var audioError: (any Error)?
        do { try audio.finish(at: now) } catch { audioError = error }
        try flush()
        try database.finishSession(
            id: sessionId, summary: summary,
            endState: SessionEndState(endedEarly: summary.endedEarly, bySignal: interrupted))
        if let audioError { throw audioError }
        return Result(sessionId: sessionId, summary: summary, audioDescription: audio.description)
    }

    /// The start time as ISO 8601 with the local offset, so that its date part is the walker's day.
    static func localTimestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone.current
        return formatter.string(from: date)
    }

    /// Where a session's audio goes when no device opens: `audio/session-N.wav` beside the database that
    /// names session N, never over an existing file.
    static func fallbackAudioPath(database: String, sessionId: Int64) -> String {
        let folder = URL(fileURLWithPath: database).deletingLastPathComponent().appendingPathComponent("audio").path
        var path = folder + "/session-\(sessionId).wav"
        var copy = 2
        while FileManager.default.fileExists(atPath: path) {
            path = folder + "/session-\(sessionId)-\(copy).wav"
            copy += 1
        }
        return path
    }

    /// The simulated walker's effort in a phase; the `ceiling` scenario pushes HR up during bout 3, and
    /// `slow-recovery` by 25 bpm in every bout.
    static func effort(scenario: Scenario?, phase: Phase, bout: Int) -> Effort {
        switch phase {
        case .warmup, .recovery, .cooldown, .walking: return .forward
        case .paused, .done: return .rest
        case .backward:
            var effort = Effort.backward
            if scenario == .ceiling, bout == 3 { effort.extraBeatsPerMinute = 75 }
            if scenario == .slowRecovery { effort.extraBeatsPerMinute = 25 }
            return effort
        }
    }
}
