import Foundation
import RetroWalk
import SafetyRules
import Testing

@Suite("rules.yaml")
struct RuleConfigTests {
    static let shipped = RetroWalkBinary.packageRoot.appendingPathComponent("config/rules.yaml").path

    static let sections =
        "signal, alerts, limits, u2, r1, r2, r3, r4, r5, r6, r6b, r7, r8, r9, c1, c2, s1, s2, s3, beta_blocker, known_af"

    /// The problem lines of loading `sources`, or an issue when they load.
    static func problems(_ sources: [ConfigSource]) -> [String] {
        do {
            let config = try RuleConfig.load(sources)
            Issue.record("loaded: \(config.settings)")
            return []
        } catch {
            #expect((error as? AppError)?.code == .badConfig)
            return "\(error)".split(separator: "\n").map(String.init)
        }
    }

    @Test("the shipped config/rules.yaml holds exactly RuleSettings.defaults")
    func shippedDefaults() throws {
        let config = try RuleConfig.load(files: [Self.shipped])
        #expect(config.settings == RuleSettings.defaults)
        #expect(config.files == [Self.shipped])
        #expect(config.changes.isEmpty)
        #expect(try RuleConfig.load(files: []).settings == RuleSettings.defaults)
    }

    @Test("the shipped file sets every key of RuleSettings.parameters, in order, each with its SAFETY.md source")
    func shippedKeysAndSources() throws {
        // Given the shipped file's lines
        let lines = try String(contentsOfFile: Self.shipped, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        // When its keys are collected with the comment block above each
        var keys: [String] = []
        var comments: [String: String] = [:]
        var section = ""
        var block: [String] = []
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") {
                block.append(trimmed)
            } else if let colon = trimmed.firstIndex(of: ":") {
                let name = String(trimmed[..<colon])
                if line.hasPrefix("  ") {
                    keys.append(section + "." + name)
                    comments[section + "." + name] = block.joined(separator: " ")
                } else {
                    section = name
                }
                block = []
            }
        }
        // Then they are the parameters, in order, and each comment names SAFETY.md and, for numbers, the range
        #expect(keys == RuleSettings.parameters.map(\.key))
        for parameter in RuleSettings.parameters {
            let comment = comments[parameter.key] ?? ""
            #expect(comment.contains("SAFETY.md"), "\(parameter.key): \(comment)")
            if case .number(_, let range) = parameter.value {
                let allowed = "Allowed \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))"
                #expect(comment.contains(allowed), "\(parameter.key) lacks '\(allowed)': \(comment)")
            }
        }
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }

    @Test("a user file changes exactly the one key it sets")
    func userOverridesOneKey() throws {
        // Given the shipped file and a user file that sets R3's persistence
        let folder = try TemporaryFolder()
        let user = folder.path("rules.yaml")
        try "r3:\n  persistence_s: 8\n".write(toFile: user, atomically: true, encoding: .utf8)
        // When both are loaded
        let config = try RuleConfig.load(files: [Self.shipped, user])
        // Then only that setting differs from the defaults
        var expected = RuleSettings.defaults
        expected.r3Seconds = 8
        #expect(config.settings == expected)
        #expect(config.changes == ["r3.persistence_s 8"])
        #expect(config.files == [Self.shipped, user])
    }

    @Test("flags and the ectopic method override too; a later file wins over an earlier one")
    func layers() throws {
        let folder = try TemporaryFolder()
        let user = folder.path("user.yaml")
        let explicit = folder.path("explicit.yaml")
        try "r4:\n  enabled: false\nsignal:\n  ectopic_method: malik\nr3:\n  persistence_s: 8\n".write(
            toFile: user, atomically: true, encoding: .utf8)
        try "r3:\n  persistence_s: 3\n".write(toFile: explicit, atomically: true, encoding: .utf8)
        let config = try RuleConfig.load([
            ConfigSource(path: Self.shipped), ConfigSource(path: user),
            ConfigSource(path: explicit, option: "--rules"),
        ])
        #expect(!config.settings.r4Enabled)
        #expect(config.settings.ectopicMethod == .malik)
        #expect(config.settings.r3Seconds == 3)
        #expect(config.changes == ["signal.ectopic_method malik", "r3.persistence_s 3", "r4.enabled false"])
    }

    @Test("the locator reads config/rules.yaml, then the user's, then --rules FILE")
    func sources() throws {
        let locator = ResourceLocator(
            environment: ["XDG_CONFIG_HOME": "/home/x/.config", "RETROWALK_CONFIG_DIR": "/opt/rw/config"],
            executablePath: "/nonexistent/retrowalk")
        #expect(
            RuleConfig.sources(locator: locator, explicit: "my.yaml") == [
                ConfigSource(path: "/opt/rw/config/rules.yaml"),
                ConfigSource(path: "/home/x/.config/retrowalk/rules.yaml"),
                ConfigSource(path: "my.yaml", option: "--rules"),
            ])
        #expect(RuleConfig.sources(locator: locator).count == 2)
    }

    @Test(
        "a bad rules.yaml over the shipped one is exactly these lines (FILE is the bad file, SHIPPED config/rules.yaml)",
        arguments: [
            // Out of range.
            ("r3:\n  persistence_s: 0\n", ["'r3.persistence_s' is '0'; allowed 1 to 30"]),
            ("signal:\n  rr_min_ms: 100\n", ["'signal.rr_min_ms' is '100'; allowed 200 to 600"]),
            (
                "limits:\n  ceiling_fraction_of_max: 0.99\n",
                ["'limits.ceiling_fraction_of_max' is '0.99'; allowed 0.5 to 0.95"]
            ),
            ("r8:\n  window_beats: 1024\n", ["'r8.window_beats' is '1024'; allowed 32 to 512"]),
            ("s3:\n  battery_percent: -5\n", ["'s3.battery_percent' is '-5'; allowed 1 to 50"]),
            ("alerts:\n  low_repeat_s: 10\n", ["'alerts.low_repeat_s' is '10'; allowed 15 to 600"]),
            ("beta_blocker:\n  rpe_stop: 21\n", ["'beta_blocker.rpe_stop' is '21'; allowed 6 to 20"]),
            // Wrong types and null.
            ("r1:\n  persistence_s: twenty\n", ["'r1.persistence_s' is 'twenty'; expected a number, allowed 5 to 120"]),
            ("r5:\n  drop_bpm: [20, 30]\n", ["'r5.drop_bpm' is a list; expected a number, allowed 10 to 60"]),
            ("r6:\n  pause_ms: {ms: 3000}\n", ["'r6.pause_ms' is a mapping; expected a number, allowed 2000 to 6000"]),
            ("r9:\n  hold_s: .inf\n", ["'r9.hold_s' is '.inf'; expected a number, allowed 3 to 120"]),
            ("r2:\n  enabled: maybe\n", ["'r2.enabled' is 'maybe'; expected true or false"]),
            ("r3:\n  persistence_s:\n", ["'r3.persistence_s' is empty; expected a number, allowed 1 to 30"]),
            ("r4:\n  enabled: ~\n", ["'r4.enabled' is empty; expected true or false"]),
            // Bad enum.
            (
                "signal:\n  ectopic_method: kubios\n",
                ["'signal.ectopic_method' is 'kubios'; expected one of lipponen_tarvainen, malik"]
            ),
            // Unknown keys at each level, and a section that is not a mapping.
            (
                "r10:\n  enabled: true\n",
                ["unknown key 'r10' (value a mapping); nearest known key 'r1'; the keys are \(sections)"]
            ),
            (
                "r3:\n  persistance_s: 4\n",
                [
                    "unknown key 'r3.persistance_s' (value '4'); nearest known key 'r3.persistence_s'; the keys under "
                        + "r3 are enabled, persistence_s"
                ]
            ),
            (
                "r3.persistence_s: 4\n",
                [
                    "unknown key 'r3.persistence_s' (value '4'); write it nested: 'r3:' on one line and "
                        + "'persistence_s: …' indented on the next"
                ]
            ),
            (
                "u2: yes\n",
                [
                    "'u2' is 'yes'; expected a mapping with the keys enabled, interval_s, first_after_bout_s, "
                        + "second_after_bout_s"
                ]
            ),
            // Not a mapping, not YAML, duplicates.
            ("- r3\n- r4\n", ["the file is a list; expected a mapping with the keys \(sections)"]),
            ("just text\n", ["the file is 'just text'; expected a mapping with the keys \(sections)"]),
            (
                "r3:\n  persistence_s: [5\n",
                ["not valid YAML: did not find expected ',' or ']' at line 3, column 1"]
            ),
            (
                "r3:\n  persistence_s: 5\n  persistence_s: 6\n",
                ["key 'persistence_s' appears more than once (line 2, column 3); keep one"]
            ),
            // Cross-field, within the file.
            ("r8:\n  tpr_low: 0.7\n  tpr_high: 0.65\n", ["r8.tpr_low (0.7) must be below r8.tpr_high (0.65)"]),
            // Several problems at once, in file order, then the cross-field one.
            (
                "r1:\n  persistence_s: 1\nr2:\n  enabled: 3\n  persistance_s: 4\nsignal:\n  rr_max_ms: 250\n",
                [
                    "'r1.persistence_s' is '1'; allowed 5 to 120",
                    "'r2.enabled' is '3'; expected true or false",
                    "unknown key 'r2.persistance_s' (value '4'); nearest known key 'r2.persistence_s'; the keys under "
                        + "r2 are enabled, persistence_s",
                    "'signal.rr_max_ms' is '250'; allowed 1200 to 3000",
                ]
            ),
        ]
    )
    func badConfig(yaml: String, expected: [String]) throws {
        let folder = try TemporaryFolder()
        let file = folder.path("rules.yaml")
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let lines = Self.problems([ConfigSource(path: Self.shipped), ConfigSource(path: file)])
        #expect(lines == expected.map { "Rule settings '\(file)': " + $0 })
    }

    @Test(
        "an override valid on its own that breaks a pair with the shipped file names both files",
        arguments: [
            (
                "r6b:\n  gap_ms: 3000\n",
                "r6b.gap_ms (3000.0) must be below r6.pause_ms (3000.0) (r6.pause_ms is set in 'SHIPPED')"
            ),
            (
                "s1:\n  persistence_s: 20\n",
                "s2.contact_s (15.0) must be above s1.persistence_s (20.0) (s2.contact_s is set in 'SHIPPED')"
            ),
            (
                "limits:\n  hard_ceiling_fraction_of_max: 0.8\n",
                "limits.ceiling_fraction_of_max (0.85) must be below limits.hard_ceiling_fraction_of_max (0.8) "
                    + "(limits.ceiling_fraction_of_max is set in 'SHIPPED')"
            ),
            (
                "beta_blocker:\n  rpe_stop: 12\n",
                "beta_blocker.rpe_target_low (11.0) <= rpe_target_high (13.0) < rpe_stop (12.0) must hold "
                    + "(beta_blocker.rpe_target_low is set in 'SHIPPED'; beta_blocker.rpe_target_high is set in "
                    + "'SHIPPED')"
            ),
        ]
    )
    func crossFieldWithShipped(yaml: String, expected: String) throws {
        // Given a user file whose value is in its range
        let folder = try TemporaryFolder()
        let file = folder.path("rules.yaml")
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        // When it is read over the shipped file
        let lines = Self.problems([ConfigSource(path: Self.shipped), ConfigSource(path: file)])
        // Then the only problem is the broken pair, reported at the user's file, naming where the other key came from
        #expect(
            lines == ["Rule settings '\(file)': " + expected.replacingOccurrences(of: "SHIPPED", with: Self.shipped)])
    }

    @Test("every problem of every file is reported, one line each, then the pairs broken by the merge")
    func problemsAcrossFiles() throws {
        let folder = try TemporaryFolder()
        let user = folder.path("user.yaml")
        let explicit = folder.path("explicit.yaml")
        try "r8:\n  tpr_low: 0.69\nr3:\n  persistence_s: 99\n".write(toFile: user, atomically: true, encoding: .utf8)
        try "r8:\n  tpr_high: 0.65\nr7: []\n".write(toFile: explicit, atomically: true, encoding: .utf8)
        let lines = Self.problems([
            ConfigSource(path: Self.shipped), ConfigSource(path: user), ConfigSource(path: explicit, option: "--rules"),
        ])
        #expect(
            lines == [
                "Rule settings '\(user)': 'r3.persistence_s' is '99'; allowed 1 to 30",
                "Rule settings '\(explicit)': 'r7' is a list; expected a mapping with the keys enabled, per_minute, run",
                "Rule settings '\(explicit)': r8.tpr_low (0.69) must be below r8.tpr_high (0.65) (r8.tpr_low is set in "
                    + "'\(user)')",
            ])
    }

    @Test("a missing --rules file, a folder and a file that is not text are reported; missing layers are skipped")
    func unreadableFiles() throws {
        let folder = try TemporaryFolder()
        let binary = folder.path("rules.bin")
        try Data([0x72, 0x33, 0x3A, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: binary))
        let lines = Self.problems([
            ConfigSource(path: folder.path("no-such-user-file.yaml")),
            ConfigSource(path: folder.path("missing.yaml"), option: "--rules"),
            ConfigSource(path: folder.path(""), option: "--rules"),
            ConfigSource(path: binary),
        ])
        #expect(
            lines == [
                "Rule settings '\(folder.path("missing.yaml"))' does not exist; check the path given with --rules",
                "Rule settings '\(folder.path(""))' could not be read: it is a folder; expected a YAML file",
                "Rule settings '\(binary)' could not be read: it is not UTF-8 text; expected a YAML file",
            ])
    }

    @Test("an empty file or a section with every key commented out sets nothing")
    func emptyFiles() throws {
        let folder = try TemporaryFolder()
        let empty = folder.path("empty.yaml")
        let commented = folder.path("commented.yaml")
        try "# nothing yet\n".write(toFile: empty, atomically: true, encoding: .utf8)
        try "r3:\n  # persistence_s: 8\n".write(toFile: commented, atomically: true, encoding: .utf8)
        #expect(try RuleConfig.load(files: [Self.shipped, empty, commented]).settings == RuleSettings.defaults)
    }
}
