public import RetroWalkCore
public import SafetyRules

/// What a profile and the rule settings imply, for `retrowalk profile`: HRmax with its source and uncertainty,
/// the resting HR, the training zone in bpm and in % terms, the ceilings with their derivation, and the variants
/// the profile switches on.
///
/// The arithmetic (SAFETY.md, "Proposed default rule set", A and the notes under C):
/// - HRmax and its SD come from `HeartRateLimits(profile:)`: the clinician's value, else Brawner
///   (164 − 0.7 × age, SEE 18 bpm) on a β-blocker, else Gulati (206 − 0.88 × age) for women or Tanaka
///   (208 − 0.7 × age) for men, SD ≈ 10 bpm.
/// - Zone: `hrr` = rest + f × (HRmax − rest) (Karvonen), `hrmax` = f × HRmax, `bpm` as given. Outpatient rehab caps
///   the upper limit at `limits.rehab_first_sessions_upper_hrr` of HRR for the first `limits.rehab_first_sessions`.
/// - Ceiling (R2) = the lowest of `limits.ceiling_fraction_of_max` × HRmax, `clinician_ceiling_bpm`, and for
///   rehab phase I min(`limits.phase1_ceiling_bpm`, rest + `limits.phase1_ceiling_above_rest_bpm`); never above
///   the hard ceiling.
/// - Hard ceiling (R3) = the lowest of `limits.hard_ceiling_fraction_of_max` × HRmax and
///   `clinician_absolute_max_bpm`.
public struct ProfileReport: Sendable {
    /// A stop level and how it was derived.
    public struct Limit: Sendable, Hashable {
        /// The level, bpm (unrounded; the rules compare with it rounded).
        public var bpm: Double
        /// How it was derived: `85 % of HRmax: 0.85 × 162.5 = 138.1`.
        public var derivation: String
    }

    /// A variant of the rule set that the profile switches on.
    public struct Variant: Sendable, Hashable {
        /// The profile key that switches it on: `beta_blocker`, `known_af`, `pacemaker`, `rehab`.
        public var name: String
        /// What changes.
        public var effect: String
    }

    /// A rule that will not run, and why.
    public struct RuleOff: Sendable, Hashable {
        /// The rule id of SAFETY.md: `R4`.
        public var rule: String
        /// Why: the variant or the `rules.yaml` key.
        public var reason: String
    }

    /// The profile.
    public var profile: Profile
    /// The rule settings.
    public var settings: RuleSettings
    /// The HRmax estimate (or clinician value) and its SD.
    public var limits: HeartRateLimits
    /// The training zone, bpm.
    public var zoneBPM: ClosedRange<Double>
    /// Outpatient rehab: the zone's upper limit for the first sessions, bpm; `nil` otherwise.
    public var firstSessionsUpperBPM: Double?
    /// The ceiling (R2).
    public var ceiling: Limit
    /// The hard ceiling (R3).
    public var hardCeiling: Limit
    /// The variants switched on, in the order β-blocker, known AF, pacemaker, rehab.
    public var variants: [Variant]
    /// The rules that will not run.
    public var rulesOff: [RuleOff]
    /// The profile files read, lowest precedence first.
    public var profileFiles: [String]
    /// The rules files read, lowest precedence first.
    public var rulesFiles: [String]

    /// Derives the report.
    ///
    /// - Parameters:
    ///   - profile: The merged profile.
    ///   - settings: The merged rule settings.
    ///   - profileFiles: The profile files read.
    ///   - rulesFiles: The rules files read.
    public init(
        profile: Profile, settings: RuleSettings = .defaults, profileFiles: [String] = [], rulesFiles: [String] = []
    ) {
        self.profile = profile
        self.settings = settings
        self.profileFiles = profileFiles
        self.rulesFiles = rulesFiles
        let limits = HeartRateLimits(profile: profile)
        self.limits = limits
        let max = limits.maxBPM
        let rest = Double(profile.restingBPM)
        zoneBPM = profile.trainingZone.beatsPerMinute(maxBPM: max, restingBPM: rest)
        let f = Self.number
        let g = Self.fraction
        typealias Term = (name: String, bpm: Double, arithmetic: String)

        var hard: [Term] = [
            (
                Self.percent(settings.hardCeilingFractionOfMax) + " of HRmax",
                settings.hardCeilingFractionOfMax * max,
                "\(g(settings.hardCeilingFractionOfMax)) × \(f(max))"
            )
        ]
        if let absolute = profile.clinicianAbsoluteMaxBPM {
            hard.append(("clinician_absolute_max_bpm", Double(absolute), ""))
        }
        hardCeiling = Self.lowest(hard)

        var stop: [Term] = [
            (
                Self.percent(settings.ceilingFractionOfMax) + " of HRmax",
                settings.ceilingFractionOfMax * max,
                "\(g(settings.ceilingFractionOfMax)) × \(f(max))"
            )
        ]
        if let clinician = profile.clinicianCeilingBPM {
            stop.append(("clinician_ceiling_bpm", Double(clinician), ""))
        }
        if profile.rehab == .phaseI {
            stop.append(
                (
                    "rehab phase I", min(settings.phaseICeilingBPM, rest + settings.phaseICeilingAboveRestBPM),
                    "min(\(f(settings.phaseICeilingBPM)), \(f(rest)) + \(f(settings.phaseICeilingAboveRestBPM)))"
                ))
        }
        if stop.map(\.bpm).min() ?? 0 > hardCeiling.bpm {
            stop.append(("the hard ceiling", hardCeiling.bpm, ""))
        }
        ceiling = Self.lowest(stop)

        var variants: [Variant] = []
        var off: [RuleOff] = []
        if profile.betaBlocker {
            variants.append(
                Variant(
                    name: "beta_blocker",
                    effect: (profile.clinicianMaxBPM == nil ? "HRmax from Brawner (164 − 0.7 × age); " : "")
                        + "RPE prompt 'Rate your effort, 6 to 20' every \(f(settings.rpeIntervalSeconds)) s replaces "
                        + "R1, target \(f(settings.rpeTargetLow))–\(f(settings.rpeTargetHigh)), stop prompt at "
                        + "\(f(settings.rpeStop)) or more; R4 off"))
            off += [
                RuleOff(rule: "R1", reason: "beta_blocker: RPE prompts instead"),
                RuleOff(rule: "R4", reason: "beta_blocker"),
            ]
        }
        if profile.knownAF {
            variants.append(
                Variant(
                    name: "known_af",
                    effect: "R7 and R8 off; R2 and R3 use a \(f(settings.afMedianBeats))-beat median HR"))
            off += [RuleOff(rule: "R7", reason: "known_af"), RuleOff(rule: "R8", reason: "known_af")]
        }
        if profile.pacemaker {
            variants.append(Variant(name: "pacemaker", effect: "R4 and R5 off"))
            off += [RuleOff(rule: "R4", reason: "pacemaker"), RuleOff(rule: "R5", reason: "pacemaker")]
        }
        switch profile.rehab {
        case .none:
            firstSessionsUpperBPM = nil
        case .phaseI:
            firstSessionsUpperBPM = nil
            let cap = min(settings.phaseICeilingBPM, rest + settings.phaseICeilingAboveRestBPM)
            variants.append(
                Variant(
                    name: "rehab",
                    effect: "phase I: ceiling at most min(\(f(settings.phaseICeilingBPM)), resting + "
                        + "\(f(settings.phaseICeilingAboveRestBPM))) = \(f(cap)) bpm"))
        case .outpatient:
            let cap = rest + settings.rehabFirstSessionsUpperHRR * (max - rest)
            firstSessionsUpperBPM = min(zoneBPM.upperBound, cap)
            variants.append(
                Variant(
                    name: "rehab",
                    effect: "outpatient: zone upper limit at most \(Self.percent(settings.rehabFirstSessionsUpperHRR)) "
                        + "of heart-rate reserve (\(f(cap)) bpm) for the first \(f(settings.rehabFirstSessions)) "
                        + "sessions"))
        }
        for parameter in RuleSettings.parameters {
            guard case .flag(let path) = parameter.value, !settings[keyPath: path] else { continue }
            let section = parameter.key.split(separator: ".")[0]
            off.append(RuleOff(rule: section.prefix(1).uppercased() + section.dropFirst(), reason: parameter.key))
        }
        self.variants = variants
        rulesOff = off
    }

    // MARK: - Output

    /// The report for people, one line each.
    public var lines: [String] {
        let f = Self.number
        let p = profile
        let max = limits.maxBPM
        var lines: [String] = []
        lines.append(
            "Walker: \(p.age) years, \(p.sex.rawValue), "
                + (p.massKilograms.map { "\(f($0)) kg" } ?? "mass not set")
                + "; β-blocker \(Self.yesNo(p.betaBlocker)), known AF \(Self.yesNo(p.knownAF)), pacemaker "
                + "\(Self.yesNo(p.pacemaker)), rehab \(p.rehab.rawValue)")
        lines.append("Resting HR: \(p.restingBPM) bpm (configured: resting_bpm)")
        if limits.source == .clinician {
            lines.append("HRmax: \(f(max)) bpm, set by a clinician (clinician_max_bpm)")
        } else {
            lines.append("HRmax: \(f(max)) ± \(f(limits.uncertaintyBPM)) bpm, \(equation)")
            lines.append(
                "  An estimate from a population equation (SD ≈ \(f(limits.uncertaintyBPM)) bpm): your HRmax is "
                    + "likely \(f(max - limits.uncertaintyBPM))–\(f(max + limits.uncertaintyBPM)) bpm. "
                    + "A clinician's value (clinician_max_bpm) is better.")
        }
        lines.append(
            "Training zone: \(Self.bpm(zoneBPM.lowerBound))–\(Self.bpm(zoneBPM.upperBound)) bpm = "
                + "\(Self.percentRange(reserveFraction)) of heart-rate reserve = \(Self.percentRange(maxFraction)) "
                + "of HRmax")
        lines.append("  " + zoneDerivation)
        if let upper = firstSessionsUpperBPM {
            lines.append(
                "  First \(f(settings.rehabFirstSessions)) sessions (outpatient rehab): up to \(Self.bpm(upper)) bpm")
        }
        lines.append("Ceiling (R2): \(Self.bpm(ceiling.bpm)) bpm = \(ceiling.derivation)")
        lines.append("Hard ceiling (R3): \(Self.bpm(hardCeiling.bpm)) bpm = \(hardCeiling.derivation)")
        if variants.isEmpty {
            lines.append("Variants: none")
        } else {
            lines.append("Variants:")
            lines += variants.map { "  \($0.name): \($0.effect)" }
        }
        if !rulesOff.isEmpty {
            lines.append("Rules off: " + rulesOff.map { "\($0.rule) (\($0.reason))" }.joined(separator: ", "))
        }
        lines.append("Profile files: " + Self.list(profileFiles))
        lines.append("Rules files: " + Self.list(rulesFiles))
        return lines
    }

    /// The report as one line of JSON (keys in a fixed order; see README, "Configuration").
    public var jsonLine: String {
        let p = profile
        var profileObject = JSONObject()
        profileObject.add("age", .int(p.age))
        profileObject.add("sex", .string(p.sex.rawValue))
        profileObject.add("mass_kg", p.massKilograms.map { Self.json($0) } ?? .null)
        profileObject.add("resting_bpm", .int(p.restingBPM))
        profileObject.add("clinician_max_bpm", p.clinicianMaxBPM.map { .int($0) } ?? .null)
        profileObject.add("clinician_ceiling_bpm", p.clinicianCeilingBPM.map { .int($0) } ?? .null)
        profileObject.add("clinician_absolute_max_bpm", p.clinicianAbsoluteMaxBPM.map { .int($0) } ?? .null)
        profileObject.add("beta_blocker", .bool(p.betaBlocker))
        profileObject.add("known_af", .bool(p.knownAF))
        profileObject.add("pacemaker", .bool(p.pacemaker))
        profileObject.add("rehab", .string(p.rehab.rawValue))
        var zoneSpec = JSONObject()
        zoneSpec.add("method", .string(p.trainingZone.method.rawValue))
        zoneSpec.add("lower", Self.json(p.trainingZone.lower, decimals: 3))
        zoneSpec.add("upper", Self.json(p.trainingZone.upper, decimals: 3))
        profileObject.add("training_zone", .object(zoneSpec))

        var hrmax = JSONObject()
        hrmax.add("bpm", Self.json(limits.maxBPM))
        hrmax.add("source", .string(limits.source.rawValue))
        hrmax.add("estimate", .bool(limits.source != .clinician))
        hrmax.add("sd_bpm", Self.json(limits.uncertaintyBPM))
        hrmax.add(
            "likely_bpm",
            limits.source == .clinician
                ? .null
                : .array([
                    Self.json(limits.maxBPM - limits.uncertaintyBPM), Self.json(limits.maxBPM + limits.uncertaintyBPM),
                ]))
        hrmax.add("equation", .string(equation))

        var zone = JSONObject()
        zone.add("lower_bpm", Self.json(zoneBPM.lowerBound))
        zone.add("upper_bpm", Self.json(zoneBPM.upperBound))
        zone.add("lower_hrr", Self.json(reserveFraction.lowerBound, decimals: 3))
        zone.add("upper_hrr", Self.json(reserveFraction.upperBound, decimals: 3))
        zone.add("lower_hrmax", Self.json(maxFraction.lowerBound, decimals: 3))
        zone.add("upper_hrmax", Self.json(maxFraction.upperBound, decimals: 3))
        zone.add("first_sessions_upper_bpm", firstSessionsUpperBPM.map { Self.json($0) } ?? .null)
        zone.add("derivation", .string(zoneDerivation))

        func limit(_ limit: Limit) -> JSONValue {
            var object = JSONObject()
            object.add("bpm", Self.json(limit.bpm))
            object.add("rounded_bpm", .int(Int(limit.bpm.rounded())))
            object.add("derivation", .string(limit.derivation))
            return .object(object)
        }

        var rpe = JSONObject()
        rpe.add("interval_s", Self.json(settings.rpeIntervalSeconds))
        rpe.add("target_low", Self.json(settings.rpeTargetLow))
        rpe.add("target_high", Self.json(settings.rpeTargetHigh))
        rpe.add("stop", Self.json(settings.rpeStop))

        var files = JSONObject()
        files.add("profile", .array(profileFiles.map { .string($0) }))
        files.add("rules", .array(rulesFiles.map { .string($0) }))

        var object = JSONObject()
        object.add("profile", .object(profileObject))
        object.add("hrmax", .object(hrmax))
        object.add("resting_bpm", .int(p.restingBPM))
        object.add("zone", .object(zone))
        object.add("ceiling", limit(ceiling))
        object.add("hard_ceiling", limit(hardCeiling))
        object.add(
            "variants",
            .array(
                variants.map { variant in
                    var entry = JSONObject()
                    entry.add("name", .string(variant.name))
                    entry.add("effect", .string(variant.effect))
                    return .object(entry)
                }))
        object.add(
            "rules_off",
            .array(
                rulesOff.map { off in
                    var entry = JSONObject()
                    entry.add("rule", .string(off.rule))
                    entry.add("reason", .string(off.reason))
                    return .object(entry)
                }))
        object.add("rpe", p.betaBlocker ? .object(rpe) : .null)
        object.add("files", .object(files))
        return object.rendered
    }

    // MARK: - Internals

    /// The HRmax figure's equation with the walker's numbers: `Tanaka 2001 (men): 208 − 0.7 × 65 = 162.5`.
    public var equation: String {
        let age = Double(profile.age)
        let f = Self.number
        return switch limits.source {
        case .clinician: "set by a clinician (clinician_max_bpm)"
        case .tanaka: "Tanaka 2001 (men): 208 − 0.7 × \(profile.age) = \(f(208 - 0.7 * age))"
        case .gulati: "Gulati 2010 (women): 206 − 0.88 × \(profile.age) = \(f(206 - 0.88 * age))"
        case .brawner: "Brawner 2004 (on a β-blocker): 164 − 0.7 × \(profile.age) = \(f(164 - 0.7 * age))"
        }
    }

    /// The zone as fractions of heart-rate reserve.
    public var reserveFraction: ClosedRange<Double> {
        let rest = Double(profile.restingBPM)
        let reserve = limits.maxBPM - rest
        return Self.ordered((zoneBPM.lowerBound - rest) / reserve, (zoneBPM.upperBound - rest) / reserve)
    }

    /// The zone as fractions of HRmax.
    public var maxFraction: ClosedRange<Double> {
        Self.ordered(zoneBPM.lowerBound / limits.maxBPM, zoneBPM.upperBound / limits.maxBPM)
    }

    /// How the zone's bpm were computed.
    public var zoneDerivation: String {
        let f = Self.number
        let g = Self.fraction
        let zone = profile.trainingZone
        let rest = f(Double(profile.restingBPM))
        let max = f(limits.maxBPM)
        return switch zone.method {
        case .heartRateReserve:
            "Karvonen: \(rest) + \(g(zone.lower)) × (\(max) − \(rest)) = \(f(zoneBPM.lowerBound)) to \(rest) + "
                + "\(g(zone.upper)) × (\(max) − \(rest)) = \(f(zoneBPM.upperBound))"
        case .percentMax:
            "\(g(zone.lower)) × \(max) = \(f(zoneBPM.lowerBound)) to \(g(zone.upper)) × \(max) = "
                + "\(f(zoneBPM.upperBound))"
        case .beatsPerMinute:
            "set in bpm (training_zone.method: bpm)"
        }
    }

    private static func ordered(_ a: Double, _ b: Double) -> ClosedRange<Double> {
        Swift.min(a, b)...Swift.max(a, b)
    }

    /// The lowest of several candidate levels, with its derivation.
    private static func lowest(_ terms: [(name: String, bpm: Double, arithmetic: String)]) -> Limit {
        func describe(_ term: (name: String, bpm: Double, arithmetic: String)) -> String {
            term.arithmetic.isEmpty
                ? "\(term.name) \(number(term.bpm))" : "\(term.name): \(term.arithmetic) = \(number(term.bpm))"
        }
        let winner = terms.min { $0.bpm < $1.bpm } ?? ("", 0, "")
        guard terms.count > 1 else { return Limit(bpm: winner.bpm, derivation: describe(winner)) }
        return Limit(bpm: winner.bpm, derivation: "the lowest of (" + terms.map(describe).joined(separator: "; ") + ")")
    }

    /// One decimal at most: `162.5`, `68`.
    static func number(_ value: Double) -> String {
        JSONValue.format(value, decimals: 1, trim: true).replacingSuffix(".0")
    }

    /// Three decimals at most: `0.59`, `0.595`.
    static func fraction(_ value: Double) -> String {
        JSONValue.format(value, decimals: 3, trim: true).replacingSuffix(".0")
    }

    private static func bpm(_ value: Double) -> String { String(Int(value.rounded())) }

    private static func percent(_ fraction: Double) -> String { number(fraction * 100) + " %" }

    private static func percentRange(_ range: ClosedRange<Double>) -> String {
        number(range.lowerBound * 100) + "–" + number(range.upperBound * 100) + " %"
    }

    private static func yesNo(_ flag: Bool) -> String { flag ? "yes" : "no" }

    private static func list(_ files: [String]) -> String {
        files.isEmpty ? "none (built-in defaults)" : files.joined(separator: ", ")
    }

    private static func json(_ value: Double, decimals: Int = 1) -> JSONValue {
        .fixed(value, decimals: decimals, trim: true)
    }
}

extension String {
    /// The string without `suffix` when it ends with it.
    fileprivate func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
