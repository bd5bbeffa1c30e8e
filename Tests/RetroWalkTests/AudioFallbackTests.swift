import Foundation
import SoundEngine
import Testing

@Suite("Audio fallback")
struct AudioFallbackTests {
    @Test("a device that cannot be opened: the session renders to audio/session-N.wav beside the database and says so")
    func fallback() throws {
        // Given an ALSA device that does not exist
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run(
            [
                "walk", "--simulate", "--speed", "max", "--duration", "60", "--audio-device", "nosuchdevice",
                "--db", folder.path("s.sqlite"),
            ]
        )
        // When the session runs, it still completes
        #expect(output.status == 0, "stderr: \(output.stderr)")
        // Then it says why and where the audio went, and the file holds the whole session
        let expected = folder.path("audio/session-1.wav")
        #expect(output.stderr.contains("'nosuchdevice' could not be opened"))
        #expect(output.stderr.contains("Rendering the session's audio to \(expected) instead"))
        #expect(output.stdout.contains("audio: WAV file \(expected)"))
        let audio = try WAV.decode(Array(try Data(contentsOf: URL(fileURLWithPath: expected))))
        #expect(abs(Double(audio.samples.count) / Double(audio.sampleRate) - 60) < 0.2)
    }

    @Test("a device that fails mid-session becomes an 'audio' fault event, and the session goes on")
    func failingDevice() throws {
        // Given an ALSA device whose every write fails (a file PCM over /dev/full)
        let folder = try TemporaryFolder()
        let config = folder.path("asound.conf")
        try """
        pcm.retrowalk_failing {
            type file
            slave.pcm "null"
            file "/dev/full"
            format "raw"
        }
        """.write(toFile: config, atomically: true, encoding: .utf8)
        // When a session plays through it
        let output = try RetroWalkBinary.run(
            [
                "walk", "--simulate", "--speed", "20", "--duration", "40", "--json", "--audio-device",
                "retrowalk_failing", "--db", folder.path("s.sqlite"),
            ],
            environment: ["ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf:\(config)"]
        )
        // Then the fault is an event on the timeline, and the session still ends with its summary
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let events = output.lines.compactMap(EventLine.init)
        let fault = try #require(events.first { $0.event == "audio" })
        #expect(fault["state"] as? String == "fault")
        #expect((fault["reason"] as? String)?.contains("retrowalk_failing") == true)
        #expect(events.last?.event == "summary")
    }
}
