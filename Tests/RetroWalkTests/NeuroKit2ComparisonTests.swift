import Foundation
import Testing

/// `analyze`'s all-interval measures beside NeuroKit2's `hrv_time` (from PyPI, in the venv that
/// scripts/neurokit2/setup.sh makes under .build/), on the real series in scripts/fixtures: within 0.5 %.
@Suite("analyze against NeuroKit2", .serialized)
struct NeuroKit2ComparisonTests {
    /// Whether the venv could be made (it needs python3-venv and PyPI; made once, then reused).
    static let isAvailable: Bool = {
        let process = Process()
        process.executableURL = RetroWalkBinary.packageRoot.appendingPathComponent("scripts/neurokit2/setup.sh")
        process.standardOutput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    @Test(
        "the 60-min MIT-BIH NSRDB series and MIT-BIH 119: every *_all measure within 0.5 % of NeuroKit2",
        .enabled(if: isAvailable, "scripts/neurokit2/setup.sh could not make the NeuroKit2 venv"))
    func agrees() throws {
        let process = Process()
        process.executableURL = RetroWalkBinary.packageRoot.appendingPathComponent("scripts/neurokit2/compare.sh")
        var environment = ProcessInfo.processInfo.environment
        environment["RETROWALK"] = RetroWalkBinary.path
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        let rows = text.split(separator: "\n").filter { $0.contains("largest difference") }
        #expect(rows.count == 2, "\(text)")
        for key in ["sdnn_all_ms", "rmssd_all_ms", "pnn50_all_percent"] { #expect(text.contains(key)) }
    }
}
