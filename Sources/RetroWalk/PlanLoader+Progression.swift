import Foundation
public import WalkCoach
import Yams

extension PlanLoader {
    /// The `progression:` section of a plan file (defaults when the plan has none), validated against the
    /// plan's own bout length.
    ///
    /// Kept apart from ``load(_:)`` so that the plan type does not need to know about progression; a plan
    /// without the section has no room to grow (its ceiling is its own bout length).
    ///
    /// - Parameters:
    ///   - nameOrPath: the plan, as for ``load(_:)``.
    ///   - baseSeconds: the plan's bout length (`backward_s`).
    /// - Throws: ``AppError`` (`badConfig`) naming the file, the key, the value and the allowed range.
    public func progressionSettings(of nameOrPath: String, baseSeconds: Int) throws -> ProgressionSettings {
        struct File: Decodable {
            var progression: ProgressionSettings?
        }
        let path = try self.path(of: nameOrPath)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AppError(code: .badConfig, message: "Plan file '\(path)' could not be read. Check the path.")
        }
        let settings: ProgressionSettings
        do {
            settings = try YAMLDecoder().decode(File.self, from: text).progression ?? ProgressionSettings()
        } catch {
            throw AppError(code: .badConfig, message: "Plan file '\(path)': \(Self.describe(error))")
        }
        let problems = settings.validate(baseSeconds: baseSeconds)
        guard problems.isEmpty else {
            throw AppError(
                code: .badConfig,
                message: problems.map { "Plan file '\(path)': \($0)" }.joined(separator: "\n")
            )
        }
        return settings
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context), DecodingError.keyNotFound(_, let context):
            "key '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
        default:
            "not valid YAML (\(error))"
        }
    }
}
