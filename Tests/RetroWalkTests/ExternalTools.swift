import Foundation

/// The programs outside the project that the export and report tests check our files with, installed by the
/// project's own scripts when missing: a Python venv with Garmin's FIT SDK, tcxreader and Pillow
/// (`scripts/export-check/setup.sh`), and Debian's headless Chromium (`scripts/install-deps.sh chromium`).
enum ExternalTools {
    /// Runs a program to its end, capturing its output.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> RetroWalkBinary.Output
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var stdoutData = Data()
        nonisolated(unsafe) var stderrData = Data()
        DispatchQueue.global().async(group: group) { stdoutData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { stderrData = err.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        group.wait()
        return RetroWalkBinary.Output(
            status: process.terminationStatus,
            stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static var scripts: URL { RetroWalkBinary.packageRoot.appendingPathComponent("scripts") }

    /// The venv's python, made by `scripts/export-check/setup.sh` on first use.
    static func python() throws -> String {
        let setup = scripts.appendingPathComponent("export-check/setup.sh").path
        let output = try run("/bin/bash", [setup])
        guard output.status == 0, let path = output.lines.last, FileManager.default.isExecutableFile(atPath: path)
        else {
            throw ToolError(message: "scripts/export-check/setup.sh failed (\(output.status)): \(output.stderr)")
        }
        return path
    }

    /// Runs one of the check scripts of `scripts/export-check/` and decodes its JSON.
    static func check(_ script: String, _ arguments: [String]) throws -> [String: Any] {
        let output = try run(try python(), [scripts.appendingPathComponent("export-check/\(script)").path] + arguments)
        guard output.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        else {
            throw ToolError(message: "\(script) failed (\(output.status)): \(output.stderr)\(output.stdout)")
        }
        return object
    }

    /// Debian's Chromium, installed by `scripts/install-deps.sh chromium` when it is missing.
    static func chromium() throws -> String {
        let path = "/usr/bin/chromium"
        if !FileManager.default.isExecutableFile(atPath: path) {
            let install = try run("/bin/bash", [scripts.appendingPathComponent("install-deps.sh").path, "chromium"])
            guard install.status == 0 else {
                throw ToolError(message: "installing chromium failed: \(install.stderr.suffix(2000))")
            }
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ToolError(message: "chromium is not at \(path) after installing it")
        }
        return path
    }

    /// Where tests keep what a person should be able to look at afterwards (`.build/artifacts/`, not in git).
    static func artifact(_ name: String) throws -> URL {
        let folder = RetroWalkBinary.packageRoot.appendingPathComponent(".build/artifacts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name)
    }

    struct ToolError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
