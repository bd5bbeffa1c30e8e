import Foundation

/// Runs the built `retrowalk` executable as a user would, capturing its output.
///
/// The executable sits next to the test bundle in the build folder (`swift build --build-tests` builds both).
struct RetroWalkBinary {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String

        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    static var path: String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("retrowalk").path
    }

    /// The package root (for `config/` and `Sounds/`).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `retrowalk ARGUMENTS` with the package's `config/` and `Sounds/`, and `extra` over the test's environment.
    private static func process(_ arguments: [String], environment extra: [String: String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RETROWALK_CONFIG_DIR"] = packageRoot.appendingPathComponent("config").path
        environment["RETROWALK_SOUNDS"] = packageRoot.appendingPathComponent("Sounds").path
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        return process
    }

    /// Starts `retrowalk ARGUMENTS` and returns at once: the process, and its standard output to read (its
    /// standard error goes nowhere). For tests that signal a running session.
    static func start(
        _ arguments: [String], environment extra: [String: String] = [:]
    ) throws -> (process: Process, stdout: FileHandle) {
        let process = process(arguments, environment: extra)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, out.fileHandleForReading)
    }

    static func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Output {
        let process = process(arguments, environment: extra)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the process runs, so that a long output cannot block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var stdoutData = Data()
        nonisolated(unsafe) var stderrData = Data()
        DispatchQueue.global().async(group: group) { stdoutData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { stderrData = err.fileHandleForReading.readDataToEndOfFile() }
        process.waitUntilExit()
        group.wait()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self)
        )
    }
}

/// A temporary folder removed when the test ends.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("retrowalk-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// One parsed line of the JSON event stream.
struct EventLine {
    var object: [String: Any]

    init?(_ line: String) {
        guard let data = line.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        self.object = object
    }

    var event: String { object["event"] as? String ?? "" }
    var time: Double { object["t"] as? Double ?? .nan }
    subscript(key: String) -> Any? { object[key] }
    var text: String? { object["text"] as? String }
}
