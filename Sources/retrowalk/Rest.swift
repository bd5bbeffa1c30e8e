import ArgumentParser
import Foundation
import RetroWalk

/// `retrowalk rest`: measures the resting heart rate and, with `--save`, puts it in the user's profile.
struct Rest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure your resting heart rate before a session (3 min standing or sitting still).",
        discussion: """
            Wear the strap, stand or sit still and breathe normally. The resting HR is the median of the beat \
            rates in the last 60 s of the measurement (SAFETY.md, section A), rounded to a whole bpm. It sets the \
            heart-rate reserve: the training zone (% HRR), rule R4 ("HR not rising": below resting + 10) and \
            rule C1 (HR below resting - 15 after a bout). --save writes it as resting_bpm into your \
            $XDG_CONFIG_HOME/retrowalk/profile.yaml (the rest of the file is kept), which sessions then use.
            """
    )

    @OptionGroup var source: SourceOptions

    @Option(help: ArgumentHelp("How long to measure, at least 90 s (the median uses the last 60 s).", valueName: "s"))
    var seconds: Double = 180

    @Flag(help: "Write the result as resting_bpm into your profile.yaml.")
    var save = false

    @Flag(help: "Print one JSON object.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard seconds >= 90, seconds <= 1800 else {
            throw ValidationError("--seconds must be 90 to 1800 (the median uses the last 60 s), not '\(seconds)'.")
        }
    }

    func run() throws {
        let logger = global.bootstrapLogging()
        let locator = ResourceLocator()
        do {
            let source = try self.source.resolve(locator: locator)
            if !json { print("Stand or sit still and breathe normally for \(Int(seconds)) s.") }
            let result = try RestMeasurement(source: source, seconds: seconds).run(logger: logger) { line in
                if !json { print(line) }
            }
            guard let bpm = result.beatsPerMinute else {
                throw AppError(
                    code: .sessionFailed,
                    message: "No resting heart rate: too few beats in the last 60 s (\(result.samples) notifications"
                        + (result.losses.isEmpty ? "" : ", link lost: \(result.losses.joined(separator: "; "))")
                        + "). Moisten the strap's electrodes, wear it snugly and try again.")
            }
            let saved = save ? try ProfileConfig.saveRestingBPM(bpm, locator: locator) : nil
            if json {
                var object = "{\"resting_bpm\": \(bpm), \"samples\": \(result.samples)"
                object += ", \"saved\": " + (saved.map { "\"\($0)\"" } ?? "null") + "}"
                print(object)
            } else {
                print("Resting heart rate: \(bpm) bpm (median of the last 60 s).")
                print(saved.map { "Saved as resting_bpm in \($0)." } ?? "Run again with --save to use it.")
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }
}
