import Foundation
import SoundEngine
import Testing

@Suite("Stopping a session")
struct InterruptTests {
    @Test(
        "Ctrl-C ends the session cleanly: summary written, samples stored, WAV file complete",
        arguments: [SIGINT, SIGTERM])
    func interrupt(signalNumber: Int32) throws {
        let folder = try TemporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RetroWalkBinary.path)
        process.arguments = [
            "walk", "--simulate", "--speed", "20", "--json", "--db", folder.path("s.sqlite"),
            "--render-audio", folder.path("a.wav"),
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["RETROWALK_CONFIG_DIR"] = RetroWalkBinary.packageRoot.appendingPathComponent("config").path
        environment["RETROWALK_SOUNDS"] = RetroWalkBinary.packageRoot.appendingPathComponent("Sounds").path
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        // Given a session that has been running for a while (its first events are out)
        let reader = out.fileHandleForReading
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
    }
}
