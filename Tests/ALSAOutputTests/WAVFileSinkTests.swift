import ALSAOutput
import Foundation
import SoundEngine
import Testing

struct WAVFileSinkTests {
    @Test("streamed samples decode back, sizes patched, mode 0644")
    func streamsAndPatches() throws {
        let path = try Fixtures.makeTemporaryDirectory() + "/out.wav"
        let sink = try WAVFileSink(path: path)
        try sink.write([1, 2, 3])
        try sink.write([-4, 5])
        #expect(sink.framesWritten == 5)
        try sink.close()
        try sink.close()  // idempotent
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.count == 44 + 10)
        #expect(Array(bytes[4..<8]) == [46, 0, 0, 0])
        #expect(Array(bytes[40..<44]) == [10, 0, 0, 0])
        let decoded = try WAV.decode(bytes)
        #expect(decoded.sampleRate == 16000 && decoded.samples == [1, 2, 3, -4, 5])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o644)
    }

    @Test("writing after close, or to a missing directory, is a clear error")
    func errors() throws {
        let path = try Fixtures.makeTemporaryDirectory() + "/out.wav"
        let sink = try WAVFileSink(path: path)
        try sink.close()
        let closed = #expect(throws: AudioError.self) { try sink.write([1]) }
        #expect(closed?.code == .fileWriteFailed)
        let missing = #expect(throws: AudioError.self) { try WAVFileSink(path: "/nonexistent/dir/out.wav") }
        #expect(missing?.message.contains("'/nonexistent/dir/out.wav'") == true)
        #expect(missing?.message.contains("No such file or directory") == true)
    }
}
