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
}
