import ArgumentParser
import Foundation
import RetroWalk
import RetroWalkCore
import SafetyRules
import Testing

@testable import retrowalk

@Suite("retrowalk profile and config on the command line")
struct ProfileCommandTests {
    static func write(_ yaml: String, _ name: String, in folder: TemporaryFolder) throws -> String {
        let path = folder.path(name)
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// An environment with an empty user config folder and data folder inside `folder`.
    static func environment(_ folder: TemporaryFolder) -> [String: String] {
        ["XDG_CONFIG_HOME": folder.path("xdg"), "XDG_DATA_HOME": folder.path("data")]
    }

    @Test("walk, check and profile take --profile FILE and --rules FILE")
    func parse() throws {
        let walk = try #require(
            try RetroWalkCommand.parseAsRoot(["walk", "--simulate", "--profile", "p.yaml", "--rules", "r.yaml"])
                as? Walk)
        #expect(walk.config.profile == "p.yaml" && walk.config.rules == "r.yaml")
        let check = try #require(
            try RetroWalkCommand.parseAsRoot(["check", "--simulate", "--rules", "r.yaml"]) as? Check)
        #expect(check.config.profile == nil && check.config.rules == "r.yaml")
        let profile = try #require(
            try RetroWalkCommand.parseAsRoot(["profile", "--profile", "p.yaml", "--json"]) as? ProfileCommand)
        #expect(profile.config.profile == "p.yaml" && profile.json)
        let help = RetroWalkCommand.helpMessage(for: ProfileCommand.self)
        for phrase in ["--profile", "--rules", "--json", "Tanaka", "Brawner"] {
            #expect(help.contains(phrase), "help lacks \(phrase)")
        }
    }

    @Test("profile --json for a β-blocker: Brawner HRmax with its SD, RPE prompts, R1 and R4 off, derived ceilings")
    func betaBlockerJSON() throws {
        // Given a 70-year-old on a β-blocker with a clinician's absolute maximum
        let folder = try TemporaryFolder()
        let file = try Self.write(
            "age: 70\nbeta_blocker: true\nresting_bpm: 60\nclinician_absolute_max_bpm: 105\n", "p.yaml", in: folder)
        // When `retrowalk profile --json` runs
        let output = try RetroWalkBinary.run(
            ["profile", "--json", "--profile", file], environment: Self.environment(folder))
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.lines.count == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        // Then HRmax is Brawner's 164 − 0.7 × 70 = 115 with SD 18 bpm, marked as an estimate
        let hrmax = try #require(object["hrmax"] as? [String: Any])
        #expect(hrmax["bpm"] as? Double == 115)
        #expect(hrmax["source"] as? String == "brawner")
        #expect(hrmax["estimate"] as? Bool == true)
        #expect(hrmax["sd_bpm"] as? Double == 18)
        #expect(hrmax["likely_bpm"] as? [Double] == [97, 133])
        #expect(hrmax["equation"] as? String == "Brawner 2004 (on a β-blocker): 164 − 0.7 × 70 = 115")
        // And the zone is Karvonen 40–59 % of (115 − 60) above 60 (92.45 in binary floating point rounds down)
        let zone = try #require(object["zone"] as? [String: Any])
        #expect(zone["lower_bpm"] as? Double == 82)
        #expect(zone["upper_bpm"] as? Double == 92.4)
        #expect(zone["lower_hrr"] as? Double == 0.4)
        #expect(zone["upper_hrmax"] as? Double == 0.804)
        // And the ceilings: 85 % of 115 = 97.8; the hard ceiling is the clinician's 105, below 95 % (109.3)
        let ceiling = try #require(object["ceiling"] as? [String: Any])
        #expect(ceiling["bpm"] as? Double == 97.8)
        #expect(ceiling["rounded_bpm"] as? Int == 98)
        let hard = try #require(object["hard_ceiling"] as? [String: Any])
        #expect(hard["bpm"] as? Double == 105)
        #expect(
            hard["derivation"] as? String
                == "the lowest of (95 % of HRmax: 0.95 × 115 = 109.3; clinician_absolute_max_bpm 105)")
        // And the β-blocker variant: RPE prompts replace R1, R4 is off
        let variants = try #require(object["variants"] as? [[String: Any]])
        #expect(variants.map { $0["name"] as? String } == ["beta_blocker"])
        let off = try #require(object["rules_off"] as? [[String: Any]])
        #expect(off.map { $0["rule"] as? String } == ["R1", "R4"])
        let rpe = try #require(object["rpe"] as? [String: Any])
        #expect(
            rpe["target_low"] as? Double == 11 && rpe["target_high"] as? Double == 13 && rpe["stop"] as? Double == 15)
        // And the files read are named
        let files = try #require(object["files"] as? [String: [String]])
        #expect(files["profile"]?.last == file)
        #expect(files["profile"]?.first?.hasSuffix("config/profile.yaml") == true)
        #expect(files["rules"]?.count == 1)
    }

    @Test("profile prints the estimate's uncertainty and the derivation of each limit for people")
    func humanOutput() throws {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run(["profile"], environment: Self.environment(folder))
        #expect(output.status == 0)
        #expect(output.lines.contains("HRmax: 162.5 ± 10 bpm, Tanaka 2001 (men): 208 − 0.7 × 65 = 162.5"))
        #expect(
            output.lines.contains(
                "  An estimate from a population equation (SD ≈ 10 bpm): your HRmax is likely 152.5–172.5 bpm. "
                    + "A clinician's value (clinician_max_bpm) is better."))
        #expect(output.lines.contains("Resting HR: 68 bpm (configured: resting_bpm)"))
        #expect(
            output.lines.contains(
                "Training zone: 106–124 bpm = 40–59 % of heart-rate reserve = 65.1–76.2 % of HRmax"))
        #expect(output.lines.contains("Ceiling (R2): 138 bpm = 85 % of HRmax: 0.85 × 162.5 = 138.1"))
        #expect(output.lines.contains("Hard ceiling (R3): 154 bpm = 95 % of HRmax: 0.95 × 162.5 = 154.4"))
        #expect(output.lines.contains("Variants: none"))
    }

    @Test("walk with a bad profile and bad rules exits 1 with every problem on stderr and records nothing")
    func walkRefusesBadConfig() throws {
        // Given a bad --profile file and a bad user rules.yaml
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path("xdg/retrowalk"), withIntermediateDirectories: true)
        let profile = try Self.write("age: 12\nsex: man\n", "p.yaml", in: folder)
        let rules = try Self.write("r3:\n  persistence_s: 0\n", "xdg/retrowalk/rules.yaml", in: folder)
        let database = folder.path("data/s.sqlite")
        // When a session is started with them
        let output = try RetroWalkBinary.run(
            ["walk", "--simulate", "--speed", "max", "--json", "--profile", profile, "--db", database],
            environment: Self.environment(folder))
        // Then it fails before anything happens: no event, no database, one line per problem
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: database))
        #expect(!FileManager.default.fileExists(atPath: folder.path("data")))
        #expect(
            output.stderr.split(separator: "\n") == [
                "retrowalk: Profile '\(profile)': 'age' is '12'; allowed 18 to 100 years",
                "Profile '\(profile)': 'sex' is 'man'; expected one of male, female",
                "Rule settings '\(rules)': 'r3.persistence_s' is '0'; allowed 1 to 30",
            ])
    }

    @Test("walk with a missing --rules file exits 1 naming it")
    func walkMissingRules() throws {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run(
            [
                "walk", "--simulate", "--speed", "max", "--rules", folder.path("nope.yaml"), "--db",
                folder.path("s.sqlite"),
            ],
            environment: Self.environment(folder))
        #expect(output.status == 1)
        #expect(
            output.stderr
                == "retrowalk: Rule settings '\(folder.path("nope.yaml"))' does not exist; check the path given with "
                + "--rules\n")
        #expect(!FileManager.default.fileExists(atPath: folder.path("s.sqlite")))
    }

    @Test("the session uses the loaded profile: a clinician's absolute maximum of 85 bpm raises R3 on a steady walk")
    func walkUsesProfile() throws {
        // Given the steady simulated session, which stays below the default hard ceiling (154 bpm)
        let folder = try TemporaryFolder()
        let arguments = ["walk", "--simulate", "--speed", "max", "--json", "--duration", "120", "--render-audio"]
        let plain = try RetroWalkBinary.run(
            arguments + [folder.path("a.wav"), "--db", folder.path("a.sqlite")], environment: Self.environment(folder))
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(
            !plain.lines.compactMap(EventLine.init).contains { $0.event == "alarm" && $0["rule"] as? String == "R3" })
        // When the profile sets a clinician's absolute maximum of 85 bpm
        let profile = try Self.write("clinician_absolute_max_bpm: 85\n", "p.yaml", in: folder)
        let limited = try RetroWalkBinary.run(
            arguments + [folder.path("b.wav"), "--db", folder.path("b.sqlite"), "--profile", profile],
            environment: Self.environment(folder))
        // Then the hard-ceiling alarm fires
        #expect(limited.status == 0, "\(limited.stderr)")
        #expect(
            limited.lines.compactMap(EventLine.init).contains { $0.event == "alarm" && $0["rule"] as? String == "R3" })
    }

    @Test("check reports config.profile and config.rules: a pass names the limits, a failure each problem")
    func checkReportsConfig() throws {
        let folder = try TemporaryFolder()
        let good = try RetroWalkBinary.run(
            ["check", "--simulate", "--seconds", "3", "--audio-device", "null", "--json"],
            environment: Self.environment(folder))
        let goodSteps = good.lines.compactMap { line -> [String: Any]? in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
        let profileStep = try #require(goodSteps.first { $0["step"] as? String == "config.profile" })
        #expect(profileStep["status"] as? String == "pass")
        #expect(
            profileStep["detail"] as? String
                == "age 65, resting 68 bpm, HRmax 162.5 ± 10 bpm (tanaka), zone 106-124 bpm, ceiling 138, hard ceiling "
                + "154 bpm")
        let rulesStep = try #require(goodSteps.first { $0["step"] as? String == "config.rules" })
        #expect(rulesStep["status"] as? String == "pass")
        #expect(rulesStep["detail"] as? String == "the SAFETY.md defaults")

        let profile = try Self.write("age: 12\nrehab: phase1\n", "p.yaml", in: folder)
        let rules = try Self.write("r3:\n  persistence_s: 8\n", "r.yaml", in: folder)
        let bad = try RetroWalkBinary.run(
            [
                "check", "--simulate", "--seconds", "3", "--audio-device", "null", "--profile", profile, "--rules",
                rules,
            ],
            environment: Self.environment(folder))
        #expect(bad.status == 1)
        let configLines = bad.lines.filter { $0.contains("config.profile") || $0.contains("config.rules") }
        #expect(
            configLines == [
                "FAIL  config.profile        Profile '\(profile)': 'age' is '12'; allowed 18 to 100 years",
                "FAIL  config.profile        Profile '\(profile)': 'rehab' is 'phase1'; expected one of none, phase_1, "
                    + "outpatient",
                "PASS  config.rules          1 setting(s) differ from the SAFETY.md defaults: r3.persistence_s 8",
            ])
    }
}

@Suite("ProfileReport")
struct ProfileReportTests {
    @Test(
        "HRmax: the clinician's value, else Brawner on a β-blocker, else Gulati for women, else Tanaka",
        arguments: [
            (Profile(age: 70), 159.0, HeartRateLimits.Source.tanaka, 10.0),
            (Profile(age: 70, sex: .female), 144.4, .gulati, 10),
            (Profile(age: 70, sex: .female, betaBlocker: true), 115, .brawner, 18),
            (Profile(age: 70, clinicianMaxBPM: 150, betaBlocker: true), 150, .clinician, 0),
        ]
    )
    func hrmax(profile: Profile, bpm: Double, source: HeartRateLimits.Source, sd: Double) {
        let report = ProfileReport(profile: profile)
        #expect(abs(report.limits.maxBPM - bpm) < 1e-9)
        #expect(report.limits.source == source)
        #expect(report.limits.uncertaintyBPM == sd)
        let line = report.lines.first { $0.hasPrefix("HRmax:") } ?? ""
        if source == .clinician {
            #expect(line == "HRmax: 150 bpm, set by a clinician (clinician_max_bpm)")
            #expect(!report.lines.contains { $0.contains("population equation") })
        } else {
            #expect(line.contains("± \(Int(sd)) bpm"))
            #expect(report.lines.contains { $0.contains("A clinician's value (clinician_max_bpm) is better.") })
        }
    }

    @Test(
        "the ceiling is the lowest of 85 % HRmax, the clinician's limit and the phase I cap, never above the hard one")
    func ceilings() {
        // Phase I: min(130, 68 + 30) = 98 is below 85 % of 162.5 and the clinician's 120.
        let phaseI = ProfileReport(profile: Profile(clinicianCeilingBPM: 120, rehab: .phaseI))
        #expect(phaseI.ceiling.bpm == 98)
        #expect(
            phaseI.ceiling.derivation
                == "the lowest of (85 % of HRmax: 0.85 × 162.5 = 138.1; clinician_ceiling_bpm 120; "
                + "rehab phase I: min(130, 68 + 30) = 98)")
        #expect(phaseI.variants.map(\.name) == ["rehab"])
        // A clinician's absolute maximum below 85 % pulls the ceiling down with it.
        let capped = ProfileReport(profile: Profile(clinicianAbsoluteMaxBPM: 120))
        #expect(capped.hardCeiling.bpm == 120)
        #expect(capped.ceiling.bpm == 120)
        // The fractions come from rules.yaml.
        var settings = RuleSettings.defaults
        settings.ceilingFractionOfMax = 0.8
        settings.hardCeilingFractionOfMax = 0.9
        let custom = ProfileReport(profile: Profile(), settings: settings)
        #expect(custom.ceiling.bpm == 130)
        #expect(abs(custom.hardCeiling.bpm - 146.25) < 1e-9)
        #expect(custom.ceiling.derivation == "80 % of HRmax: 0.8 × 162.5 = 130")
    }

    @Test("zones in each method are shown in bpm, % HRR and % HRmax; outpatient rehab caps the first sessions")
    func zones() {
        let bpm = ProfileReport(
            profile: Profile(restingBPM: 62, trainingZone: ZoneSpec(method: .beatsPerMinute, lower: 95, upper: 110)))
        #expect(bpm.zoneBPM == 95...110)
        #expect(abs(bpm.reserveFraction.lowerBound - 33 / 100.5) < 1e-9)
        #expect(bpm.lines.contains("  set in bpm (training_zone.method: bpm)"))
        let percent = ProfileReport(
            profile: Profile(trainingZone: ZoneSpec(method: .percentMax, lower: 0.6, upper: 0.7)))
        #expect(abs(percent.zoneBPM.upperBound - 113.75) < 1e-9)
        #expect(percent.lines.contains("  0.6 × 162.5 = 97.5 to 0.7 × 162.5 = 113.7"))
        let outpatient = ProfileReport(profile: Profile(rehab: .outpatient))
        // 68 + 0.5 × (162.5 − 68) = 115.25, below the zone's 123.8.
        #expect(outpatient.firstSessionsUpperBPM == 115.25)
        #expect(outpatient.lines.contains("  First 2 sessions (outpatient rehab): up to 115 bpm"))
    }

    @Test("variants: known AF turns off R7 and R8, a pacemaker R4 and R5; a rule turned off in rules.yaml is listed")
    func variants() {
        var settings = RuleSettings.defaults
        settings.r9Enabled = false
        let report = ProfileReport(profile: Profile(knownAF: true, pacemaker: true), settings: settings)
        #expect(report.variants.map(\.name) == ["known_af", "pacemaker"])
        #expect(report.rulesOff.map(\.rule) == ["R7", "R8", "R4", "R5", "R9"])
        #expect(report.rulesOff.last?.reason == "r9.enabled")
        #expect(
            report.lines.contains(
                "Rules off: R7 (known_af), R8 (known_af), R4 (pacemaker), R5 (pacemaker), R9 (r9.enabled)"))
    }
}
