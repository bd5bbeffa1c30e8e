import Foundation
import SoundEngine
import Testing

@Suite("Stopping a session")
struct InterruptTests {
    @Test(
        "Ctrl-C, SIGTERM or a hang-up ends the session cleanly: summary written, samples stored, WAV file complete",
        arguments: [SIGINT, SIGTERM, SIGHUP])
    func interrupt(signalNumber: Int32) throws {
        let folder = try TemporaryFolder()
        let (process, reader) = try RetroWalkBinary.start(
            [
                "walk", "--simulate", "--speed", "20", "--json", "--db", folder.path("s.sqlite"),
                "--render-audio", folder.path("a.wav"),
            ])
        // Given a session that has been running for a while (its first events are out)
        var received = Data()
        while !(String(decoding: received, as: UTF8.self).contains("\"sample\"")) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            received += chunk
        }
        Thread.sleep(forTimeInterval: 1)
        // When the user presses Ctrl-C (or the system sends SIGTERM)
        kill(process.processIdentifier, signalNumber)
        received += reader.readDataToEndOfFile()
        process.waitUntilExit()
        // Then the process ends normally, with the summary as the last event
        #expect(process.terminationStatus == 0)
        let lines = String(decoding: received, as: UTF8.self).split(separator: "\n").map(String.init)
        let summary = try #require(lines.last.flatMap(EventLine.init))
        #expect(summary.event == "summary")
        #expect(summary["ended_early"] as? Bool == true)
        // And the audio file is a complete WAV as long as the session
        let audio = try WAV.decode(Array(try Data(contentsOf: URL(fileURLWithPath: folder.path("a.wav")))))
        let seconds = Double(audio.samples.count) / Double(audio.sampleRate)
        #expect(abs(seconds - summary.time) < 0.2)
        // And the session is stored as ended by a signal, every sample of the stream in it
        #expect(summary["end_state"] as? String == "ended_by_signal")
        let stored = try #require(try Self.history(folder).first)
        #expect(stored["end_state"] as? String == "ended_by_signal")
        #expect(stored["samples"] as? Int == summary["samples"] as? Int)
    }

    @Test("a second Ctrl-C exits at once with status 130, keeping what was recorded")
    func doubleInterrupt() throws {
        let folder = try TemporaryFolder()
        // A slow store (2 s per write, a tired SD card): the end waits for it, and a second Ctrl-C cuts that short
        let (process, reader) = try RetroWalkBinary.start(
            [
                "walk", "--simulate", "--speed", "2", "--json", "--db", folder.path("s.sqlite"),
                "--render-audio", folder.path("a.wav"),
            ], environment: ["RETROWALK_TEST_STORE_DELAY_MS": "2000"])
        // Given a session 10 samples in
        var received = Data()
        while String(decoding: received, as: UTF8.self).components(separatedBy: "\"sample\"").count < 11 {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            received += chunk
        }
        // When Ctrl-C is pressed twice
        kill(process.processIdentifier, SIGINT)
        Thread.sleep(forTimeInterval: 0.3)
        let second = ContinuousClock.now
        kill(process.processIdentifier, SIGINT)
        received += reader.readDataToEndOfFile()
        process.waitUntilExit()
        // Then it exits with 130 (128 + SIGINT) and the samples it had are in the database; the next command
        // that opens it finds the session without an end and closes it as interrupted
        // (after at most the 3 s it gives the database)
        #expect(process.terminationReason == .exit && process.terminationStatus == 130)
        #expect(ContinuousClock.now - second < .seconds(4))
        let stored = try #require(try Self.history(folder).first)
        #expect((stored["samples"] as? Int ?? 0) >= 5, "stored \(stored)")
        #expect(["ended_by_signal", "interrupted"].contains(stored["end_state"] as? String))
    }

    /// `retrowalk history --json` of the folder's database: one object per session, newest first.
    static func history(_ folder: TemporaryFolder) throws -> [[String: Any]] {
        let output = try RetroWalkBinary.run(["history", "--json", "--db", folder.path("s.sqlite")])
        #expect(output.status == 0, "history: \(output.stderr)")
        return output.lines.compactMap { EventLine($0)?.object }
    }
}
