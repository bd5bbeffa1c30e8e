public import RetroWalkCore
import SafetyRules

/// The walker's profile as loaded from `profile.yaml`, and the files it came from.
///
/// Layers, lowest precedence first (``ConfigSource/layers(of:locator:explicit:option:)``): the shipped
/// `config/profile.yaml`, the user's `$XDG_CONFIG_HOME/retrowalk/profile.yaml`, then `--profile FILE`. Each file
/// overrides only the keys it sets; `null` is a value too (a later `clinician_max_bpm: null` removes an earlier
/// one). Keys and ranges:
///
/// | key | allowed |
/// |---|---|
/// | `age` | 18…100 years |
/// | `sex` | `male`, `female` |
/// | `mass_kg` | 30…250, or `null` |
/// | `resting_bpm` | 30…120 |
/// | `clinician_max_bpm`, `clinician_ceiling_bpm`, `clinician_absolute_max_bpm` | 80…220, or `null`; absolute ≥ ceiling |
/// | `beta_blocker`, `known_af`, `pacemaker` | `true`, `false` |
/// | `rehab` | `none`, `phase_1`, `outpatient` |
/// | `training_zone.method` | `hrr`, `hrmax`, `bpm` |
/// | `training_zone.lower`, `.upper` | fractions 0.2…1 (`hrr`, `hrmax`) or 40…220 bpm (`bpm`); lower < upper |
///
/// The resting HR must also be below HRmax (the clinician's value or the estimate), or the heart-rate reserve
/// would be empty.
public struct ProfileConfig: Sendable {
    /// The file's name, in `config/` and in the user's config folder: `profile.yaml`.
    public static let fileName = "profile.yaml"

    /// The merged profile.
    public var profile: Profile
    /// The files read, lowest precedence first.
    public var files: [String]

    /// The allowed fractions of a `hrr` or `hrmax` zone: 0.2…1.
    public static let zoneFractions: ClosedRange<Double> = 0.2...1
    /// The allowed bounds of a `bpm` zone: 40…220 bpm.
    public static let zoneBPM: ClosedRange<Double> = 40...220

    /// The layers to read.
    ///
    /// - Parameters:
    ///   - locator: Where the shipped and user folders are.
    ///   - explicit: The file given with `--profile`, which must exist.
    public static func sources(locator: ResourceLocator, explicit: String? = nil) -> [ConfigSource] {
        ConfigSource.layers(of: fileName, locator: locator, explicit: explicit, option: "--profile")
    }

    /// Loads the shipped profile, the user's, and `explicit`.
    ///
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem of every file.
    public static func load(locator: ResourceLocator, explicit: String? = nil) throws -> ProfileConfig {
        try load(sources(locator: locator, explicit: explicit))
    }

    /// Merges the layers in order over ``Profile/init(age:sex:massKilograms:restingBPM:clinicianMaxBPM:clinicianCeilingBPM:clinicianAbsoluteMaxBPM:betaBlocker:knownAF:pacemaker:rehab:trainingZone:)``'s
    /// defaults.
    ///
    /// - Parameter sources: The layers, lowest precedence first.
    /// - Returns: The merged profile and the files read.
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem: `Profile '<file>': '<key>' is '<value>';
    ///   allowed <lo> to <hi>`, then the problems of the merged profile (zone bounds, absolute ≥ ceiling).
    public static func load(_ sources: [ConfigSource]) throws -> ProfileConfig {
        let loaded = try schema.load(sources, over: Profile())
        return ProfileConfig(profile: loaded.value, files: loaded.files)
    }

    /// Loads files that may or may not exist, lowest precedence first.
    public static func load(files: [String]) throws -> ProfileConfig {
        try load(files.map { ConfigSource(path: $0) })
    }

    // MARK: - Internals

    static let schema = ConfigSchema<Profile>(
        label: "Profile",
        keys: [
            .wholeNumber("age", \.age, 18...100, unit: "years"),
            .choice("sex", \.sex),
            .optionalNumber("mass_kg", \.massKilograms, 30...250, unit: "kg"),
            .wholeNumber("resting_bpm", \.restingBPM, 30...120, unit: "bpm"),
            .optionalWholeNumber("clinician_max_bpm", \.clinicianMaxBPM, 80...220, unit: "bpm"),
            .optionalWholeNumber("clinician_ceiling_bpm", \.clinicianCeilingBPM, 80...220, unit: "bpm"),
            .optionalWholeNumber("clinician_absolute_max_bpm", \.clinicianAbsoluteMaxBPM, 80...220, unit: "bpm"),
            .flag("beta_blocker", \.betaBlocker),
            .flag("known_af", \.knownAF),
            .flag("pacemaker", \.pacemaker),
            .choice("rehab", \.rehab),
            .choice("training_zone.method", \.trainingZone.method),
            zoneBound("lower", \.trainingZone.lower),
            zoneBound("upper", \.trainingZone.upper),
        ],
        crossCheck: problems(of:)
    )

    /// `training_zone.lower` or `.upper`: any number here; its range depends on the method, which may come from
    /// another file, so it is checked after merging.
    private static func zoneBound(
        _ name: String, _ target: any WritableKeyPath<Profile, Double> & Sendable
    ) -> ConfigSchema<Profile>.Key {
        .init(path: "training_zone." + name) { value throws(ConfigProblem) in
            guard let bound = value.finiteNumber else {
                let f = ConfigValue.format
                throw value.problem(
                    "expected a number: a fraction from \(f(zoneFractions.lowerBound)) to "
                        + "\(f(zoneFractions.upperBound)) (method hrr or hrmax) or \(f(zoneBPM.lowerBound)) to "
                        + "\(f(zoneBPM.upperBound)) bpm (method bpm)")
            }
            return { $0[keyPath: target] = bound }
        }
    }

    /// The checks that involve several keys, on the merged profile.
    static func problems(of profile: Profile) -> [ConfigSchema<Profile>.CrossProblem] {
        typealias Problem = ConfigSchema<Profile>.CrossProblem
        var problems: [Problem] = []
        let zone = profile.trainingZone
        let method = "training_zone.method"
        let (range, meaning): (ClosedRange<Double>, String) =
            switch zone.method {
            case .heartRateReserve: (zoneFractions, ", a fraction of heart-rate reserve")
            case .percentMax: (zoneFractions, ", a fraction of HRmax")
            case .beatsPerMinute: (zoneBPM, " bpm")
            }
        let allowed =
            ConfigValue.allowed(range, unit: nil) + meaning + ", as training_zone.method is '\(zone.method.rawValue)'"
        var boundsInRange = true
        for (name, bound) in [("lower", zone.lower), ("upper", zone.upper)] where !range.contains(bound) {
            boundsInRange = false
            let key = "training_zone." + name
            problems.append(
                Problem(keys: [key, method], message: "'\(key)' is '\(ConfigValue.format(bound))'; \(allowed)"))
        }
        if boundsInRange, zone.lower >= zone.upper {
            problems.append(
                Problem(
                    keys: ["training_zone.lower", "training_zone.upper"],
                    message: "training_zone.lower (\(ConfigValue.format(zone.lower))) must be below "
                        + "training_zone.upper (\(ConfigValue.format(zone.upper)))"))
        }
        if let ceiling = profile.clinicianCeilingBPM, let absolute = profile.clinicianAbsoluteMaxBPM, absolute < ceiling
        {
            problems.append(
                Problem(
                    keys: ["clinician_absolute_max_bpm", "clinician_ceiling_bpm"],
                    message: "clinician_absolute_max_bpm (\(absolute)) must be at least clinician_ceiling_bpm "
                        + "(\(ceiling)): the hard stop (R3) cannot be below the stop level (R2)"))
        }
        let limits = HeartRateLimits(profile: profile)
        if Double(profile.restingBPM) >= limits.maxBPM {
            let origin = profile.clinicianMaxBPM != nil ? ["clinician_max_bpm"] : ["age"]
            problems.append(
                Problem(
                    keys: ["resting_bpm"] + origin,
                    message: "resting_bpm (\(profile.restingBPM)) must be below HRmax "
                        + "(\(ConfigValue.format(limits.maxBPM.rounded())) bpm, \(limits.source.rawValue)): "
                        + "check both, or ask a clinician for clinician_max_bpm"))
        }
        return problems
    }
}
