import ArgumentParser
import RetroWalk
import SessionStore

/// The options `walk` and `serve` share: the plan a session runs, its clock, where its sound and its record go, and
/// the simulated heart's seed.
struct SessionRunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The session plan: a name in config/plans, or a YAML file.", valueName: "name"))
    var plan = "beginner"

    @Option(
        help: ArgumentHelp(
            "Session clock speed for simulated sessions: 1 = real time, 8 = eight times faster (at most 100), 'max' = "
                + "as fast as possible.",
            valueName: "x"))
    var speed: Speed = Speed(factor: 1)

    @Option(
        help: ArgumentHelp(
            "The ALSA playback device (see 'aplay -L'); default: 'device' in audio.yaml.", valueName: "name"))
    var audioDevice: String?

    @Option(help: ArgumentHelp("The session database file.", valueName: "file"))
    var db: String?

    @Option(help: ArgumentHelp("Seed of the simulated heart (same seed, same session).", valueName: "n"))
    var seed: UInt64 = 1

    /// The database: `--db`, else the default path (XDG_DATA_HOME).
    func databasePath(environment: [String: String]) -> String {
        db ?? AppDatabase.defaultPath(environment: environment)
    }

    /// Where the sound goes: the `--render-audio` file, else `--audio-device`, else audio.yaml's `device`.
    func audio(renderAudio: String?, configuredDevice: String) -> SessionOptions.Audio {
        renderAudio.map { .render($0) } ?? .device(audioDevice ?? configuredDevice)
    }

    /// Refuses a speed that cannot be paced and a `--render-audio` name that is not a WAV file.
    func validate(simulated: Bool, renderAudio: String?) throws {
        try speed.validate(simulated: simulated)
        if let renderAudio, !renderAudio.lowercased().hasSuffix(".wav") {
            throw ValidationError("--render-audio writes a WAV file; give a name ending in .wav, not '\(renderAudio)'.")
        }
    }
}

/// `--speed`: a positive factor, or `max`.
struct Speed: ExpressibleByArgument, CustomStringConvertible, Sendable {
    /// The factor, or `nil` for as fast as possible.
    var factor: Double?

    init(factor: Double?) { self.factor = factor }

    init?(argument: String) {
        if argument == "max" {
            factor = nil
        } else if let value = Double(argument), value > 0, value.isFinite {
            factor = value
        } else {
            return nil
        }
    }

    var description: String { factor.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "max" }

    /// The fastest factor a paced session keeps up with here: at 300× a simulated strap's notifications (3 ms
    /// apart) already arrive late enough to look like a lost link. `max` runs on the session's own clock instead.
    static let fastestPaced = 100.0

    /// Refuses what cannot be paced (a real strap, or a factor above ``fastestPaced``), naming the remedy.
    func validate(simulated: Bool) throws {
        if !simulated, factor != 1 {
            throw ValidationError("--speed is for simulated sessions; a real strap runs in real time.")
        }
        if let factor, factor > Self.fastestPaced {
            throw ValidationError(
                "--speed \(self) is faster than a session can be paced (at most \(Int(Self.fastestPaced))); use "
                    + "--speed max to run as fast as possible on the session's own clock.")
        }
    }

    static var defaultCompletionKind: CompletionKind { .list(["1", "8", "max"]) }
}
