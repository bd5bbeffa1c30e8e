import Foundation
import Glibc
import RetroWalk
import Synchronization
import Testing

/// `retrowalk serve` as the service runs it: buttons written into a FIFO as `struct input_event` records, a real
/// datagram socket as systemd's `$NOTIFY_SOCKET`.
@Suite("serve", .serialized)
struct ServeTests {
    /// A short plan: 20 s warm-up, 2 x 30 s backward, 60 s cool-down (about 20 s of real time at --speed 8).
    static let plan = """
        name: short
        summary: serve test
        setting: treadmill
        steps:
          - warmup: {duration_s: 20}
          - repeat: 2
            steps:
              - backward: {duration_s: 30}
            between:
              - recovery: {duration_s: 20}
          - cooldown: {duration_s: 60}
        """

    @Test(
        "ready; Enter starts the session; a long press is the safe stop; Escape ends it; ready again; SIGTERM exits 0")
    func buttonsDriveSessions() throws {
        let serve = try ServeProcess()
        try #require(serve.next { $0.event == "serve" && $0["state"] as? String == "ready" } != nil)
        try serve.buttons.press(28)  // KEY_ENTER
        try #require(serve.next { $0.event == "serve" && $0["state"] as? String == "session" } != nil)
        try #require(serve.next { $0.event == "phase" && $0["phase"] as? String == "backward" } != nil)
        try serve.buttons.press(28, holding: 1.3)
        let dizzy = serve.next { $0.event == "symptom" }
        #expect(dizzy?["symptom"] as? String == "dizzy")
        #expect(serve.next { $0.event == "phase" && $0["phase"] as? String == "paused" } != nil)
        try serve.buttons.press(1)  // KEY_ESC
        #expect(serve.next { $0.event == "user" && $0["action"] as? String == "end" } != nil)
        #expect(serve.next { $0.event == "phase" && $0["phase"] as? String == "cooldown" } != nil)
        let summary = serve.next { $0.event == "summary" }
        #expect(summary?["ended_early"] as? Bool == true)
        #expect(serve.next { $0.event == "serve" && $0["state"] as? String == "waiting" } != nil)
        #expect(serve.next { $0.event == "serve" && $0["state"] as? String == "ready" } != nil)
        // While waiting, SIGTERM ends the process at once with status 0.
        let start = ContinuousClock.now
        let status = serve.terminate(signal: SIGTERM, within: .seconds(5))
        #expect(status == 0)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test("under systemd: READY=1, WATCHDOG=1 from the session's loop, SIGTERM ends the session, STOPPING=1, status 0")
    func notifiesSystemd() throws {
        let listener = try DatagramListener(address: "@retrowalk-serve-\(UUID().uuidString)")
        let serve = try ServeProcess(environment: ["NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "1000000"])
        #expect(listener.receive(timeout: .seconds(30)) == "READY=1")
        try #require(serve.next { $0.event == "serve" && $0["state"] as? String == "ready" } != nil)
        try serve.buttons.press(28)
        try #require(serve.next { $0.event == "phase" && $0["phase"] as? String == "warmup" } != nil)
        let messages = listener.drain(for: .seconds(2))
        #expect(messages.filter { $0 == "WATCHDOG=1" }.count >= 2, "\(messages)")
        let status = serve.terminate(signal: SIGTERM, within: .seconds(10))
        #expect(status == 0)
        #expect(serve.lines.contains { $0.event == "summary" && $0["ended_early"] as? Bool == true })
        #expect(listener.drain(for: .milliseconds(500)).contains("STOPPING=1"))
    }

    @Test("a stalled safety loop stops pinging the watchdog within WatchdogSec")
    func stalledLoopStopsPinging() throws {
        let listener = try DatagramListener(address: "@retrowalk-serve-\(UUID().uuidString)")
        let serve = try ServeProcess(environment: [
            "NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "1000000", "RETROWALK_TEST_STALL_SAFETY_LOOP_S": "1.5",
        ])
        #expect(listener.receive(timeout: .seconds(30)) == "READY=1")
        try #require(serve.next { $0.event == "serve" && $0["state"] as? String == "ready" } != nil)
        try serve.buttons.press(28)
        try #require(serve.next { $0.event == "serve" && $0["state"] as? String == "session" } != nil)
        let started = ContinuousClock.now
        // Pings while the loop turns, then none: WatchdogSec (1 s) passes with no ping, so systemd would kill it.
        var pings: [Duration] = []
        while ContinuousClock.now - started < .seconds(5) {
            if let message = listener.receive(timeout: .milliseconds(200)), message == "WATCHDOG=1" {
                pings.append(ContinuousClock.now - started)
            }
        }
        _ = serve.terminate(signal: SIGKILL, within: .seconds(5))
        #expect(pings.contains { $0 < .milliseconds(1500) }, "\(pings)")
        let last = try #require(pings.last)
        #expect(last < .milliseconds(2200), "pings went on after the stall: \(pings)")
        #expect(.seconds(5) - last > .seconds(1))
    }
}

/// What serve cannot fix by waiting stops it at once, with the reason (systemd's journal shows it).
@Suite("serve refuses")
struct ServeRefusalTests {
    @Test("no strap saved: status 1 and how to save one")
    func noStrap() throws {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run(
            ["serve", "--input", folder.path("none")], environment: ["XDG_CONFIG_HOME": folder.path("config")])
        #expect(output.status == 1)
        #expect(output.stderr.contains("retrowalk scan --save N"), "\(output.stderr)")
    }

    @Test("a plan that does not load: status 1 naming the step, not a wait")
    func badPlan() throws {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run(
            ["serve", "--simulate", "--plan", "no-such-plan", "--input", folder.path("none"), "--json"],
            environment: ["XDG_CONFIG_HOME": folder.path("config"), "XDG_DATA_HOME": folder.path("data")])
        #expect(output.status == 1)
        #expect(output.stderr.contains("config.plan"), "\(output.stderr)")
        #expect(output.stderr.contains("no-such-plan"), "\(output.stderr)")
        #expect(!output.stdout.contains("\"ready\""))
    }
}

extension DatagramListener {
    /// Every datagram that arrives within `duration`.
    func drain(for duration: Duration) -> [String] {
        let end = ContinuousClock.now + duration
        var messages: [String] = []
        while ContinuousClock.now < end {
            if let message = receive(timeout: .milliseconds(100)) { messages.append(message) }
        }
        return messages
    }
}

/// A FIFO given to serve as `--input`: presses are written as the kernel writes them.
final class ButtonFIFO {
    let path: String
    private var descriptor: Int32 = -1

    init(path: String) throws {
        self.path = path
        guard mkfifo(path, 0o600) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Writes a key press (`EV_KEY` value 1, `EV_SYN`) and, `holding` seconds later, its release.
    func press(_ code: UInt16, holding seconds: Double = 0.05) throws {
        try write(InputEvent(type: 1, code: code, value: 1).bytes + InputEvent(type: 0, code: 0, value: 0).bytes)
        Thread.sleep(forTimeInterval: seconds)
        try write(InputEvent(type: 1, code: code, value: 0).bytes + InputEvent(type: 0, code: 0, value: 0).bytes)
    }

    private func write(_ bytes: [UInt8]) throws {
        if descriptor < 0 {
            // serve opens its end at start; until then opening for writing without blocking fails with ENXIO.
            let end = ContinuousClock.now + .seconds(10)
            while descriptor < 0, ContinuousClock.now < end {
                descriptor = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
                if descriptor < 0 { Thread.sleep(forTimeInterval: 0.05) }
            }
            guard descriptor >= 0 else { throw POSIXError(.ENXIO) }
        }
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }
}

/// Lines read by one thread and looked at by another.
final class LineBuffer: Sendable {
    let lines = Mutex<[String]>([])
}

/// `retrowalk serve --simulate steady --speed 8 --input FIFO --json` with the short plan, its stdout read as
/// events while it runs.
final class ServeProcess {
    let folder: TemporaryFolder
    let buttons: ButtonFIFO
    private let process = Process()
    private let received = LineBuffer()
    private var cursor = 0

    init(environment extra: [String: String] = [:]) throws {
        folder = try TemporaryFolder()
        buttons = try ButtonFIFO(path: folder.path("buttons"))
        try ServeTests.plan.write(toFile: folder.path("short.yaml"), atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: RetroWalkBinary.path)
        process.arguments = [
            "serve", "--simulate", "steady", "--speed", "8", "--input", buttons.path, "--json", "--plan",
            folder.path("short.yaml"), "--db", folder.path("s.sqlite"), "--render-audio", folder.path("a.wav"),
            "--check-seconds", "3",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["RETROWALK_CONFIG_DIR"] = RetroWalkBinary.packageRoot.appendingPathComponent("config").path
        environment["RETROWALK_SOUNDS"] = RetroWalkBinary.packageRoot.appendingPathComponent("Sounds").path
        environment["XDG_CONFIG_HOME"] = folder.path("config")
        environment["XDG_DATA_HOME"] = folder.path("data")
        environment["NOTIFY_SOCKET"] = nil
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = out.fileHandleForReading
        let received = self.received
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { return }
                pending += chunk
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending = Data(pending[(newline + 1)...])
                    received.lines.withLock { $0.append(line) }
                }
            }
        }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Every line so far, as events.
    var lines: [EventLine] { received.lines.withLock { $0 }.compactMap(EventLine.init) }

    /// The next event (after the last one found) that matches, within `timeout`.
    func next(timeout: Duration = .seconds(30), _ matches: (EventLine) -> Bool) -> EventLine? {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            let lines = received.lines.withLock { $0 }
            while cursor < lines.count {
                defer { cursor += 1 }
                if let event = EventLine(lines[cursor]), matches(event) { return event }
            }
            if !process.isRunning, cursor >= received.lines.withLock({ $0.count }) { return nil }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }

    /// Sends `signal` and returns the exit status, or `nil` when it has not exited `within`.
    func terminate(signal: Int32, within timeout: Duration) -> Int32? {
        kill(process.processIdentifier, signal)
        let end = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < end { Thread.sleep(forTimeInterval: 0.02) }
        guard !process.isRunning else { return nil }
        return process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
    }
}
