import Foundation
import Glibc
import Testing

/// `walk --publish` against a real Mosquitto broker started by the test on a free loopback port, read with
/// `mosquitto_sub` (README, "Clinic and partner mode").
@Suite("Publishing a session over MQTT", .serialized, .enabled(if: MosquittoBroker.isInstalled))
struct PublishTests {
    /// The events a supervisor must get (sent at QoS 1).
    static let importantEvents: Set<String> = [
        "alarm", "clear", "ack", "prompt", "symptom", "phase", "checkin", "user", "remote", "summary", "stop", "signal",
    ]

    func walkArguments(_ scenario: String, station: String, port: Int, folder: TemporaryFolder, speed: String)
        -> [String]
    {
        [
            "walk", "--simulate", scenario, "--speed", speed, "--json", "--db", folder.path("\(station).sqlite"),
            "--render-audio", folder.path("\(station).wav"), "--publish", "mqtt://127.0.0.1:\(port)", "--station",
            station,
        ]
    }

    @Test("three stations: every event of --json on retrowalk/S/events, retained state, online 1 then 0, R3 seen")
    func threeStations() throws {
        let folder = try TemporaryFolder()
        let broker = try MosquittoBroker(folder: folder)
        try broker.start()
        let recorder = try TopicRecorder(port: broker.port, folder: folder)
        // Given three stations publishing at once
        let scenarios = ["steady": "steady", "ceiling": "ceiling", "link-drop": "link-drop"]
        let stations = try scenarios.map { station, scenario in
            (
                station,
                try RunningBinary(
                    walkArguments(scenario, station: station, port: broker.port, folder: folder, speed: "max"),
                    folder: folder, name: station)
            )
        }
        for (station, run) in stations {
            #expect(run.wait(seconds: 120) == 0, "\(station): \(run.stderr)")
        }
        recorder.wait(seconds: 10) { messages in
            stations.allSatisfy { station, _ in
                messages.contains { $0.topic == "retrowalk/\(station)/online" && $0.payload == "0" }
            }
        }
        recorder.stop()
        for (station, run) in stations {
            // Then every line of its --json stream is on its events topic, same JSON
            let published = Set(recorder.payloads("retrowalk/\(station)/events"))
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count > 500)
            let missing = lines.filter { !published.contains($0) }
            #expect(
                missing.isEmpty,
                "\(station): \(missing.count) of \(lines.count) lines not published: \(missing.prefix(3))")
            // And the online flag went 1 then 0, and stays 0 (retained)
            #expect(recorder.payloads("retrowalk/\(station)/online").first == "1")
            #expect(recorder.payloads("retrowalk/\(station)/online").last == "0")
            #expect(try retainedPayload(port: broker.port, topic: "retrowalk/\(station)/online") == "0")
            // And the retained state is the snapshot of the contract, marked offline
            let state = try #require(
                try retainedPayload(port: broker.port, topic: "retrowalk/\(station)/state").flatMap(EventLine.init))
            #expect(state["station"] as? String == station)
            #expect(state["phase"] as? String == "done")
            for key in ["t", "bout", "of", "bpm", "zone", "signal", "alarms", "updated_at"] {
                #expect(state[key] != nil, "state has no '\(key)'")
            }
            #expect(state["online"] as? Bool == false)
        }
        // And the ceiling station's R3 alarm is among its events
        let ceiling = recorder.payloads("retrowalk/ceiling/events").compactMap(EventLine.init)
        #expect(ceiling.contains { $0.event == "alarm" && $0["rule"] as? String == "R3" })
        // And the link-drop station's lost signal too
        let linkDrop = recorder.payloads("retrowalk/link-drop/events").compactMap(EventLine.init)
        #expect(linkDrop.contains { $0.event == "signal" && $0["state"] as? String == "lost" })
    }

    @Test("kill -9 of a station: the broker publishes its last will, online 0")
    func lastWill() throws {
        let folder = try TemporaryFolder()
        let broker = try MosquittoBroker(folder: folder)
        try broker.start()
        let recorder = try TopicRecorder(port: broker.port, folder: folder)
        let run = try RunningBinary(
            walkArguments("steady", station: "will", port: broker.port, folder: folder, speed: "4"),
            folder: folder, name: "will")
        // Given a station that is online and publishing its state
        #expect(
            recorder.wait(seconds: 20) { messages in
                messages.contains { $0.topic == "retrowalk/will/state" }
            })
        #expect(recorder.payloads("retrowalk/will/online") == ["1"])
        // When it dies without a word
        kill(run.process.processIdentifier, SIGKILL)
        run.process.waitUntilExit()
        // Then the broker says it is offline
        #expect(recorder.wait(seconds: 10) { _ in recorder.payloads("retrowalk/will/online").last == "0" })
        #expect(try retainedPayload(port: broker.port, topic: "retrowalk/will/online") == "0")
    }

    @Test("broker down at the start, up after the R3 alarm: one log line each way, the alarm arrives afterwards")
    func brokerDownAtStart() throws {
        let folder = try TemporaryFolder()
        let broker = try MosquittoBroker(folder: folder)
        // The recorder's session is made while the broker is up; it is kept across the restart
        try broker.start()
        let recorder = try TopicRecorder(port: broker.port, folder: folder)
        usleep(1_200_000)  // saved by the broker's autosave
        broker.stop()
        // Given a station that starts while the broker is down
        let run = try RunningBinary(
            walkArguments("ceiling", station: "late", port: broker.port, folder: folder, speed: "40"),
            folder: folder, name: "late")
        // When the R3 alarm is raised while it is still down
        let deadline = Date().addingTimeInterval(60)
        while !run.stdout.contains(#""rule": "R3""#), Date() < deadline { usleep(100_000) }
        #expect(run.stdout.contains(#""rule": "R3""#))
        // And the broker comes back
        try broker.start()
        #expect(run.wait(seconds: 120) == 0, "\(run.stderr)")
        // Then the alarm and every other QoS 1 event reach the broker
        recorder.wait(seconds: 15) { _ in recorder.payloads("retrowalk/late/online").last == "0" }
        recorder.stop()
        let published = Set(recorder.payloads("retrowalk/late/events"))
        let important = run.stdout.split(separator: "\n").map(String.init).filter {
            EventLine($0).map { Self.importantEvents.contains($0.event) } ?? false
        }
        #expect(important.contains { $0.contains(#""rule": "R3""#) })
        let missing = important.filter { !published.contains($0) }
        #expect(missing.isEmpty, "not published: \(missing.prefix(3))")
        // And the outage is one line when it starts and one when it ends
        let log = run.stderr.split(separator: "\n")
        #expect(log.filter { $0.contains("Publishing to mqtt://127.0.0.1:\(broker.port) paused") }.count == 1, "\(log)")
        #expect(log.filter { $0.contains("resumed") }.count == 1, "\(log)")
    }

    @Test("broker killed mid-session and restarted: alarm times as without publishing, the alarms still arrive")
    func brokerKilledMidSession() throws {
        let folder = try TemporaryFolder()
        let broker = try MosquittoBroker(folder: folder)
        try broker.start()
        let recorder = try TopicRecorder(port: broker.port, folder: folder)
        // Given the same session at the same speed without publishing
        let reference = try RetroWalkBinary.run([
            "walk", "--simulate", "ceiling", "--speed", "40", "--json", "--db", folder.path("ref.sqlite"),
            "--render-audio", folder.path("ref.wav"),
        ])
        #expect(reference.status == 0)
        // And a publishing station whose broker is killed before the alarm and restarted after it
        let run = try RunningBinary(
            walkArguments("ceiling", station: "crash", port: broker.port, folder: folder, speed: "40"),
            folder: folder, name: "crash")
        #expect(recorder.wait(seconds: 20) { _ in !recorder.payloads("retrowalk/crash/events").isEmpty })
        // Let the broker save the recorder's subscription (autosave every second) before it dies
        usleep(1_200_000)
        broker.stop()
        let deadline = Date().addingTimeInterval(60)
        while !run.stdout.contains(#""rule": "R3""#), Date() < deadline { usleep(100_000) }
        try broker.start()
        #expect(run.wait(seconds: 120) == 0, "\(run.stderr)")
        recorder.wait(seconds: 15) { _ in recorder.payloads("retrowalk/crash/online").last == "0" }
        recorder.stop()
        // Then its alarms, clears and acks came in the same order at the same session times as without publishing
        // (a paced clock at 40x on a shared machine: within 1.5 s of session time, 37 ms of wall time; the
        // safety-path tests bound the loop's own latency)
        func alarms(_ text: String) -> [(what: String, time: Double)] {
            let events = text.split(separator: "\n").compactMap { EventLine(String($0)) }
            let kept = events.filter { ["alarm", "clear", "ack", "phase"].contains($0.event) }
            return kept.map { event in
                let what = (event["rule"] as? String) ?? (event["phase"] as? String) ?? ""
                return ("\(event.event) \(what)", event.time)
            }
        }
        let expected = alarms(reference.stdout)
        let got = alarms(run.stdout)
        #expect(expected.contains { $0.what == "alarm R3" })
        #expect(got.map(\.what) == expected.map(\.what))
        for (one, other) in zip(got, expected) {
            #expect(abs(one.time - other.time) <= 1.5, "\(one.what): \(one.time) s, without publishing \(other.time) s")
        }
        // And the R3 alarm raised while the broker was down reached it afterwards
        let published = recorder.payloads("retrowalk/crash/events").compactMap(EventLine.init)
        #expect(published.contains { $0.event == "alarm" && $0["rule"] as? String == "R3" })
    }

    @Test("a command on retrowalk/S/command: the station records who acknowledged, says so, and the alarm is acked")
    func remoteAcknowledge() throws {
        let folder = try TemporaryFolder()
        let broker = try MosquittoBroker(folder: folder)
        try broker.start()
        // Given a station whose R3 alarm is sounding
        let run = try RunningBinary(
            walkArguments("ceiling", station: "t3", port: broker.port, folder: folder, speed: "40"),
            folder: folder, name: "t3")
        let deadline = Date().addingTimeInterval(60)
        while !run.stdout.contains(#""rule": "R3""#), Date() < deadline { usleep(50_000) }
        // When the dashboard sends an acknowledge
        try publishMessage(
            port: broker.port, topic: "retrowalk/t3/command", payload: #"{"command": "acknowledge", "by": "Dr Lee"}"#)
        #expect(run.wait(seconds: 120) == 0, "\(run.stderr)")
        // Then the session records it with the name, says it, and acknowledges the alarm
        let events = run.stdout.split(separator: "\n").compactMap { EventLine(String($0)) }
        let remote = try #require(events.first { $0.event == "remote" })
        #expect(remote["command"] as? String == "acknowledge")
        #expect(remote["by"] as? String == "Dr Lee")
        let said = events.filter { $0.event == "cue" && $0.time == remote.time }.map(\.text)
        #expect(said.contains("Acknowledged by Dr Lee."))
        #expect(events.contains { $0.event == "ack" && $0.time == remote.time })
        // And the log says who
        #expect(run.stderr.contains("Remote acknowledge by Dr Lee"))
    }

    @Test("wrong password: one clear line, the session runs and is recorded as without publishing")
    func wrongPassword() throws {
        let folder = try TemporaryFolder()
        let passwords = folder.path("passwords")
        let maker = Process()
        maker.executableURL = URL(fileURLWithPath: "/usr/bin/mosquitto_passwd")
        maker.arguments = ["-b", "-c", passwords, "physio", "right-one"]
        try maker.run()
        maker.waitUntilExit()
        let broker = try MosquittoBroker(
            folder: folder, extraConfig: "allow_anonymous false\npassword_file \(passwords)\n")
        try broker.start()
        let result = try RetroWalkBinary.run(
            [
                "walk", "--simulate", "--speed", "max", "--json", "--db", folder.path("s.sqlite"), "--render-audio",
                folder.path("a.wav"), "--publish", "mqtt://physio@127.0.0.1:\(broker.port)", "--station", "pw",
            ],
            environment: ["RETROWALK_MQTT_PASSWORD": "wrong-one"])
        #expect(result.status == 0)
        #expect(result.lines.compactMap(EventLine.init).contains { $0.event == "summary" })
        let complaints = result.stderr.split(separator: "\n").filter { $0.contains("Publishing to") }
        #expect(complaints.count == 1, "\(result.stderr)")
        #expect(complaints.first?.contains("not authorised") == true)
        #expect(complaints.first?.contains("RETROWALK_MQTT_PASSWORD") == true)
    }

    @Test("a password on the command line, or in a file others can read, is refused before the session")
    func passwordRules() throws {
        let folder = try TemporaryFolder()
        let inURL = try RetroWalkBinary.run([
            "walk", "--simulate", "--speed", "max", "--db", folder.path("s.sqlite"), "--publish",
            "mqtt://physio:secret@127.0.0.1:1",
        ])
        #expect(inURL.status != 0)
        #expect(inURL.stderr.contains("never on the command line"))
        let file = folder.path("password")
        try "secret\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o644)
        let open = try RetroWalkBinary.run([
            "walk", "--simulate", "--speed", "max", "--db", folder.path("s.sqlite"), "--publish",
            "mqtt://physio@127.0.0.1:1", "--mqtt-password-file", file,
        ])
        #expect(open.status != 0)
        #expect(open.stderr.contains("chmod 600"))
    }

    @Test(
        "TLS: the right CA publishes; a CA that did not sign the broker's certificate is one clear line, no publishing")
    func tls() throws {
        let folder = try TemporaryFolder()
        // A test CA, a broker certificate it signs for 127.0.0.1, and another CA
        let script = """
            set -e
            cd '\(folder.url.path)'
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=retrowalk-test-ca
            openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other-ca.pem -days 2 -subj /CN=other-ca
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1
            printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 \\
                -extfile san.ext
            chmod 644 server.key
            """
        let maker = Process()
        maker.executableURL = URL(fileURLWithPath: "/bin/sh")
        maker.arguments = ["-c", script]
        maker.standardOutput = FileHandle.nullDevice
        maker.standardError = FileHandle.nullDevice
        try maker.run()
        maker.waitUntilExit()
        try #require(maker.terminationStatus == 0)
        let broker = try MosquittoBroker(
            folder: folder,
            extraConfig: """
                allow_anonymous true
                cafile \(folder.path("ca.pem"))
                certfile \(folder.path("server.pem"))
                keyfile \(folder.path("server.key"))

                """)
        try broker.start()
        func walk(ca: String, station: String) throws -> RetroWalkBinary.Output {
            try RetroWalkBinary.run([
                "walk", "--simulate", "--speed", "max", "--json", "--db", folder.path("\(station).sqlite"),
                "--render-audio", folder.path("\(station).wav"), "--publish", "mqtts://127.0.0.1:\(broker.port)",
                "--mqtt-ca", folder.path(ca), "--station", station,
            ])
        }
        // With the CA that signed the broker's certificate, the session is published
        let good = try walk(ca: "ca.pem", station: "tls-good")
        #expect(good.status == 0)
        #expect(!good.stderr.contains("paused"), "\(good.stderr)")
        // With another CA: one line that says what to check, and the session runs as without publishing
        let bad = try walk(ca: "other-ca.pem", station: "tls-bad")
        #expect(bad.status == 0)
        #expect(bad.lines.compactMap(EventLine.init).contains { $0.event == "summary" })
        let complaints = bad.stderr.split(separator: "\n").filter { $0.contains("Publishing to") }
        #expect(complaints.count == 1, "\(bad.stderr)")
        #expect(complaints.first?.contains("--mqtt-ca") == true, "\(bad.stderr)")
    }
}
