import RetroWalkCore
import StrapProtocol
import Testing

/// Inputs that `make fuzz` (the libFuzzer targets of `Fuzz/`) found to crash a reader or break a property it
/// promises, each minimized by libFuzzer (`retrowalk-fuzz --target=NAME -minimize_crash=1 CRASH_FILE`) and kept here
/// as bytes with the fixed behaviour. The name of the crash file libFuzzer wrote is in each test's description.
@Suite("Fuzz regressions: inputs libFuzzer found")
struct FuzzRegressionTests {
    /// The `csv` target's round trip: what the reader accepts must render back to CSV that reads the same.
    @Test("csv: an RR value that is 0 in 1/1024 s ('.1' ms) is refused, not read as an RR of 0 (crash-e9846234)")
    func csvRRRoundingToZero() {
        // Given the minimized input: a row whose only RR is 0.1 ms, which rounds to 0 in the strap's unit
        let input: [UInt8] = [
            0x74, 0x5F, 0x73, 0x2C, 0x62, 0x70, 0x6D, 0x2C, 0x63, 0x6F, 0x6E, 0x74, 0x61, 0x63, 0x74, 0x2C,
            0x65, 0x6E, 0x65, 0x72, 0x67, 0x79, 0x5F, 0x6B, 0x6A, 0x2C, 0x72, 0x72, 0x5F, 0x6D, 0x73, 0x0A,
            0x30, 0x2C, 0x2C, 0x2C, 0x2C, 0x2E, 0x31,
        ]
        // When it is read, then it is refused: read as 0 it rendered as '0.00', which no reader accepts
        #expect {
            try RecordingCSV.read(bytes: input, name: "fuzz.csv")
        } throws: { error in
            (error as? StrapProtocolError)?.message
                == "recording 'fuzz.csv' line 2, column rr_ms: '.1' is not an RR interval: it is 0 in the strap's "
                + "unit of 1/1024 s; write milliseconds of at least 0.5 and below 64000"
        }
        // And the smallest value that is not 0 in 1/1024 s reads and renders back to itself
        let smallest = Array("t_s,bpm,contact,energy_kj,rr_ms\n0,,,,0.5\n".utf8)
        let samples = try? RecordingCSV.read(bytes: smallest, name: "fuzz.csv").samples
        #expect(samples?.first?.rrIntervals == [1])
        let again = samples.flatMap { try? RecordingCSV.read(bytes: Array(RecordingCSV.render($0).utf8), name: "x") }
        #expect(again?.samples == samples)
    }

    /// The `csv` target: a time too large to be written with decimals in 64 bits trapped in `JSONValue.format`,
    /// both when the CSV was rendered and in the message for the row after it.
    @Test("csv: a time of 6.8e19 s renders, reads back and appears in messages without a trap (crash-fa982246)")
    func csvHugeTime() throws {
        // Given the minimized input: one row at t_s = 67777777777777777707
        let input: [UInt8] = [
            0x74, 0x5F, 0x73, 0x2C, 0x62, 0x70, 0x6D, 0x2C, 0x63, 0x6F, 0x6E, 0x74, 0x61, 0x63, 0x74, 0x2C,
            0x65, 0x6E, 0x65, 0x72, 0x67, 0x79, 0x5F, 0x6B, 0x6A, 0x2C, 0x72, 0x72, 0x5F, 0x6D, 0x73, 0x0A,
            0x36, 0x37, 0x37, 0x37, 0x37, 0x37, 0x37, 0x37, 0x37, 0x37, 0x37, 0x37, 0x37, 0x37, 0x37, 0x37,
            0x37, 0x37, 0x30, 0x37, 0x2C, 0x37, 0x2C, 0x2C, 0x2C,
        ]
        // When it is read and rendered, then the rendered CSV reads back to the same samples
        let recording = try RecordingCSV.read(bytes: input, name: "fuzz.csv")
        #expect(recording.samples.first?.time == Double("67777777777777777707"))
        let again = try RecordingCSV.read(bytes: Array(RecordingCSV.render(recording.samples).utf8), name: "x")
        #expect(again.samples == recording.samples)
        // And the crash libFuzzer saved first (the message for a row earlier than that time, reduced by hand) is an
        // error naming both times
        let backwards = Array("t_s,bpm,contact,energy_kj,rr_ms\n67777777777777777707,7,,,\n1,7,,,\n".utf8)
        #expect {
            try RecordingCSV.read(bytes: backwards, name: "fuzz.csv")
        } throws: { error in
            (error as? StrapProtocolError)?.message
                == "recording 'fuzz.csv' line 3, column t_s: time '1' is earlier than the row before "
                + "('6.777777777777778e+19'); rows must be in time order"
        }
    }

    /// The `fit` target: a definition may declare a field wider than its profile type; a 32-bit `heart_rate` of
    /// 6,750,209 trapped converting to UInt16.
    @Test("fit: a heart rate too large for 16 bits (a 32-bit heart_rate field) is invalid, not a trap (crash-57e3a32d)")
    func fitWideHeartRate() {
        // Given the minimized input with its data size and CRC repaired, as the target fed it: a 12-byte header, a
        // definition of `record` with timestamp and heart_rate as uint32, one record with heart_rate 0x00670001
        let input: [UInt8] = [
            0x0C, 0x23, 0xDC, 0x52, 0x15, 0x00, 0x00, 0x00, 0x2E, 0x46, 0x49, 0x54, 0x40, 0x00, 0x00, 0x14,
            0x00, 0x02, 0xFD, 0x04, 0x86, 0x03, 0x04, 0x86, 0x00, 0x00, 0x79, 0x00, 0x40, 0x01, 0x00, 0x67,
            0x00, 0x54, 0xA7,
        ]
        // When it is read, then the value counts as invalid: the only record has no heart rate, so no samples
        #expect {
            try FITDecoder.read(bytes: input, name: "fuzz.fit")
        } throws: { error in
            (error as? StrapProtocolError)?.code == .emptyRecording
        }
    }
}
