import Foundation
public import Logging
import RetroWalkCore
import SafetyRules
import SessionEngine
import WalkCoach

/// `retrowalk rest`: measures the resting heart rate before a session (SAFETY.md A: the median HR over the last
/// 60 s of 3 min of quiet standing or sitting), on the strap or the simulator.
public struct RestMeasurement: Sendable {
    /// What the measurement found.
    public struct Result: Sendable {
        /// The resting HR, bpm; `nil` when too few beats came (the strap was not worn, or the link failed).
        public var beatsPerMinute: Int?
        /// Notifications received.
        public var samples: Int
        /// Link losses during the measurement, with their reasons.
        public var losses: [String]
    }

    /// Where the samples come from.
    public var source: SessionOptions.Source
    /// The measurement's length, seconds.
    public var seconds: Double

    /// Creates a measurement.
    public init(source: SessionOptions.Source, seconds: Double = 180) {
        self.source = source
        self.seconds = seconds
    }

    /// Connects, listens for ``seconds`` while the walker stands still, and returns the median of the last 60 s.
    ///
    /// - Parameter progress: receives a line every 30 s of measuring (time so far and the current HR).
    /// - Throws: `CaptureError` when the strap cannot be reached.
    public func run(logger: Logger, progress: (String) -> Void) throws -> Result {
        let capture = try CaptureSource(source: source, plan: .beginner, seed: 1, atRest: true, logger: logger)
        defer { capture.close() }
        var measurement = RestingHeartRate(durationSeconds: seconds)
        var samples = 0
        var losses: [String] = []
        var lastBPM: UInt16?
        var nextReport = 30.0
        let end = SessionDriver.listen(to: capture, for: seconds) { effect in
            switch effect {
            case .event(let event):
                switch event.kind {
                case .sample(let sample):
                    measurement.receive(sample)
                    samples += 1
                    lastBPM = sample.beatsPerMinute
                case .signal(.lost, let reason):
                    losses.append(reason ?? "lost")
                default:
                    break
                }
            case .status(let status) where status.time >= nextReport && nextReport < seconds:
                progress(
                    "Measuring: \(Int(nextReport)) of \(Int(seconds)) s"
                        + (lastBPM.map { ", heart rate \($0) bpm" } ?? ", no heart rate yet"))
                nextReport += 30
            default:
                break
            }
        }
        return Result(
            beatsPerMinute: measurement.beatsPerMinute(endingAt: end), samples: samples, losses: losses)
    }
}

extension ProfileConfig {
    /// Writes `resting_bpm` into the user's `profile.yaml` (creating it), keeping everything else in it, and
    /// checks that the profile still loads.
    ///
    /// - Returns: The file written.
    /// - Throws: ``AppError`` when the file cannot be written or the result does not load (the old file is kept).
    public static func saveRestingBPM(_ bpm: Int, locator: ResourceLocator) throws -> String {
        let path = locator.userConfigDirectory + "/" + fileName
        let old = try? String(contentsOfFile: path, encoding: .utf8)
        var lines = (old ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let entry = "resting_bpm: \(bpm)  # measured by 'retrowalk rest'"
        if let index = lines.firstIndex(where: { $0.hasPrefix("resting_bpm:") }) {
            lines[index] = entry
        } else {
            lines.append(entry)
        }
        do {
            try FileManager.default.createDirectory(
                atPath: locator.userConfigDirectory, withIntermediateDirectories: true)
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            _ = try load(locator: locator)
        } catch {
            if let old {
                try? old.write(toFile: path, atomically: true, encoding: .utf8)
            } else {
                try? FileManager.default.removeItem(atPath: path)
            }
            throw AppError(
                code: .badConfig,
                message: "Could not save the resting heart rate to '\(path)': \(error). The file is unchanged; "
                    + "set resting_bpm in it by hand.")
        }
        return path
    }
}
