import ArgumentParser
import RetroWalk

/// `--profile FILE` and `--rules FILE`: a profile and rule settings read after the shipped and user files. Shared
/// by `walk`, `check`, `profile` (and `replay`).
struct ConfigOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A profile.yaml read last, over config/profile.yaml and $XDG_CONFIG_HOME/retrowalk/profile.yaml.",
            valueName: "file"))
    var profile: String?

    @Option(
        help: ArgumentHelp(
            "A rules.yaml read last, over config/rules.yaml and $XDG_CONFIG_HOME/retrowalk/rules.yaml.",
            valueName: "file"))
    var rules: String?

    /// Loads both, reporting every problem of both at once.
    ///
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem, the profile's first.
    func load(locator: ResourceLocator) throws -> (profile: ProfileConfig, rules: RuleConfig) {
        var problems: [String] = []
        var profileConfig: ProfileConfig?
        var ruleConfig: RuleConfig?
        do {
            profileConfig = try ProfileConfig.load(locator: locator, explicit: profile)
        } catch let error as AppError where error.code == .badConfig {
            problems.append(error.message)
        }
        do {
            ruleConfig = try RuleConfig.load(locator: locator, explicit: rules)
        } catch let error as AppError where error.code == .badConfig {
            problems.append(error.message)
        }
        guard let profileConfig, let ruleConfig else {
            throw AppError(code: .badConfig, message: problems.joined(separator: "\n"))
        }
        return (profileConfig, ruleConfig)
    }
}
