import ArgumentParser
import Foundation
import RetroWalk
import RetroWalkCore
import SessionEngine
import StrapProtocol

/// `retrowalk replay FILE`: a recording through the rules (and a plan) on a virtual clock.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run a recording through the rules engine (and a plan) on a virtual clock; print the timeline.",
        discussion: """
            FILE is detected by its content: the project's recording CSV (header t_s,bpm,contact,energy_kj,rr_ms), \
            plain RR text (one interval in ms per line), a FIT or a TCX activity file with heart rate (see README, \
            "Recordings"). The events are those of 'walk --json' (alarm, clear, ack, cue, phase, signal, symptom, \
            checkin, user, summary; samples only with --samples), 't' in seconds since the recording's start; the \
            last line is the summary (alarms per rule, time in zones, max HR).

            Without --plan the whole recording is one walking phase. With --plan the plan's cues, check-ins and \
            recovery gate run on the recording's timeline; a simulated walker answers check-ins "fine" unless \
            --keys scripts the walker's keys (e.g. 'dizzy@400,ack@410,end@420').
            A gap of more than 3 s between notifications counts as a lost signal.
            """
    )

    @Argument(help: ArgumentHelp("The recording.", valueName: "file"))
    var file: String

    @Option(
        help: ArgumentHelp(
            "A plan (name in config/plans, or a YAML file) to run over the recording.", valueName: "name"))
    var plan: String?

    @OptionGroup var config: ConfigOptions

    @Option(help: ArgumentHelp("Keys to press at recording times, e.g. 'dizzy@400,ack@410'.", valueName: "key@s,…"))
    var keys: String?

    @Flag(help: "Print the events as JSON lines (otherwise a readable log).")
    var json = false

    @Flag(help: "Include every notification as a 'sample' event.")
    var samples = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.bootstrapLogging()
        let locator = ResourceLocator()
        do {
            let (profile, rules) = try config.load(locator: locator)
            let recording = try RecordingFile.read(file)
            for note in recording.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
            let replay = Replay(
                plan: try plan.map { try PlanLoader(locator: locator).load($0) },
                profile: profile.profile,
                rules: rules.settings,
                keys: try keys.map { try KeyScript(parsing: $0) }
            )
            var out = OutputBuffer()
            replay.run(recording) { event in
                if case .sample = event.kind, !samples { return }
                out.write(json ? event.jsonLine : HumanLog.line(for: event))
            }
            out.flush()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }
}

/// Reads a recording file, with an error that names it.
enum RecordingFile {
    static func read(_ path: String) throws -> Recording {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(
                code: .badArgument,
                message: "Recording '\(path)' could not be read. Check the path and that it is a readable file.")
        }
        return try RecordingReader.read(bytes: [UInt8](data), name: path)
    }
}

/// Standard output in large writes (a 24 h replay prints thousands of lines).
struct OutputBuffer {
    private var buffer: [UInt8] = []

    mutating func write(_ line: String) {
        buffer += line.utf8
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
