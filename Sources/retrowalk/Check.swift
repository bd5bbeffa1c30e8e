import ArgumentParser
import Foundation
import RetroWalk

/// `retrowalk check`: readiness before a session.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that everything is ready for a session: config, clips, adapter, strap, audio.",
        discussion: """
            Each step prints PASS, WARN or FAIL with what it found and, when it is not a pass, what to do. \
            The strap is the one given with --strap, the saved one ('retrowalk scan --save N'), or the \
            simulated strap with --simulate. It listens to the strap for --seconds: contact, notification \
            rate, RR intervals, battery. The config steps read the plan, audio.yaml, profile.yaml and rules.yaml \
            (with --profile FILE and --rules FILE as a session would) and name every problem. Exits with status 1 \
            when any step fails.
            """
    )

    @OptionGroup var source: SourceOptions

    @OptionGroup var config: ConfigOptions

    @Option(help: ArgumentHelp("The plan to validate.", valueName: "name"))
    var plan = "beginner"

    @Option(help: ArgumentHelp("How long to listen to the strap.", valueName: "s"))
    var seconds: Double = 10

    @Option(
        help: ArgumentHelp(
            "The ALSA playback device to play the sound test on; default: 'device' in audio.yaml.", valueName: "name"))
    var audioDevice: String?

    @Flag(help: "Print one JSON object per step.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if !(seconds >= 3 && seconds <= 600) {
            throw ValidationError("--seconds must be between 3 and 600, not '\(seconds)'.")
        }
    }

    func run() throws {
        let logger = global.bootstrapLogging()
        let locator = ResourceLocator()
        let source: SessionOptions.Source
        do {
            source = try self.source.resolve(locator: locator)
        } catch {
            throw fail("\(error)")
        }
        let check = ReadinessCheck(
            source: source,
            planName: plan,
            adapter: self.source.adapter,
            listenSeconds: seconds,
            audioDevice: audioDevice,
            locator: locator,
            profileFile: config.profile,
            rulesFile: config.rules
        )
        var failed = 0
        check.run(logger: logger) { finding in
            if finding.status == .fail { failed += 1 }
            print(json ? finding.jsonLine : finding.line)
        }
        if failed > 0 {
            if !json { print("\(failed) step(s) failed: fix them before walking.") }
            throw ExitCode(1)
        }
    }
}
