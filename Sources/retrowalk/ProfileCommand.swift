import ArgumentParser
import RetroWalk

/// `retrowalk profile`: the effective profile and what it implies.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Show the effective profile: HRmax and its uncertainty, the zone, the ceilings, the variants.",
        discussion: """
            Reads config/profile.yaml, then $XDG_CONFIG_HOME/retrowalk/profile.yaml, then --profile FILE (each \
            overrides the keys it sets), and the same for rules.yaml. Prints HRmax with its source (a \
            clinician's value, else Tanaka for men, Gulati for women, Brawner on a β-blocker) and, for an \
            estimate, its SD; the resting HR; the training zone in bpm, % of heart-rate reserve and % of HRmax; \
            the ceiling (R2) and hard ceiling (R3) with their derivation; the variants the profile switches on; \
            and the files read. A bad file prints one line per problem and exits with status 1.
            """
    )

    @OptionGroup var config: ConfigOptions

    @Flag(help: "Print one JSON object instead.")
    var json = false

    func run() throws {
        let loaded: (profile: ProfileConfig, rules: RuleConfig)
        do {
            loaded = try config.load(locator: ResourceLocator())
        } catch {
            throw fail("\(error)")
        }
        let report = ProfileReport(
            profile: loaded.profile.profile,
            settings: loaded.rules.settings,
            profileFiles: loaded.profile.files,
            rulesFiles: loaded.rules.files
        )
        if json {
            print(report.jsonLine)
        } else {
            for line in report.lines { print(line) }
        }
    }
}
