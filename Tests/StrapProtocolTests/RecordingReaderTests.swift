import RetroWalkCore
import RetroWalkTesting
import StrapProtocol
import Testing

@Suite("Recording format detection and the errors for files in no known format")
struct RecordingReaderTests {
    @Test(
        "recognises each format from its bytes",
        arguments: [
            ("fit", Recording.Format.fit),
            ("tcx", .tcx),
            ("csv", .csv),
            ("rr", .rr),
            ("rr-seconds", .rr),
        ]
    )
    func detects(kind: String, format: Recording.Format) throws {
        let bytes: [UInt8] =
            switch kind {
            case "fit": try FITDecoderTests.bytes(FITFixtures.walkHRVHex)
            case "tcx": Array(("\n  " + RecordingFixtures.walkTCX).utf8)
            case "csv": Array("# exported\nt_s,bpm,contact,energy_kj,rr_ms\n1,70,,,\n".utf8)
            case "rr": Array(RecordingFixtures.polarRRText.utf8)
            default: Array("0.812\n0.790\n".utf8)
            }
        #expect(try RecordingReader.detectFormat(bytes: bytes, name: "x") == format)
        let recording = try RecordingReader.read(bytes: bytes, name: "x")
        #expect(recording.format == format)
        #expect(!recording.samples.isEmpty)
    }

    @Test("reads a given format without detection")
    func explicitFormat() throws {
        let bytes = Array(RecordingFixtures.polarRRText.utf8)
        #expect(try RecordingReader.read(bytes: bytes, name: "x", as: .rr) == RRText.read(bytes: bytes, name: "x"))
    }

    static let accepted =
        "give a file in the project CSV (header 't_s,bpm,contact,energy_kj,rr_ms'), RR text (one interval per line, "
        + "in ms or s), FIT (Garmin binary, '.FIT' at byte 8) or TCX (Garmin XML with TrainingCenterDatabase)"

    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00,
    ]

    static let unrecognizedCases: [(bytes: [UInt8], message: String)] = [
        (
            Array("hello world\nsecond line\n".utf8),
            "recording 'mystery.dat' is in no format retrowalk reads: its first line is 'hello world'; " + accepted
        ),
        (
            png,
            "recording 'mystery.dat' is in no format retrowalk reads: it starts with bytes 89 50 4e 47 0d 0a 1a 0a 00 "
                + "00 00 0d 49 48 44 52 …; " + accepted
        ),
        (
            Array("<?xml version=\"1.0\"?><gpx><trk/></gpx>".utf8),
            "recording 'mystery.dat' is in no format retrowalk reads: its first line is "
                + "'<?xml version=\"1.0\"?><gpx><trk/></gpx>'; " + accepted
        ),
    ]

    @Test(
        "a file in no known format: the message names the file, what it starts with and the accepted formats",
        arguments: unrecognizedCases
    )
    func unrecognized(bytes: [UInt8], message: String) {
        #expect {
            try RecordingReader.read(bytes: bytes, name: "mystery.dat")
        } throws: { error in
            let error = error as? StrapProtocolError
            return error?.code == .unrecognizedRecording && error?.message == message
        }
    }

    @Test("a CSV with another header is named as such")
    func otherCSVHeader() {
        #expect {
            try RecordingReader.read(bytes: Array("time,hr,rr\n1,70,812\n".utf8), name: "export.csv")
        } throws: { error in
            let error = error as? StrapProtocolError
            return error?.code == .malformedRecording
                && error?.message == "recording 'export.csv' line 1: CSV header 'time,hr,rr' is not the project "
                    + "header; the first line must be exactly 't_s,bpm,contact,energy_kj,rr_ms'"
        }
    }

    @Test(
        "empty files and files with only comments",
        arguments: [
            ("", "recording 'empty.csv' is empty (0 bytes); give a file in "),
            (
                "\n# only a comment\n  \n",
                "recording 'empty.csv' has only blank lines and '#' comments; give a file in "
            ),
        ]
    )
    func empty(text: String, prefix: String) {
        #expect {
            try RecordingReader.read(bytes: Array(text.utf8), name: "empty.csv")
        } throws: { error in
            let error = error as? StrapProtocolError
            return error?.code == .emptyRecording && error?.message == prefix + RecordingReader.acceptedFormats
        }
    }
}
