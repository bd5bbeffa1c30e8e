import ArgumentParser
import Foundation
import Logging
import RetroWalk
import RetroWalkCore
import SessionEngine
import Synchronization
import UnixSignals

/// `retrowalk serve`: the headless service (README, "On a Raspberry Pi"). Runs until stopped: waits for the strap,
/// checks readiness, waits for the start button, runs the plan as `walk` does (the same ``SessionRunner``), and
/// waits again.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run as a service: wait for the strap, start a session with a button, repeat.",
        discussion: """
            States: 'waiting' (for the strap: the saved one, --strap ADDR or --simulate [SCENARIO]; it is checked \
            as 'retrowalk check' does, again every few seconds until it answers: straps advertise when worn), \
            'ready' ("Ready. Press the button to start."), 'session' (the plan, as 'retrowalk walk' runs it, \
            recorded in --db), then 'waiting' again.

            Buttons: Linux input devices (--input /dev/input/eventN, repeatable, or 'input:' in buttons.yaml; \
            without either, every device that reports keys). Enter, Space, BTN_0 or a presenter's Page Down: \
            start, acknowledge, "fine"; held for 1 s: dizzy (safe stop); Escape, BTN_1 or Page Up: end. \
            See README, "Buttons".

            --json prints {"event": "serve", "state": …} at each change, and the session's events. Under systemd \
            (Type=notify) it reports READY=1, pings the watchdog from the safety loop (WATCHDOG=1 every \
            WatchdogSec/2) and STOPPING=1. SIGTERM or SIGINT while waiting exits at once with status 0; during a \
            session it ends the session as 'walk' does, then exits.
            """
    )

    @OptionGroup var source: SourceOptions

    @OptionGroup var config: ConfigOptions

    @OptionGroup var setup: SessionRunOptions

    @Option(
        help: ArgumentHelp(
            "Render each session's audio to this WAV file (overwritten by the next session) instead of playing it.",
            valueName: "file.wav"))
    var renderAudio: String?

    @Option(
        name: .customLong("input"),
        help: ArgumentHelp(
            "A Linux input device to read buttons from (repeatable); default: 'input' in buttons.yaml, else every "
                + "device that reports keys.",
            valueName: "/dev/input/eventN"))
    var inputs: [String] = []

    @Option(help: ArgumentHelp("How long the readiness check listens to the strap.", valueName: "s"))
    var checkSeconds: Double = 5

    @Flag(help: "Print state changes and the sessions' events as JSON lines on stdout.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try setup.validate(simulated: source.simulate, renderAudio: renderAudio)
        if !(checkSeconds >= 3 && checkSeconds <= 60) {
            throw ValidationError("--check-seconds must be between 3 and 60, not '\(checkSeconds)'.")
        }
    }

    /// How long to wait before checking again for a strap that did not answer.
    static let retryInterval = Duration.seconds(5)

    func run() async throws {
        let logger = global.bootstrapLogging()
        let locator = ResourceLocator()
        let notifier = SystemdNotifier()
        let router = ButtonRouter(logger: logger)
        let stdout = LineOutput(format: json ? .json : .human, reporter: router)
        let state = ServeState(stdout: stdout, json: json, logger: logger)
        do {
            let source = try self.source.resolve(locator: locator)
            // Settings are read once here so that a bad file stops the service with the reason, not a loop.
            _ = try Walk.loadSettings(config: config, locator: locator)
            let buttons = try ButtonSettings.load(locator: locator)
            let paths = inputs.isEmpty ? buttons.inputs : inputs
            let reader = ButtonReader(paths: paths.isEmpty ? nil : paths, map: buttons.map, logger: logger) {
                router.press($0)
            }
            reader.start()
            defer { reader.stop() }
            watchSignals(state: state, notifier: notifier, stdout: stdout)
            try? notifier?.send("READY=1")
            let pinger = WatchdogPinger(notifier: notifier)
            if let pinger { startIdlePings(pinger, interval: notifier?.watchdogInterval, state: state) }

            while true {
                try await waitForStrap(source: source, locator: locator, state: state, notifier: notifier)
                await announceReady(locator: locator, logger: logger)
                state.change(to: .ready, text: "Ready. Press the button to start.")
                try? notifier?.send("STATUS=Ready. Press the button to start.")
                await router.waitForStart()
                state.change(to: .session, text: "Starting the session.")
                try? notifier?.send("STATUS=In a session")
                let inbox = router.beginSession()
                let options = try sessionOptions(source: source, locator: locator)
                let result = try await SessionRunner(options: options, locator: locator, logger: logger).run(
                    stdout: stdout, inbox: inbox, keysAreInteractive: false,
                    heartbeat: Self.heartbeat(pinger: pinger, state: state))
                router.endSession()
                state.sessionEnded()
                let stored =
                    result.sessionId.map { "Session \($0) stored in \(result.databasePath)" } ?? "Session not recorded"
                state.say("\(stored); audio: \(result.audioDescription).")
                if state.isTerminating { break }
            }
            try? notifier?.send("STOPPING=1")
            _ = stdout.finish(timeout: Walk.outputGrace)
        } catch let error as ExitCode {
            _ = stdout.finish(timeout: Walk.outputGrace)
            throw error
        } catch {
            _ = stdout.finish(timeout: Walk.outputGrace)
            throw fail("\(error)")
        }
    }

    /// Checks the strap (and everything else `check` checks) until the strap answers. A bad config or missing
    /// clips stop the service (nothing would fix them by waiting); no adapter, an unreachable strap or one without
    /// contact mean "not worn yet": wait and check again.
    private func waitForStrap(
        source: SessionOptions.Source, locator: ResourceLocator, state: ServeState, notifier: SystemdNotifier?
    ) async throws {
        state.change(to: .waiting, text: "Waiting for the heart monitor.")
        try? notifier?.send("STATUS=Waiting for the heart monitor")
        var settings = ReadinessCheck(
            source: source, planName: setup.plan, adapter: self.source.adapter, listenSeconds: checkSeconds,
            audioDevice: setup.audioDevice, locator: locator, profileFile: config.profile, rulesFile: config.rules)
        // No sound test (alarm bursts) before every session: the spoken "ready" is the speaker's test.
        settings.playsSoundTest = false
        let check = settings
        let logger = state.logger
        var attempt = 0
        while true {
            attempt += 1
            let findings = await Self.onThread(named: "retrowalk-check") {
                var findings: [ReadinessCheck.Finding] = []
                check.run(logger: logger) { findings.append($0) }
                return findings
            }
            let fatal = findings.filter {
                $0.status == .fail && ($0.step.hasPrefix("config.") || $0.step.hasPrefix("sounds."))
            }
            if !fatal.isEmpty {
                throw AppError(
                    code: .badConfig, message: fatal.map { "\($0.step): \($0.detail)" }.joined(separator: "\n"))
            }
            let strapFailures = findings.filter {
                $0.status == .fail && ($0.step.hasPrefix("strap.") || $0.step.hasPrefix("bluetooth."))
            }
            for finding in findings where finding.status != .pass && !strapFailures.contains(finding) {
                logger.warning("\(finding.step): \(finding.detail)")
            }
            if strapFailures.isEmpty { break }
            if attempt == 1 || attempt % 12 == 0 {
                logger.notice(
                    "The heart monitor is not ready; checking again every \(Self.retryInterval)",
                    metadata: ["reason": "\(strapFailures.map { "\($0.step): \($0.detail)" }.joined(separator: "; "))"])
            }
            try await Task.sleep(for: Self.retryInterval)
        }
        state.say("Heart monitor connected.")
    }

    /// "Heart monitor connected. Ready. Press the button to start." on the speaker, unless the audio goes to a
    /// file (a test, a recording of the session).
    private func announceReady(locator: ResourceLocator, logger: Logger) async {
        guard renderAudio == nil else { return }
        let device = setup.audioDevice
        await Self.onThread(named: "retrowalk-announce") {
            Announcement.speak(
                ["monitor_connected", "ready_press_button"],
                text: "Heart monitor connected. Ready. Press the button to start.", device: device, locator: locator,
                logger: logger)
        }
    }

    /// The session's options, as `walk` builds them (the progression's proposal from the stored sessions).
    private func sessionOptions(source: SessionOptions.Source, locator: ResourceLocator) throws -> SessionOptions {
        let (audioSettings, profile, rules) = try Walk.loadSettings(config: config, locator: locator)
        let databasePath = setup.databasePath(environment: ProcessInfo.processInfo.environment)
        let advice = try ProgressionAdvice.make(
            plan: setup.plan, loader: PlanLoader(locator: locator), databasePath: databasePath,
            day: ProgressionAdvice.today(),
            simulated: source.isSimulated)
        let runPlan = advice.proposedPlan
        return SessionOptions(
            source: source,
            plan: runPlan,
            profile: profile.profile,
            rules: rules.settings,
            speed: setup.speed.factor,
            audio: setup.audio(renderAudio: renderAudio, configuredDevice: audioSettings.device),
            audioSettings: audioSettings,
            databasePath: databasePath,
            duration: nil,
            json: json,
            seed: setup.seed,
            keys: nil,
            firstBout: try Walk.firstBout(plan: runPlan, advice: advice, bout: nil),
            sessionNumber: advice.history.count + 1
        )
    }

    /// SIGTERM or SIGINT: while waiting, exit 0 at once; during a session, the session's own watcher ends it
    /// (as in `walk`) and serve exits after it.
    private func watchSignals(state: ServeState, notifier: SystemdNotifier?, stdout: LineOutput) {
        Task.detached {
            for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                if state.terminate() {
                    state.logger.notice("Stopping", metadata: ["signal": "\(signal)"])
                    try? notifier?.send("STOPPING=1")
                    _ = stdout.finish(timeout: .seconds(1))
                    Foundation.exit(0)
                }
            }
        }
    }

    /// Between sessions nothing else turns the safety loop, so the watchdog is pinged from here; from the
    /// session loop's first turn to the session's end only that loop pings (a stalled loop is then noticed).
    /// The hand-over at the first turn covers the session's start (clips, database, audio device).
    private func startIdlePings(_ pinger: WatchdogPinger, interval: Duration?, state: ServeState) {
        let period = (interval ?? .seconds(10)) / 4
        Task.detached {
            while true {
                if !state.safetyLoopPings { pinger.beat() }
                try? await Task.sleep(for: period)
            }
        }
    }

    /// The safety loop's heartbeat: pings the watchdog. `RETROWALK_TEST_STALL_SAFETY_LOOP_S` (a test hook) stalls
    /// the loop for good that many seconds into the session, as a hung safety path would.
    static func heartbeat(pinger: WatchdogPinger?, state: ServeState) -> (@Sendable () -> Void)? {
        let stallAfter = ProcessInfo.processInfo.environment["RETROWALK_TEST_STALL_SAFETY_LOOP_S"].flatMap(Double.init)
        guard pinger != nil || stallAfter != nil else { return nil }
        let start = ContinuousClock.now
        return {
            state.safetyLoopTurned()
            if let stallAfter, ContinuousClock.now - start >= .seconds(stallAfter) {
                while true { Thread.sleep(forTimeInterval: 3600) }
            }
            pinger?.beat()
        }
    }

    /// Runs blocking work on a thread of its own (never the cooperative pool).
    static func onThread<T: Sendable>(named name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = name
            thread.start()
        }
    }
}

/// serve's state, shared by the main task, the signal watcher and the idle pinger.
final class ServeState: Sendable {
    enum Phase: String, Sendable {
        case waiting, ready, session
    }

    let logger: Logger
    private let stdout: LineOutput
    private let json: Bool
    private let current = Mutex<(phase: Phase?, terminating: Bool)>((nil, false))
    private let loopTurning = Atomic<Bool>(false)

    init(stdout: LineOutput, json: Bool, logger: Logger) {
        self.stdout = stdout
        self.json = json
        self.logger = logger
    }

    /// Enters `phase`: `{"event": "serve", "state": …, "text": …}` with --json, else the text.
    func change(to phase: Phase, text: String) {
        current.withLock { $0.phase = phase }
        if json {
            var object = JSONObject()
            object.add("event", .string("serve"))
            object.add("state", .string(phase.rawValue))
            object.add("text", .string(text))
            stdout.write(line: object.rendered)
        } else {
            stdout.write(line: text)
        }
    }

    /// A line for people: stdout without --json, the log with it.
    func say(_ line: String) {
        if json { logger.notice("\(line)") } else { stdout.write(line: line) }
    }

    /// Whether the session's loop pings the watchdog (from its first turn to the session's end).
    var safetyLoopPings: Bool { loopTurning.load(ordering: .acquiring) }

    func safetyLoopTurned() { loopTurning.store(true, ordering: .releasing) }

    func sessionEnded() { loopTurning.store(false, ordering: .releasing) }
    var isTerminating: Bool { current.withLock { $0.terminating } }

    /// A stop signal came: returns `true` when serve should exit now (not in a session).
    func terminate() -> Bool {
        current.withLock { state in
            state.terminating = true
            return state.phase != .session
        }
    }
}

/// Routes button actions: to the running session's inbox, or, between sessions, a primary press to the wait for
/// the start. It is also the reporter of serve's standard output (a stalled reader is reported to the session).
final class ButtonRouter: OutputReporter {
    private struct State {
        var inbox: SessionInbox?
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func press(_ action: ButtonAction) {
        logger.info("Button", metadata: ["action": "\(action)"])
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let inbox = state.inbox {
                for key in action.sessionKeys { inbox.post(.key(key)) }
                return nil
            }
            guard action == .primary else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Waits for a primary press; presses before this call do not count.
    func waitForStart() async {
        await withCheckedContinuation { continuation in state.withLock { $0.waiter = continuation } }
    }

    /// A session starts: its inbox takes the presses from now on.
    func beginSession() -> SessionInbox {
        let inbox = SessionInbox()
        state.withLock { $0.inbox = inbox }
        return inbox
    }

    func endSession() { state.withLock { $0.inbox = nil } }

    @discardableResult
    func report(_ input: SessionInput) -> Bool { state.withLock { $0.inbox }?.post(input) ?? false }
}
