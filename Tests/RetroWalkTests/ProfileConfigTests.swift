import Foundation
import RetroWalk
import RetroWalkCore
import SafetyRules
import Testing

@Suite("profile.yaml")
struct ProfileConfigTests {
    static let shipped = RetroWalkBinary.packageRoot.appendingPathComponent("config/profile.yaml").path

    static let keys =
        "age, sex, mass_kg, resting_bpm, clinician_max_bpm, clinician_ceiling_bpm, clinician_absolute_max_bpm, "
        + "beta_blocker, known_af, pacemaker, rehab, training_zone"

    static func problems(_ sources: [ConfigSource]) -> [String] {
        do {
            let config = try ProfileConfig.load(sources)
            Issue.record("loaded: \(config.profile)")
            return []
        } catch {
            #expect((error as? AppError)?.code == .badConfig)
            return "\(error)".split(separator: "\n").map(String.init)
        }
    }

    static func write(_ yaml: String, _ name: String, in folder: TemporaryFolder) throws -> String {
        let path = folder.path(name)
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the shipped config/profile.yaml holds exactly Profile()'s defaults, every key written out")
    func shippedDefaults() throws {
        let config = try ProfileConfig.load(files: [Self.shipped])
        #expect(config.profile == Profile())
        #expect(config.files == [Self.shipped])
        #expect(try ProfileConfig.load(files: []).profile == Profile())
        let text = try String(contentsOfFile: Self.shipped, encoding: .utf8)
        for key in Self.keys.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            #expect(text.contains("\n\(key):"), "\(key) is not in the shipped file")
        }
        for key in ["method", "lower", "upper"] { #expect(text.contains("\n  \(key):")) }
        #expect(text.contains("A clinician's values override the estimate"))
    }

    @Test("a user file changes exactly the one key it sets")
    func userOverridesOneKey() throws {
        let folder = try TemporaryFolder()
        let user = try Self.write("age: 72\n", "profile.yaml", in: folder)
        let config = try ProfileConfig.load(files: [Self.shipped, user])
        #expect(config.profile == Profile(age: 72))
        #expect(config.files == [Self.shipped, user])
    }

    @Test("null is a value: a later file can remove a clinician limit an earlier one set")
    func nullOverrides() throws {
        // Given a user file with clinician values and an explicit file that clears one of them
        let folder = try TemporaryFolder()
        let user = try Self.write(
            "clinician_max_bpm: 150\nclinician_ceiling_bpm: 120\nmass_kg: 81.5\nsex: female\n", "user.yaml", in: folder)
        let explicit = try Self.write("clinician_max_bpm: null\n", "explicit.yaml", in: folder)
        // When all three are loaded
        let config = try ProfileConfig.load([
            ConfigSource(path: Self.shipped), ConfigSource(path: user),
            ConfigSource(path: explicit, option: "--profile"),
        ])
        // Then the cleared value is gone and the others stay
        #expect(
            config.profile
                == Profile(sex: .female, massKilograms: 81.5, clinicianMaxBPM: nil, clinicianCeilingBPM: 120))
    }

    @Test("a layer given as text is read from memory: its name is only for messages, like a file's")
    func layerFromText() throws {
        // Given the shipped file's text and a user layer that exists nowhere on disk
        let shipped = try String(contentsOfFile: Self.shipped, encoding: .utf8)
        let sources = [
            ConfigSource(path: "shipped/profile.yaml", text: shipped),
            ConfigSource(path: "/no/such/folder/profile.yaml", text: "age: 72\nsex: female\n"),
        ]
        // When they are loaded, then the user layer overrides the two keys it sets
        let config = try ProfileConfig.load(sources)
        #expect(config.profile == Profile(age: 72, sex: .female))
        #expect(config.files == ["shipped/profile.yaml", "/no/such/folder/profile.yaml"])
        // And a bad value in a text layer is reported under the name it was given
        let lines = Self.problems([ConfigSource(path: "memory.yaml", text: "age: 12\n")])
        #expect(lines == ["Profile 'memory.yaml': 'age' is '12'; allowed 18 to 100 years"])
    }

    @Test("every field can be set; the zone in bpm; whole numbers written as 70.0 are accepted")
    func everyField() throws {
        let folder = try TemporaryFolder()
        let file = try Self.write(
            """
            age: 70.0
            sex: female
            mass_kg: 62
            resting_bpm: 74
            clinician_max_bpm: 140
            clinician_ceiling_bpm: 115
            clinician_absolute_max_bpm: 125
            beta_blocker: true
            known_af: yes
            pacemaker: true
            rehab: phase_1
            training_zone:
              method: bpm
              lower: 90
              upper: 105
            """, "profile.yaml", in: folder)
        let profile = try ProfileConfig.load(files: [Self.shipped, file]).profile
        #expect(
            profile
                == Profile(
                    age: 70, sex: .female, massKilograms: 62, restingBPM: 74, clinicianMaxBPM: 140,
                    clinicianCeilingBPM: 115, clinicianAbsoluteMaxBPM: 125, betaBlocker: true, knownAF: true,
                    pacemaker: true, rehab: .phaseI,
                    trainingZone: ZoneSpec(method: .beatsPerMinute, lower: 90, upper: 105)))
    }

    @Test(
        "a bad profile.yaml over the shipped one is exactly these lines (SHIPPED is config/profile.yaml)",
        arguments: [
            // Out of range.
            ("age: 12\n", ["'age' is '12'; allowed 18 to 100 years"]),
            ("age: 101\n", ["'age' is '101'; allowed 18 to 100 years"]),
            ("resting_bpm: 25\n", ["'resting_bpm' is '25'; allowed 30 to 120 bpm"]),
            ("mass_kg: 20\n", ["'mass_kg' is '20'; allowed 30 to 250 kg"]),
            ("clinician_max_bpm: 230\n", ["'clinician_max_bpm' is '230'; allowed 80 to 220 bpm"]),
            ("clinician_ceiling_bpm: 79\n", ["'clinician_ceiling_bpm' is '79'; allowed 80 to 220 bpm"]),
            // Wrong types.
            ("age: 65.5\n", ["'age' is '65.5'; expected a whole number of years, allowed 18 to 100 years"]),
            (
                "resting_bpm: sixty\n",
                ["'resting_bpm' is 'sixty'; expected a whole number of bpm, allowed 30 to 120 bpm"]
            ),
            ("beta_blocker: sometimes\n", ["'beta_blocker' is 'sometimes'; expected true or false"]),
            ("known_af: [true]\n", ["'known_af' is a list; expected true or false"]),
            (
                "training_zone:\n  lower: low\n",
                [
                    "'training_zone.lower' is 'low'; expected a number: a fraction from 0.2 to 1 (method hrr or hrmax) "
                        + "or 40 to 220 bpm (method bpm)"
                ]
            ),
            // Bad enums.
            ("sex: man\n", ["'sex' is 'man'; expected one of male, female"]),
            ("rehab: phase1\n", ["'rehab' is 'phase1'; expected one of none, phase_1, outpatient"]),
            (
                "training_zone:\n  method: karvonen\n",
                ["'training_zone.method' is 'karvonen'; expected one of hrr, hrmax, bpm"]
            ),
            // Null where not allowed.
            ("age:\n", ["'age' is empty; expected a whole number of years, allowed 18 to 100 years"]),
            ("sex: ~\n", ["'sex' is empty; expected one of male, female"]),
            ("pacemaker: null\n", ["'pacemaker' is empty; expected true or false"]),
            // Unknown keys at each level; a section that is not a mapping.
            ("agee: 70\n", ["unknown key 'agee' (value '70'); nearest known key 'age'; the keys are \(keys)"]),
            (
                "training_zone:\n  uper: 0.6\n",
                [
                    "unknown key 'training_zone.uper' (value '0.6'); nearest known key 'training_zone.upper'; the keys "
                        + "under training_zone are method, lower, upper"
                ]
            ),
            (
                "training_zone: 0.5\n",
                ["'training_zone' is '0.5'; expected a mapping with the keys method, lower, upper"]
            ),
            // Not a mapping, not YAML, duplicates.
            ("- age: 70\n", ["the file is a list; expected a mapping with the keys \(keys)"]),
            (
                "age: 70\n  sex: male\n",
                ["not valid YAML: mapping values are not allowed in this context at line 2, column 6"]
            ),
            ("age: 70\nage: 71\n", ["key 'age' appears more than once (line 1, column 1); keep one"]),
            // Cross-field, within the file.
            (
                "clinician_ceiling_bpm: 150\nclinician_absolute_max_bpm: 140\n",
                [
                    "clinician_absolute_max_bpm (140) must be at least clinician_ceiling_bpm (150): the hard stop (R3) "
                        + "cannot be below the stop level (R2)"
                ]
            ),
            (
                "training_zone:\n  method: bpm\n  lower: 30\n  upper: 100\n",
                ["'training_zone.lower' is '30'; allowed 40 to 220 bpm, as training_zone.method is 'bpm'"]
            ),
            (
                "training_zone:\n  method: hrmax\n  lower: 0.7\n  upper: 0.6\n",
                ["training_zone.lower (0.7) must be below training_zone.upper (0.6)"]
            ),
            (
                "age: 100\nbeta_blocker: true\nresting_bpm: 100\n",
                [
                    "resting_bpm (100) must be below HRmax (94 bpm, brawner): check both, or ask a clinician for "
                        + "clinician_max_bpm"
                ]
            ),
            // Several problems at once, in file order, then the cross-field ones.
            (
                "age: 12\nsex: man\ncolour: red\ntraining_zone:\n  lower: 0.7\nclinician_max_bpm: 60\n",
                [
                    "'age' is '12'; allowed 18 to 100 years",
                    "'sex' is 'man'; expected one of male, female",
                    "unknown key 'colour' (value 'red'); nearest known key 'age'; the keys are \(keys)",
                    "'clinician_max_bpm' is '60'; allowed 80 to 220 bpm",
                    "training_zone.lower (0.7) must be below training_zone.upper (0.59) (training_zone.upper is set in "
                        + "'SHIPPED')",
                ]
            ),
        ]
    )
    func badConfig(yaml: String, expected: [String]) throws {
        let folder = try TemporaryFolder()
        let file = try Self.write(yaml, "profile.yaml", in: folder)
        let lines = Self.problems([ConfigSource(path: Self.shipped), ConfigSource(path: file)])
        #expect(
            lines
                == expected.map {
                    "Profile '\(file)': " + $0.replacingOccurrences(of: "SHIPPED", with: Self.shipped)
                })
    }

    @Test(
        "an override valid on its own that breaks a cross-field rule with the shipped file names both files",
        arguments: [
            (
                "training_zone:\n  method: bpm\n",
                [
                    "'training_zone.lower' is '0.4'; allowed 40 to 220 bpm, as training_zone.method is 'bpm' "
                        + "(training_zone.lower is set in 'SHIPPED')",
                    "'training_zone.upper' is '0.59'; allowed 40 to 220 bpm, as training_zone.method is 'bpm' "
                        + "(training_zone.upper is set in 'SHIPPED')",
                ]
            ),
            (
                "training_zone:\n  lower: 0.1\n",
                [
                    "'training_zone.lower' is '0.1'; allowed 0.2 to 1, a fraction of heart-rate reserve, as "
                        + "training_zone.method is 'hrr' (training_zone.method is set in 'SHIPPED')"
                ]
            ),
            (
                "training_zone:\n  lower: 0.6\n",
                [
                    "training_zone.lower (0.6) must be below training_zone.upper (0.59) (training_zone.upper is set "
                        + "in 'SHIPPED')"
                ]
            ),
        ]
    )
    func crossFieldWithShipped(yaml: String, expected: [String]) throws {
        // Given a user file whose values are each of the right type
        let folder = try TemporaryFolder()
        let file = try Self.write(yaml, "profile.yaml", in: folder)
        // When it is read over the shipped file
        let lines = Self.problems([ConfigSource(path: Self.shipped), ConfigSource(path: file)])
        // Then each broken rule is one line at the user's file, naming where the other key came from
        #expect(
            lines
                == expected.map {
                    "Profile '\(file)': " + $0.replacingOccurrences(of: "SHIPPED", with: Self.shipped)
                })
    }

    @Test("a cross-field problem between the user file and --profile is reported at the later file")
    func crossFieldBetweenOverrides() throws {
        let folder = try TemporaryFolder()
        let user = try Self.write("clinician_absolute_max_bpm: 140\n", "user.yaml", in: folder)
        let explicit = try Self.write("clinician_ceiling_bpm: 150\n", "explicit.yaml", in: folder)
        let lines = Self.problems([
            ConfigSource(path: Self.shipped), ConfigSource(path: user),
            ConfigSource(path: explicit, option: "--profile"),
        ])
        #expect(
            lines == [
                "Profile '\(explicit)': clinician_absolute_max_bpm (140) must be at least clinician_ceiling_bpm (150): "
                    + "the hard stop (R3) cannot be below the stop level (R2) (clinician_absolute_max_bpm is set in "
                    + "'\(user)')"
            ])
    }

    @Test("a missing --profile file and an unreadable file are one line each")
    func unreadableFiles() throws {
        let folder = try TemporaryFolder()
        let lines = Self.problems([
            ConfigSource(path: Self.shipped),
            ConfigSource(path: folder.path("nope.yaml"), option: "--profile"),
        ])
        #expect(lines == ["Profile '\(folder.path("nope.yaml"))' does not exist; check the path given with --profile"])
        let binary = folder.path("profile.yaml")
        try Data([0x61, 0x67, 0x65, 0x3A, 0x20, 0xC3, 0x28]).write(to: URL(fileURLWithPath: binary))
        #expect(
            Self.problems([ConfigSource(path: binary)]) == [
                "Profile '\(binary)' could not be read: it is not UTF-8 text; expected a YAML file"
            ])
    }

    @Test("the locator reads config/profile.yaml, then $XDG_CONFIG_HOME/retrowalk/profile.yaml, then --profile")
    func locatorFiles() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path("xdg/retrowalk"), withIntermediateDirectories: true)
        let user = try Self.write("resting_bpm: 61\nage: 70\n", "xdg/retrowalk/profile.yaml", in: folder)
        let explicit = try Self.write("age: 75\n", "mine.yaml", in: folder)
        let locator = ResourceLocator(
            environment: [
                "XDG_CONFIG_HOME": folder.path("xdg"),
                "RETROWALK_CONFIG_DIR": RetroWalkBinary.packageRoot.appendingPathComponent("config").path,
            ],
            executablePath: "/nonexistent/retrowalk")
        let config = try ProfileConfig.load(locator: locator, explicit: explicit)
        #expect(config.files == [Self.shipped, user, explicit])
        #expect(config.profile == Profile(age: 75, restingBPM: 61))
    }
}
