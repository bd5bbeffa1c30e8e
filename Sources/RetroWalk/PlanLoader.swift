import Foundation
public import WalkCoach
import Yams

/// Loads session plans from YAML: a name looks in the user's `plans/` folder, then the shipped `config/plans/`;
/// a path (containing `/` or ending in `.yaml`) is read as it is.
public struct PlanLoader: Sendable {
    /// Where to look.
    public var locator: ResourceLocator

    /// Creates a loader.
    public init(locator: ResourceLocator) { self.locator = locator }

    /// The names of the shipped and user plans.
    public func availablePlans() -> [String] {
        let folders = [locator.userConfigDirectory + "/plans"] + (locator.configDirectory.map { [$0 + "/plans"] } ?? [])
        let names = folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".yaml") }
                .map { String($0.dropLast(5)) }
        }
        return Array(Set(names)).sorted()
    }

    /// Loads and validates a plan.
    ///
    /// - Throws: ``AppError`` (`badConfig`) naming the file, the key, the value and the allowed range.
    public func load(_ nameOrPath: String) throws -> Plan {
        let path = try self.path(of: nameOrPath)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AppError(code: .badConfig, message: "Plan file '\(path)' could not be read. Check the path.")
        }
        let plan: Plan
        do {
            plan = try YAMLDecoder().decode(Plan.self, from: text)
        } catch {
            throw AppError(code: .badConfig, message: "Plan file '\(path)': \(Self.describe(error))")
        }
        let problems = plan.validate()
        guard problems.isEmpty else {
            throw AppError(
                code: .badConfig,
                message: problems.map { "Plan file '\(path)': \($0)" }.joined(separator: "\n")
            )
        }
        return plan
    }

    /// The file of a plan: a path as it is, or a name looked up in the user's then the shipped `plans/`.
    ///
    /// - Throws: ``AppError`` (`badConfig`) listing the known plans when the name is not found.
    func path(of nameOrPath: String) throws -> String {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") { return nameOrPath }
        let candidates =
            [locator.userConfigDirectory + "/plans/\(nameOrPath).yaml"]
            + (locator.configDirectory.map { [$0 + "/plans/\(nameOrPath).yaml"] } ?? [])
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            let known = availablePlans()
            throw AppError(
                code: .badConfig,
                message: "Plan '\(nameOrPath)' was not found. Known plans: "
                    + (known.isEmpty ? "none (is config/ installed?)" : known.joined(separator: ", "))
                    + "; or pass a plan file path."
            )
        }
        return found
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _):
            "key '\(key.stringValue)' is missing; every plan needs name, summary, warmup_s, bouts, backward_s, "
                + "recovery_s, cooldown_s"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            "key '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
        default:
            "not valid YAML (\(error))"
        }
    }
}
