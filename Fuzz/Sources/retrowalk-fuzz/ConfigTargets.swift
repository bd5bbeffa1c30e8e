import Foundation
import RetroWalk
import StrapProtocol

/// The YAML loaders, fed from memory (``RetroWalk/ConfigSource/init(path:text:)``, `PlanLoader.parse`,
/// `SavedStrap(yaml:path:)`): audio.yaml, profile.yaml, rules.yaml, plans and strap.yaml. Every failure must be an
/// `AppError` with code `badConfig` and a message.
enum ConfigTargets {
    static let all = [audio, profile, rules, plan, strap]

    static let audio = FuzzTarget(
        name: "audio-yaml",
        summary: "audio.yaml loader (from memory); failures are badConfig errors",
        run: { bytes in
            expectConfigError(bytes) { text in
                _ = try AudioSettings.load([ConfigSource(path: "audio.yaml", text: text)])
            }
        },
        seeds: { shipped("audio.yaml") }
    )

    static let profile = FuzzTarget(
        name: "profile-yaml",
        summary: "profile.yaml loader (from memory) and its cross-checks; failures are badConfig errors",
        run: { bytes in
            expectConfigError(bytes) { text in
                _ = try ProfileConfig.load([ConfigSource(path: "profile.yaml", text: text)])
            }
        },
        seeds: { shipped("profile.yaml") }
    )

    static let rules = FuzzTarget(
        name: "rules-yaml",
        summary: "rules.yaml loader (from memory) and the settings' consistency checks; failures are badConfig errors",
        run: { bytes in
            expectConfigError(bytes) { text in _ = try RuleConfig.load([ConfigSource(path: "rules.yaml", text: text)]) }
        },
        seeds: { shipped("rules.yaml") }
    )

    static let plan = FuzzTarget(
        name: "plan-yaml",
        summary: "plan loader (PlanLoader.parse): a plan exactly when there are no problems",
        run: { bytes in
            let (plan, problems) = PlanLoader.parse(yaml: String(decoding: bytes, as: UTF8.self), file: "plan.yaml")
            FuzzCheck.require((plan == nil) != problems.isEmpty, "a plan with problems, or neither", input: bytes)
        },
        seeds: { ["beginner.yaml", "intervals.yaml", "split.yaml"].flatMap { shipped("plans/" + $0) } }
    )

    static let strap = FuzzTarget(
        name: "strap-yaml",
        summary: "saved strap.yaml reader; a strap it reads writes back to YAML that reads the same",
        run: { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            let strap: SavedStrap
            do {
                strap = try SavedStrap(yaml: text, path: "strap.yaml")
            } catch {
                FuzzCheck.require(
                    (error as? AppError)?.code == .badConfig, "not a badConfig error: \(error)", input: bytes)
                return
            }
            let again = try? SavedStrap(yaml: strap.yaml, path: "strap.yaml")
            FuzzCheck.require(again == strap, "the written strap.yaml reads differently", input: bytes)
        },
        seeds: {
            [
                .init(
                    "polar-h10", text: "address: \"F6:4D:73:53:49:6E\"\ntype: random\nname: \"Polar H10 9F6E5322\"\n"),
                .init("public", text: "# saved\naddress: 00:1A:AE:06:EF:9E\n"),
            ]
        }
    )

    /// Runs a loader on the input as UTF-8 text; a thrown error must be `AppError(badConfig)` with a message.
    static func expectConfigError(_ bytes: [UInt8], _ load: (String) throws -> Void) {
        do {
            try load(String(decoding: bytes, as: UTF8.self))
        } catch let error as AppError {
            FuzzCheck.require(error.code == .badConfig, "error code \(error.code)", input: bytes)
            FuzzCheck.require(!error.message.isEmpty, "an empty message", input: bytes)
        } catch {
            FuzzCheck.require(false, "not an AppError: \(error)", input: bytes)
        }
    }

    /// A shipped file of `config/` as a seed, and the same without its comment lines (a smaller seed to start from).
    static func shipped(_ path: String) -> [FuzzTarget.Seed] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("config").appendingPathComponent(path)
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            FileHandle.standardError.write(Data("retrowalk-fuzz: no seed: '\(file.path)' could not be read\n".utf8))
            return []
        }
        let name = path.replacingOccurrences(of: "/", with: "-")
        let bare = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            .joined(separator: "\n")
        return [.init(name, text: text), .init(name + "-bare", text: bare)]
    }
}
