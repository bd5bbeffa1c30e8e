import ArgumentParser
import Foundation
import Logging
import RetroWalk

/// `retrowalk`: heart-rate strap monitor and safety alerter for backward-walking sessions.
@main
struct RetroWalkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrowalk",
        abstract: "Heart-rate strap monitor and safety alerter for backward-walking sessions.",
        discussion: """
            retrowalk reads heart rate and RR intervals from a Bluetooth LE chest strap, runs a session plan \
            (warm-up, backward bouts, recovery, cool-down) with spoken cues, sounds prioritised alarms when a \
            stop criterion appears, and records every session.

            Start with a simulated session:  retrowalk walk --simulate --speed 8
            """,
        subcommands: [
            Walk.self, Serve.self, ReplayCommand.self, AnalyzeCommand.self, Scan.self, Check.self, PlanCommand.self,
            ProfileCommand.self, Rest.self, History.self, Report.self, Export.self, Sounds.self, Decode.self,
            ClinicCommand.self,
        ]
    )
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "How much to log on stderr: trace, debug, info, notice, warning, error, critical.",
            valueName: "level"
        )
    )
    var logLevel: LogLevel = .notice

    /// Sets up logging to stderr once per process.
    func bootstrapLogging() -> Logger {
        let level = logLevel.level
        LoggingOnce.bootstrap {
            // Log lines are written by a thread of their own (a blocked stderr never holds a session up), and
            // written out when the process exits.
            let writer = LogStream.writer
            LoggingSystem.bootstrap { label in QueuedLogHandler(label: label, writer: writer, level: level) }
            atexit { LogStream.writer.flush(timeout: .seconds(1)) }
        }
        var logger = Logger(label: "retrowalk")
        logger.logLevel = level
        return logger
    }
}

/// `--log-level`: swift-log's levels by name (a type of our own, not a retroactive conformance).
enum LogLevel: String, CaseIterable, ExpressibleByArgument {
    case trace, debug, info, notice, warning, error, critical

    /// The swift-log level.
    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .notice }
}

/// `LoggingSystem.bootstrap` may run once per process; tests parse and run several commands.
enum LoggingOnce {
    nonisolated(unsafe) private static var done = false
    private static let lock = NSLock()

    static func bootstrap(_ body: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        body()
    }
}

/// The process's log writer.
enum LogStream {
    static let writer = QueuedLogHandler.Writer()
}

/// Prints a one-line error on stderr and fails with exit status 1.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data(("retrowalk: " + message + "\n").utf8))
    return ExitCode(1)
}
