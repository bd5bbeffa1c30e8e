import Foundation
import Glibc

/// A real Mosquitto broker (Debian `mosquitto`, installed by scripts/install-deps.sh) on a free loopback port,
/// started and stopped by a test.
///
/// Persistence is on (saved every second into the test's folder) so that a subscriber's session survives a restart
/// or a kill, and QoS 0 messages are queued for it too: a test can take a broker down and bring it back and still
/// read everything that reached it.
final class MosquittoBroker {
    let port: Int
    let folder: TemporaryFolder
    private var process: Process?
    private let extraConfig: String

    /// The broker's program: /usr/sbin is not on every PATH.
    static let program = ["/usr/sbin/mosquitto", "/usr/bin/mosquitto"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// curl, for the clinic's HTTP tests.
    static var hasCurl: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") }

    static var isInstalled: Bool {
        program != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/mosquitto_sub")
    }

    init(folder: TemporaryFolder, port: Int? = nil, extraConfig: String = "allow_anonymous true\n") throws {
        self.folder = folder
        self.port = try port ?? Self.freePort()
        self.extraConfig = extraConfig
    }

    /// Starts the broker and waits until it accepts connections.
    func start() throws {
        let config = folder.path("mosquitto-\(port).conf")
        try """
        listener \(port) 127.0.0.1
        persistence true
        persistence_location \(folder.url.path)/
        autosave_interval 1
        queue_qos0_messages true
        max_queued_messages 100000
        log_dest file \(folder.path("mosquitto.log"))
        \(extraConfig)
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let process = Process()
        guard let program = Self.program else { throw BrokerError(message: "mosquitto is not installed (make deps)") }
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-c", config]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        while !Self.accepts(port: port) {
            guard Date() < deadline, process.isRunning else {
                throw BrokerError(message: "mosquitto did not start on port \(port)")
            }
            usleep(20_000)
        }
    }

    /// Kills the broker as a crashed machine dies (SIGKILL: processes started from a test inherit its blocked
    /// SIGTERM). Sessions saved by the last autosave (every second) survive: wait a little more than a second
    /// after a subscription before stopping, for it to be kept.
    func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    deinit { stop() }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw BrokerError(message: "no free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

struct BrokerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// `mosquitto_sub -v` on `retrowalk/#` in the background, with a persistent session (`-c -i`), QoS 1: it reconnects
/// by itself after a broker restart and gets what was queued for it meanwhile.
final class TopicRecorder {
    private let process = Process()
    private let output: String

    init(port: Int, folder: TemporaryFolder, topic: String = "retrowalk/#", name: String = "recorder") throws {
        output = folder.path("\(name).txt")
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/mosquitto_sub")
        process.arguments = [
            "-h", "127.0.0.1", "-p", String(port), "-t", topic, "-v", "-q", "1", "-c", "-i",
            "test-\(name)-\(getpid())",
        ]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Subscribed once a retained message or nothing arrives: give it a moment on a loaded machine.
        usleep(300_000)
    }

    /// Every message received so far, as (topic, payload).
    var messages: [(topic: String, payload: String)] {
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }

    /// The payloads received on one topic, in order.
    func payloads(_ topic: String) -> [String] { messages.filter { $0.topic == topic }.map(\.payload) }

    /// Waits until `condition` holds over the messages, at most `seconds`.
    @discardableResult
    func wait(seconds: Double, until condition: ([(topic: String, payload: String)]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(messages) { return true }
            usleep(50_000)
        }
        return condition(messages)
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// The retained messages on `topic` right now (`mosquitto_sub --retained-only`, one read).
func retainedPayload(port: Int, topic: String) throws -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/mosquitto_sub")
    process.arguments = ["-h", "127.0.0.1", "-p", String(port), "-t", topic, "--retained-only", "-C", "1", "-W", "2"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    return text.isEmpty ? nil : text
}

/// Publishes one message (`mosquitto_pub`).
func publishMessage(port: Int, topic: String, payload: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/mosquitto_pub")
    process.arguments = ["-h", "127.0.0.1", "-p", String(port), "-t", topic, "-m", payload, "-q", "1"]
    try process.run()
    process.waitUntilExit()
}

/// `retrowalk ARGS` running in the background, its standard output and error going to files.
final class RunningBinary {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String

    init(_ arguments: [String], folder: TemporaryFolder, name: String, environment extra: [String: String] = [:]) throws
    {
        stdoutPath = folder.path("\(name).out")
        stderrPath = folder.path("\(name).err")
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: RetroWalkBinary.path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RETROWALK_CONFIG_DIR"] = RetroWalkBinary.packageRoot.appendingPathComponent("config").path
        environment["RETROWALK_SOUNDS"] = RetroWalkBinary.packageRoot.appendingPathComponent("Sounds").path
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Waits for the end, at most `seconds`; kills it after that.
    @discardableResult
    func wait(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
