import ArgumentParser
import BlueZTransport
import Foundation
import Logging
import RetroWalk
import RetroWalkCore
import SessionEngine
import WalkCoach

/// `retrowalk walk`: runs a session.
struct Walk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a walking session: strap, plan, cues, alarms, recording.",
        discussion: """
            Source: a real strap (--strap ADDR; without it, the strap saved by 'retrowalk scan --save N') or the \
            simulated strap (--simulate [SCENARIO]). Scenarios: \
            \(Scenario.allCases.map { "'\($0.rawValue)', \($0.summary)" }.joined(separator: "; ")).

            Audio goes to the ALSA device (--audio-device, default from audio.yaml); when it cannot be opened, the \
            session's audio is rendered to audio/session-N.wav beside the database and the path is printed. \
            --render-audio FILE.wav renders on the session timeline instead of playing.

            The walker's profile and the rule thresholds come from config/profile.yaml and config/rules.yaml, \
            overridden key by key by $XDG_CONFIG_HOME/retrowalk/ and then by --profile FILE / --rules FILE; a bad \
            file stops the session before anything is recorded, with one line per problem ('retrowalk profile' \
            shows what is in force).

            On a terminal, walk shows the live view: the heart rate in large digits, the zone bar with the limits, \
            the phase and its countdown, the next step, the signal (link, contact, battery, data age), the active \
            alarm, the last symptom or check-in answer, and the keys (D dizzy, K knee, S stop, A or space \
            acknowledge, R resume, E end, H heart rate, digits + Enter effort, Q quit; during a bout Q asks \
            'End the session now? y/n'; Ctrl-Z does not suspend a session, whose alarms would stop). NO_COLOR \
            turns colour off. --plain, --json or an output that is not a \
            terminal print the session log instead. While the view shows, log lines go to --log-file (default: \
            walk.log beside the database) and its last lines show in the view's log pane.

            Before the warm-up, walk runs the steps of 'retrowalk check' (config, clips, adapter, strap contact, \
            battery, data rate, audio self-test; 5 s of listening) and refuses to start on a FAIL, naming the \
            remedy; --skip-check walks anyway (logged). A simulated session checks the steady simulated strap, \
            and an audio device that does not play is only a warning there.

            --json prints the session's events on stdout, one JSON object per line (see README, "Event stream").
            --publish mqtt://HOST publishes the same events, a retained state snapshot and an online flag to an MQTT \
            broker under retrowalk/STATION/, for 'retrowalk clinic' (README, "Clinic and partner mode"); a broker \
            that is down never holds the session back.
            The session is stored in the database (--db, default $XDG_DATA_HOME/retrowalk/retrowalk.sqlite).
            """
    )

    @OptionGroup var source: SourceOptions

    @OptionGroup var config: ConfigOptions

    @OptionGroup var setup: SessionRunOptions

    @Option(
        help: ArgumentHelp("Render the session's audio to this WAV file instead of playing it.", valueName: "file.wav"))
    var renderAudio: String?

    @Option(help: ArgumentHelp("End the session after this many seconds.", valueName: "s"))
    var duration: Double?

    @Flag(help: "Print the session's events as JSON lines on stdout.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Keys to press at session times, e.g. 'dizzy@400,ack@410,resume@430' (simulated sessions; see README, "
                + "\"Keys during a session\").",
            valueName: "key@s,…"))
    var keys: String?

    @Option(
        help: ArgumentHelp(
            "Which bout of the day this run is, for plans of one bout per run ('split'); default: one more than "
                + "today's stored runs of the plan.",
            valueName: "n"))
    var bout: Int?

    @Flag(help: "Run the plan as written, without the bout length that 'retrowalk plan next' proposes.")
    var noProgression = false

    @Flag(help: "Print the session log even on a terminal (no live view).")
    var plain = false

    @Option(
        help: ArgumentHelp(
            "Write log lines (and anything else on stderr) to this file during the session; with the live view the "
                + "default is walk.log beside the database.",
            valueName: "file"))
    var logFile: String?

    @Flag(help: "Start without the readiness check (config, strap, audio); the session logs that it was skipped.")
    var skipCheck = false

    @OptionGroup var publishing: PublishOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try setup.validate(simulated: source.simulate, renderAudio: renderAudio)
        if let duration, !(duration > 0) {
            throw ValidationError("--duration must be a positive number of seconds, not '\(duration)'.")
        }
        if keys != nil, !source.simulate {
            throw ValidationError("--keys scripts a simulated session; with a real strap, press the keys.")
        }
        if let bout, bout < 1 {
            throw ValidationError("--bout counts from 1, not '\(bout)'.")
        }
    }

    func run() async throws {
        let logger = global.bootstrapLogging()
        let locator = ResourceLocator()
        let environment = ProcessInfo.processInfo.environment
        // The live view when standard input and output are a terminal, unless the log is asked for.
        let showsView = !plain && !json && TerminalMode.isInteractive
        // Standard output is one of the session's outputs: written by a thread of its own, so that a reader who
        // stops reading never holds back an alarm. Everything walk prints goes through it, in order.
        let inbox = SessionInbox()
        let stdout = LineOutput(format: json ? .json : .human, reporter: inbox)
        defer {
            if !stdout.finish(timeout: Self.outputGrace) {
                logger.warning(
                    "Standard output took nothing for \(Self.outputGrace) (a reader that stopped reading); the rest of the stdout stream is lost, the session itself is stored"
                )
            }
        }
        let screen = ViewHolder()
        let say: @Sendable (String) -> Void = { line in
            if json {
                logger.notice("\(line)")
            } else if let view = screen.view {
                view.log(line)
            } else {
                stdout.write(line: line)
            }
        }
        do {
            let source = try self.source.resolve(locator: locator)
            let (audioSettings, profile, rules) = try Self.loadSettings(config: config, locator: locator)
            let databasePath = setup.databasePath(environment: environment)
            let loader = PlanLoader(locator: locator)
            // The plan as progression proposes it from the stored sessions (the simulator's own for a simulation).
            let advice = try ProgressionAdvice.make(
                plan: setup.plan, loader: loader, databasePath: databasePath, day: ProgressionAdvice.today(),
                simulated: source.isSimulated, withoutUnreadableHistory: true)
            if let problem = advice.historyProblem {
                logger.error(
                    "The stored sessions cannot be read, so this session starts from the plan's base bout and may not be recorded",
                    metadata: ["store.error": "\(problem)"])
            }
            let runPlan = noProgression ? advice.plan : advice.proposedPlan
            let firstBout = try self.firstBout(plan: runPlan, advice: advice)
            let options = SessionOptions(
                source: source,
                plan: runPlan,
                profile: profile.profile,
                rules: rules.settings,
                speed: setup.speed.factor,
                audio: setup.audio(renderAudio: renderAudio, configuredDevice: audioSettings.device),
                audioSettings: audioSettings,
                databasePath: databasePath,
                duration: duration,
                json: json,
                seed: setup.seed,
                keys: try keys.map { try KeyScript(parsing: $0) },
                firstBout: firstBout,
                sessionNumber: advice.history.count + 1
            )
            let publisher = try publishing.start(locator: locator, inbox: inbox, logger: logger)
            defer { _ = publisher?.finish(timeout: Self.publishGrace) }
            if !noProgression { advice.lines.prefix(2).forEach(say) }

            // Log lines (and whatever a library writes on stderr) must not tear the view: they go to a file.
            let logPath = logFile ?? (showsView ? Self.defaultLogPath(database: databasePath) : nil)
            let redirect = try logPath.map { try StandardErrorRedirect(path: $0) }
            defer { redirect?.restore() }
            if showsView {
                // What the screen shows before anything arrives; the terminal is put back on every way out.
                let report = ProfileReport(profile: profile.profile, settings: rules.settings)
                let limits = LiveScreen.Limits(
                    zone: report.zoneBPM, ceiling: report.ceiling.bpm, hardCeiling: report.hardCeiling.bpm)
                _ = stdout.finish(timeout: Self.outputGrace)  // what was said before the view, on the normal screen
                TerminalMode.enter()
                screen.view = LiveView(
                    screen: LiveScreen(planName: runPlan.name, limits: limits),
                    colors: LiveView.colorsAllowed(environment: environment),
                    crashForTest: environment["RETROWALK_TEST_VIEW_CRASH"] == "1")
                LogStream.writer.observe { line in screen.view?.log(line) }
            }
            defer { screen.close() }

            try readinessGate(source: source, locator: locator, logger: logger, view: screen.view, say: say)

            // The walker's keys: the terminal (the person at it is the walker, also in a simulation with the
            // view); a simulation in the log takes --keys or answers by itself.
            let terminal = source.isSimulated && !showsView ? nil : TerminalKeys()
            defer { terminal?.restore() }
            let quit = QuitKey(
                inbox: inbox, phase: { screen.view?.status?.phase },
                show: { question in
                    if let view = screen.view { view.ask(question) } else if let question { say(question) }
                })
            terminal?.intercept = { quit.handle($0) }
            terminal?.startReading(into: inbox)
            let latencies = Self.latencyFile.map { _ in LatencyLog() }
            let result = try await SessionRunner(options: options, locator: locator, logger: logger).run(
                stdout: showsView ? nil : stdout, inbox: inbox, keysAreInteractive: terminal?.isInteractive ?? false,
                outputs: (screen.view.map { [$0] } ?? []) + (publisher.map { [$0] } ?? []),
                storeWriteDelay: Self.storeWriteDelay(), latencies: latencies)
            terminal?.restore()
            screen.close()
            redirect?.restore()
            if let latencies, let file = Self.latencyFile {
                do { try latencies.append(to: file) } catch {
                    logger.error(
                        "Could not write the alarm latencies", metadata: ["file": "\(file)", "error": "\(error)"])
                }
            }
            let stored =
                result.sessionId.map {
                    result.isFullyStored
                        ? "Session \($0) stored in \(result.databasePath)"
                        : "Session \($0) only partly stored in \(result.databasePath)"
                } ?? "Session not recorded"
            let closing = "\(stored); audio: \(result.audioDescription)."
            if showsView {
                // The normal screen is back; the view's output has finished, so this is written directly.
                print(closing + (logPath.map { " Log: \($0)." } ?? ""))
            } else {
                say(closing)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }

    /// The readiness check before the warm-up (the steps of `retrowalk check`), shown as it goes; a FAIL stops
    /// the session before anything is recorded, unless `--skip-check`.
    func readinessGate(
        source: SessionOptions.Source, locator: ResourceLocator, logger: Logger, view: LiveView?,
        say: (String) -> Void
    ) throws {
        if skipCheck {
            logger.notice("Readiness check skipped (--skip-check)")
            return
        }
        // A simulated session checks the steady simulated strap: the scenario's fault is for the session.
        let checked: SessionOptions.Source = source.isSimulated ? .simulate(.steady) : source
        var check = ReadinessCheck(
            source: checked, planName: setup.plan, adapter: self.source.adapter, listenSeconds: Self.checkSeconds,
            audioDevice: setup.audioDevice, locator: locator, profileFile: config.profile, rulesFile: config.rules)
        check.renderAudio = renderAudio
        check.audioFailureIsWarning = source.isSimulated
        var failures: [ReadinessCheck.Finding] = []
        check.run(logger: logger) { finding in
            if finding.status == .fail { failures.append(finding) }
            if let view {
                view.show(finding)
                // The check's lines give way to the session: a warning stays in the log pane.
                if finding.status == .warn { view.log("check WARN \(finding.step): \(finding.detail)") }
            } else if json {
                if finding.status != .pass { logger.warning("Readiness: \(finding.line)") }
            } else {
                say(finding.line)
            }
        }
        guard failures.isEmpty else {
            let reasons = failures.map { "\($0.step): \($0.detail)" }.joined(separator: "; ")
                .replacingOccurrences(of: "\n", with: " ")
            throw AppError(
                code: .sessionFailed,
                message: "Not starting: the readiness check failed (\(reasons)). Fix it, or pass --skip-check to "
                    + "walk anyway."
            )
        }
    }

    /// How long the readiness gate listens to the strap.
    static let checkSeconds = 5.0

    /// `walk.log` beside the database.
    static func defaultLogPath(database: String) -> String {
        URL(fileURLWithPath: database).deletingLastPathComponent().appendingPathComponent("walk.log").path
    }

    /// How long the end of a session waits for standard output to take what is queued: a reader that stopped
    /// reading does not keep the process alive.
    static let outputGrace = Duration.seconds(2)

    /// How long the end of a session waits for the broker to take the last events and the `online` 0.
    static let publishGrace = Duration.seconds(3)

    /// `RETROWALK_BENCH_LATENCY_FILE`: `make bench` collects each alarm's notification-to-ALSA latency there.
    static let latencyFile = ProcessInfo.processInfo.environment["RETROWALK_BENCH_LATENCY_FILE"]

    /// `RETROWALK_TEST_STORE_DELAY_MS`: a test hook that makes every database write that much slower (a slow SD card).
    static func storeWriteDelay() -> Duration {
        let value = ProcessInfo.processInfo.environment["RETROWALK_TEST_STORE_DELAY_MS"].flatMap { Int($0) } ?? 0
        return .milliseconds(max(0, value))
    }
}

extension Walk {
    /// The bout of the day this run starts with: `--bout`, or for a plan of one bout per run, one more than the
    /// runs of the plan stored today.
    func firstBout(plan: Plan, advice: ProgressionAdvice) throws -> Int {
        try Self.firstBout(plan: plan, advice: advice, bout: bout)
    }

    /// ``firstBout(plan:advice:)`` for a given `--bout` (`serve` has none).
    static func firstBout(plan: Plan, advice: ProgressionAdvice, bout: Int?) throws -> Int {
        let bout = bout ?? (plan.boutsPerDay == nil ? 1 : advice.history.filter { $0.date == advice.day }.count + 1)
        let problems = plan.validate(firstBout: bout)
        guard problems.isEmpty else {
            throw ValidationError(problems.map { "--bout \(bout): \($0)" }.joined(separator: "\n"))
        }
        return bout
    }

    /// audio.yaml, profile.yaml and rules.yaml, every problem of all three reported at once, before anything is
    /// recorded.
    static func loadSettings(
        config: ConfigOptions, locator: ResourceLocator
    ) throws -> (AudioSettings, ProfileConfig, RuleConfig) {
        var problems: [String] = []
        var audio: AudioSettings?
        do {
            audio = try AudioSettings.load(locator: locator)
        } catch let error as AppError where error.code == .badConfig {
            problems.append(error.message)
        }
        var loaded: (profile: ProfileConfig, rules: RuleConfig)?
        do {
            loaded = try config.load(locator: locator)
        } catch let error as AppError where error.code == .badConfig {
            problems.append(error.message)
        }
        guard let audio, let loaded else { throw AppError(code: .badConfig, message: problems.joined(separator: "\n")) }
        return (audio, loaded.profile, loaded.rules)
    }
}
