import Foundation
import Glibc
import Testing

/// `retrowalk clinic` against a real broker and stations that publish (`walk --publish`), over HTTP with curl
/// (README, "Clinic and partner mode").
@Suite("The clinic dashboard", .serialized, .enabled(if: MosquittoBroker.isInstalled && MosquittoBroker.hasCurl))
struct ClinicTests {
    /// `curl ARGS`: its standard output and exit status.
    @discardableResult
    static func curl(_ arguments: [String]) throws -> (status: Int32, body: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "--max-time", "10"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Starts `retrowalk clinic` and waits until it answers.
    static func startClinic(
        broker: MosquittoBroker, folder: TemporaryFolder, host: String = "127.0.0.1", extra: [String] = []
    ) throws -> (RunningBinary, String) {
        let port = try MosquittoBroker.freePort()
        let clinic = try RunningBinary(
            ["clinic", "--broker", "mqtt://127.0.0.1:\(broker.port)", "--listen", "\(host):\(port)"] + extra,
            folder: folder, name: "clinic")
        let base = "http://\(host):\(port)"
        let deadline = Date().addingTimeInterval(20)
        while (try? curl([base + "/api/me"]))?.body.contains("can_command") != true {
            guard Date() < deadline, clinic.process.isRunning else { break }
            usleep(100_000)
        }
        return (clinic, base)
    }

    /// `curl -N BASE/api/events` into `path` for at most `seconds`, running.
    static func listen(base: String, seconds: Int, to path: String) throws -> Process {
        let sse = Process()
        sse.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        sse.arguments = ["-sN", "--max-time", "\(seconds)", base + "/api/events"]
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        sse.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try sse.run()
        return sse
    }

    func station(
        _ scenario: String, _ name: String, broker: MosquittoBroker, folder: TemporaryFolder,
        speed: String, extra: [String] = []
    ) throws -> RunningBinary {
        try RunningBinary(
            [
                "walk", "--simulate", scenario, "--speed", speed, "--json", "--db", folder.path("\(name).sqlite"),
                "--render-audio", folder.path("\(name).wav"), "--publish", "mqtt://127.0.0.1:\(broker.port)",
                "--station", name,
            ] + extra, folder: folder, name: name)
    }

    @Test("three stations: /api/stations lists their snapshots, /api/events carries the R3 alarm with its station")
    func stationsAndEvents() throws {
        let folder = try TemporaryFolder()
        let broker = try MosquittoBroker(folder: folder)
        try broker.start()
        let (clinic, base) = try Self.startClinic(broker: broker, folder: folder)
        defer { kill(clinic.process.processIdentifier, SIGKILL) }
        // Given a browser listening to the event stream
        let ssePath = folder.path("sse.txt")
        let sse = try Self.listen(base: base, seconds: 90, to: ssePath)
        defer { kill(sse.processIdentifier, SIGKILL) }
        usleep(300_000)
        // When three stations publish their sessions
        let runs = try [("steady", "bay-1"), ("ceiling", "bay-2"), ("link-drop", "bay-3")].map {
            try station($0.0, $0.1, broker: broker, folder: folder, speed: "max")
        }
        for run in runs { #expect(run.wait(seconds: 120) == 0, "\(run.stderr)") }
        // Then the dashboard lists all three, finished and offline
        var listed: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(10)
        repeat {
            let body = try Self.curl([base + "/api/stations"]).body
            listed = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]]) ?? []
            if listed.count == 3, listed.allSatisfy({ $0["online"] as? Bool == false }) { break }
            usleep(200_000)
        } while Date() < deadline
        #expect(listed.compactMap { $0["station"] as? String } == ["bay-1", "bay-2", "bay-3"])
        #expect(listed.allSatisfy { $0["online"] as? Bool == false && $0["phase"] as? String == "done" })
        // And the event stream carried bay-2's R3 alarm, with its station, as the station sent it
        let stream = (try? String(contentsOfFile: ssePath, encoding: .utf8)) ?? ""
        let events = stream.split(separator: "\n").filter { $0.hasPrefix("data: {\"station\"") }
            .compactMap { EventLine(String($0.dropFirst("data: ".count))) }
        let alarm = try #require(events.first { $0.event == "alarm" && $0["rule"] as? String == "R3" })
        #expect(alarm["station"] as? String == "bay-2")
        let published = runs[1].stdout.split(separator: "\n").first {
            $0.contains(#""rule": "R3""#) && $0.contains("alarm")
        }
        #expect(
            published.map { String($0.dropFirst()) }.map { stream.contains(#"data: {"station": "bay-2", "# + $0) }
                == true)
        // And state changes as `event: state`
        #expect(stream.contains("event: state\ndata: {\"station\": \"bay-3\""))
    }

    @Test("SIGTERM with a dashboard listening: the event stream ends and the clinic exits within seconds")
    func stopsWithOpenStream() throws {
        let folder = try TemporaryFolder()
        let broker = try MosquittoBroker(folder: folder)
        try broker.start()
        let (clinic, base) = try Self.startClinic(broker: broker, folder: folder)
        defer { kill(clinic.process.processIdentifier, SIGKILL) }
        // Given a browser on the event stream (which never ends by itself)
        let sse = try Self.listen(base: base, seconds: 60, to: folder.path("sse.txt"))
        defer { kill(sse.processIdentifier, SIGKILL) }
        usleep(500_000)
        // When systemd stops the service
        kill(clinic.process.processIdentifier, SIGTERM)
        // Then the clinic ends its streams and exits cleanly, well before curl's own limit
        #expect(clinic.wait(seconds: 10) == 0, "\(clinic.stderr)")
        sse.waitUntilExit()
        #expect(sse.terminationStatus == 0)
    }

    @Test("on another address: no start without a password hash; read-only without login; a login's name acks")
    func passwordAndCommands() throws {
        let folder = try TemporaryFolder()
        let broker = try MosquittoBroker(folder: folder)
        try broker.start()
        // 127.0.0.2 is loopback to the kernel but not to the clinic: it counts as an address others could reach
        let refused = try RunningBinary(
            ["clinic", "--broker", "mqtt://127.0.0.1:\(broker.port)", "--listen", "127.0.0.2:0"], folder: folder,
            name: "refused")
        #expect(refused.wait(seconds: 20) != 0)
        #expect(refused.stderr.contains("password_hash"))
        // Given a clinic with a password
        let hasher = Process()
        hasher.executableURL = URL(fileURLWithPath: RetroWalkBinary.path)
        hasher.arguments = ["clinic", "--hash-password"]
        let input = Pipe()
        let output = Pipe()
        hasher.standardInput = input
        hasher.standardOutput = output
        try hasher.run()
        input.fileHandleForWriting.write(Data("gym-secret-1\n".utf8))
        try input.fileHandleForWriting.close()
        let hashLine = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        hasher.waitUntilExit()
        #expect(hashLine.hasPrefix("password_hash: \"$2"))
        let config = folder.path("clinic.yaml")
        try hashLine.write(toFile: config, atomically: true, encoding: .utf8)
        let (clinic, base) = try Self.startClinic(
            broker: broker, folder: folder, host: "127.0.0.2", extra: ["--clinic-config", config])
        defer { kill(clinic.process.processIdentifier, SIGKILL) }
        #expect(try Self.curl([base + "/api/me"]).body.contains(#""can_command": false"#), "\(clinic.stderr)")
        // And a station whose U1 alarm sounds until acknowledged
        let run = try station(
            "steady", "bay-9", broker: broker, folder: folder, speed: "8",
            extra: ["--keys", "stop@16", "--duration", "200"])
        defer { kill(run.process.processIdentifier, SIGKILL) }
        let deadline = Date().addingTimeInterval(30)
        while !run.stdout.contains(#""rule": "U1""#), Date() < deadline { usleep(100_000) }
        let command = [
            "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Content-Type: application/json", "-d",
            #"{"command": "acknowledge"}"#, base + "/api/stations/bay-9/command",
        ]
        // When someone who is not logged in sends a command, it is refused
        #expect(try Self.curl(command).body == "401")
        // And a wrong password does not log in
        let login = ["-X", "POST", "-H", "Content-Type: application/json", base + "/api/login"]
        #expect(
            try Self.curl(
                ["-o", "/dev/null", "-w", "%{http_code}", "-d", #"{"name": "Dr Lee", "password": "nope"}"#] + login
            )
            .body == "401")
        // When Dr Lee logs in and acknowledges
        let cookies = folder.path("cookies")
        #expect(
            try Self.curl(["-c", cookies, "-d", #"{"name": "Dr Lee", "password": "gym-secret-1"}"#] + login).body
                .contains("Dr Lee"))
        #expect(try Self.curl(["-b", cookies] + command).body == "202")
        // Then the station records and says who acknowledged, and the alarm is acknowledged
        let heard = Date().addingTimeInterval(20)
        while !run.stdout.contains(#""event": "remote""#), Date() < heard { usleep(100_000) }
        let events = run.stdout.split(separator: "\n").compactMap { EventLine(String($0)) }
        let remote = try #require(events.first { $0.event == "remote" })
        #expect(remote["by"] as? String == "Dr Lee")
        #expect(events.contains { $0.event == "ack" && $0["rule"] as? String == "U1" && $0.time == remote.time })
        #expect(run.stderr.contains("Remote acknowledge by Dr Lee"))
    }

    @Test("headless Chromium: the dashboard with three live stations, one alarming (screenshot kept in out/)")
    func screenshot() throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let chromium else {
            Issue.record("chromium is not installed (make deps installs it)")
            return
        }
        let folder = try TemporaryFolder()
        let broker = try MosquittoBroker(folder: folder)
        try broker.start()
        let (clinic, base) = try Self.startClinic(broker: broker, folder: folder)
        defer { kill(clinic.process.processIdentifier, SIGKILL) }
        // Given three live stations, bay-2 with its U1 alarm sounding
        let runs = try [
            station("steady", "bay-1", broker: broker, folder: folder, speed: "4", extra: ["--duration", "400"]),
            station(
                "steady", "bay-2", broker: broker, folder: folder, speed: "4",
                extra: ["--keys", "stop@8", "--duration", "400"]),
            station("link-drop", "bay-3", broker: broker, folder: folder, speed: "4", extra: ["--duration", "400"]),
        ]
        defer { for run in runs { kill(run.process.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(30)
        while !(try Self.curl([base + "/api/stations"]).body.contains(#""rule": "U1""#)), Date() < deadline {
            usleep(200_000)
        }
        // When Chromium renders the page
        let outFolder = RetroWalkBinary.packageRoot.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: outFolder, withIntermediateDirectories: true)
        let png = outFolder.appendingPathComponent("clinic-dashboard.png").path
        try? FileManager.default.removeItem(atPath: png)
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: chromium)
        browser.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,720",
            // --timeout, not --virtual-time-budget: the page's event stream never ends, so virtual time never would.
            "--user-data-dir=" + folder.path("chromium"), "--timeout=5000", "--screenshot=" + png,
            base + "/",
        ]
        browser.standardOutput = FileHandle.nullDevice
        browser.standardError = FileHandle.nullDevice
        try browser.run()
        let started = Date()
        while browser.isRunning, Date().timeIntervalSince(started) < 60 { usleep(100_000) }
        if browser.isRunning {
            kill(browser.processIdentifier, SIGKILL)
            browser.waitUntilExit()
        }
        // Then there is a screenshot of it (look at out/clinic-dashboard.png)
        let size = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
        #expect(size > 10_000)
    }
}
