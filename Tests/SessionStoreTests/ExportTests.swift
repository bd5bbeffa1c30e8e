import Foundation
import RetroWalkCore
import StrapProtocol
import Testing

@testable import SessionStore

/// The exports read back through the project's own recording readers (the Python readers of Garmin's FIT SDK and
/// tcxreader check the same files in RetroWalkTests/ExportReaderTests).
@Suite("Exports")
struct ExportTests {
    let report = SessionFixture.report()

    @Test("CSV: the recording format replay reads, the same notifications back")
    func csv() throws {
        let text = SessionCSV.render(report)
        #expect(text.hasPrefix("# retrowalk session 7"))
        let recording = try RecordingReader.read(bytes: Array(text.utf8), name: "export.csv")
        #expect(recording.format == .csv)
        #expect(recording.samples == report.samples)
    }

    @Test("TCX: one lap per step, the heart-rate track at the samples' times (no-contact samples left out)")
    func tcx() throws {
        let text = TCXWriter.render(report)
        #expect(text.components(separatedBy: "<Lap StartTime=").count - 1 == report.steps.count)
        #expect(text.contains("<Lap StartTime=\"2026-11-21T09:01:00.000Z\">"))
        let recording = try RecordingReader.read(bytes: Array(text.utf8), name: "export.tcx")
        #expect(recording.format == .tcx)
        let usable = report.samples.filter { $0.contact != .notDetected }
        #expect(recording.samples.map(\.beatsPerMinute) == usable.map(\.beatsPerMinute))
        #expect(recording.samples.map(\.time) == usable.map { $0.time - usable[0].time })
        #expect(recording.metadata.startDate == "2026-11-21T09:00:00Z")
    }

    @Test("FIT: records with heart rate and time, RR from the hrv messages, CRCs the decoder checks")
    func fit() throws {
        let bytes = FITEncoder.encode(report)
        // Header: 14 bytes, protocol 1.0, data size, ".FIT", header CRC
        #expect(bytes[0] == 14 && bytes[1] == 0x10)
        let dataSize = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        #expect(bytes.count == 14 + dataSize + 2)
        #expect(FITDecoder.crc16(bytes[0..<12]) == UInt16(bytes[12]) | UInt16(bytes[13]) << 8)
        // The project's decoder reads it back (it checks both CRCs)
        let recording = try FITDecoder.read(bytes: bytes, name: "export.fit")
        #expect(recording.metadata.startDate == "2026-11-21T09:00:00Z")
        #expect(recording.metadata.sport == "walking")
        let usable = report.samples.filter { $0.contact != .notDetected }
        #expect(recording.samples.count == usable.count)
        #expect(recording.samples.map(\.beatsPerMinute) == usable.map(\.beatsPerMinute))
        #expect(recording.samples.map(\.time) == usable.map { ($0.time - usable[0].time).rounded(.down) })
        // RR in whole ms: within one 1/1024 s unit of what the strap sent
        for (read, sent) in zip(recording.samples, usable) {
            #expect(read.rrIntervals.count == sent.rrIntervals.count)
            for (a, b) in zip(read.rrIntervals, sent.rrIntervals) { #expect(abs(Int(a) - Int(b)) <= 1) }
        }
        // And a changed byte is caught by the file CRC
        var broken = bytes
        broken[40] ^= 0x01
        #expect(throws: StrapProtocolError.self) { try FITDecoder.read(bytes: broken, name: "broken.fit") }
    }
}
