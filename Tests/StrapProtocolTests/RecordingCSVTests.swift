import RetroWalkCore
import RetroWalkTesting
import StrapProtocol
import Testing

@Suite("Project CSV recordings: read, render, round trip, errors")
struct RecordingCSVTests {
    static func read(_ text: String, name: String = "day.csv") throws -> Recording {
        try RecordingCSV.read(bytes: Array(text.utf8), name: name)
    }

    @Test("renders one row per notification with RR in ms to two decimals")
    func render() {
        let samples = [
            HeartRateSample(time: 0.98, beatsPerMinute: 72, contact: .detected, rrIntervals: [849, 832]),
            HeartRateSample(time: 2, beatsPerMinute: 73, contact: .notDetected, energyKilojoules: 16),
            HeartRateSample(time: 2.5, beatsPerMinute: 300, contact: .unsupported, rrIntervals: [205]),
        ]
        #expect(
            RecordingCSV.render(samples) == """
                t_s,bpm,contact,energy_kj,rr_ms
                0.98,72,detected,,829.10 812.50
                2,73,not_detected,16,
                2.5,300,unsupported,,200.20

                """
        )
    }

    @Test("reads every column form: empty bpm from RR, empty contact, comments, CRLF and a byte-order mark")
    func columnForms() throws {
        let text =
            "\u{FEFF}# exported by hand\r\nt_s,bpm,contact,energy_kj,rr_ms\r\n\r\n0.5,,,,750 \r\n"
            + "1.25, 81 ,detected,12,740.5  760\r\n# a comment row\r\n3,80,not_detected,,\r\n"
        let recording = try Self.read(text)
        #expect(recording.format == .csv)
        #expect(
            recording.samples == [
                HeartRateSample(time: 0.5, beatsPerMinute: 80, contact: .unsupported, rrIntervals: [768]),
                HeartRateSample(
                    time: 1.25, beatsPerMinute: 81, contact: .detected, energyKilojoules: 12, rrIntervals: [758, 778]
                ),
                HeartRateSample(time: 3, beatsPerMinute: 80, contact: .notDetected),
            ]
        )
        #expect(recording.hasRR)
        #expect(recording.metadata == Recording.Metadata())
    }

    @Test("long numbers read as the standard library reads them; RR may be separated by runs of tabs and spaces")
    func longNumbersAndBlanks() throws {
        // Given times of 15 characters (the exact fast path), 17 and 21 characters (counted digits, then the
        // standard library), and RR values between tabs and several spaces
        let text =
            "t_s,bpm,contact,energy_kj,rr_ms\n123456789012.345,70,,,\t812.5 \t  790.25\t\n"
            + "123456789012.3456,70,,,800\n123456789012.345678901,70,,, 1000 \n"
        // When it is read
        let samples = try Self.read(text).samples
        // Then every value is the correctly rounded double, and the RR values are all there
        #expect(samples.map(\.time) == [123456789012.345, 123456789012.3456, 123456789012.345678901])
        #expect(samples.map(\.rrIntervals) == [[832, 809], [819], [1024]])
        #expect(samples[0].rrIntervals.capacity >= 2)
    }

    @Test(
        "times Swift writes with an exponent render as plain decimals that read back to the same double",
        arguments: [
            1e16, 6.777777777777778e19, 7.777777777777778e27, 1.5e-7, 1.23456789012e-7, .leastNonzeroMagnitude, 0.1,
            12.25,
        ]
    )
    func exponentTimes(time: Double) throws {
        let rendered = RecordingCSV.render([HeartRateSample(time: time, beatsPerMinute: 60, contact: .unsupported)])
        let field = rendered.split(separator: "\n")[1].split(separator: ",")[0]
        #expect(!field.contains("e"))
        #expect(try Self.read(rendered).samples.first?.time == time)
    }

    @Test("a row with more than five columns names how many it has")
    func tooManyColumns() {
        #expect {
            try Self.read("t_s,bpm,contact,energy_kj,rr_ms\n1,72,,,,812,\n")
        } throws: { error in
            (error as? StrapProtocolError)?.message
                == "recording 'day.csv' line 2: 7 columns in '1,72,,,,812,'; each row has 5: "
                + "t_s,bpm,contact,energy_kj,rr_ms (leave a value empty, keep the commas)"
        }
    }

    @Test("round trip: render then read gives the same samples", arguments: [0, 1, 2])
    func roundTrip(seed: UInt64) throws {
        // Given random notifications with every optional part, at times that are not round numbers.
        var generator = SplitMix64(seed: seed)
        var time = 0.0
        var samples: [HeartRateSample] = []
        for _ in 0..<500 {
            time += Double.random(in: 0.001..<2.5, using: &generator)
            let contact = Contact.allCases.randomElement(using: &generator) ?? .unsupported
            let rr = (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                UInt16.random(in: 1...65535, using: &generator)
            }
            let energy: UInt16? = Bool.random(using: &generator) ? UInt16.random(in: 0...65535, using: &generator) : nil
            samples.append(
                HeartRateSample(
                    time: time,
                    beatsPerMinute: UInt16.random(in: 0...65535, using: &generator),
                    contact: contact,
                    energyKilojoules: energy,
                    rrIntervals: rr
                )
            )
        }
        // When they are rendered and read back, then every value is the same, exactly.
        let back = try Self.read(RecordingCSV.render(samples))
        #expect(back.samples == samples)
    }

    @Test("round trip of the whole synthetic day")
    func roundTripDay() throws {
        let day = SyntheticRecordingTests.day
        let back = try Self.read(RecordingCSV.render(day))
        #expect(back.samples == day)
    }

    @Test("reads real Polar H10 notifications and recovers the raw RR values")
    func realPolar() throws {
        // Given the real rows grouped into notifications (rows with the same arrival time came together).
        var rows: [(time: String, bpm: String, rr: [String])] = []
        for line in PolarH10Recording.csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            if let last = rows.last, last.time == fields[0] {
                rows[rows.count - 1].rr.append(fields[2])
            } else {
                rows.append((fields[0], fields[1], [fields[2]]))
            }
        }
        let csv =
            RecordingCSV.header + "\n"
            + rows.map { "\($0.time),\($0.bpm),,,\($0.rr.joined(separator: " "))" }.joined(separator: "\n")
        // When the CSV is read.
        let recording = try Self.read(csv, name: "polar.csv")
        // Then each notification carries its RR values as raw 1/1024 s: ms × 1.024, which the file's note says is
        // exact (3 rows: 0.000 → 725.6 ms = 743, 739.3 ms = 757).
        #expect(recording.samples.count == rows.count)
        #expect(recording.samples[0].rrIntervals == [743, 757])
        #expect(recording.samples[0].beatsPerMinute == 81)
        let allRR = recording.samples.flatMap(\.rrIntervals)
        #expect(allRR.count == PolarH10Recording.csv.split(separator: "\n").count - 1)
        #expect(allRR.contains(1548))  // the missed beat, 1511.7 ms
        #expect(recording.samples.last?.time == 709.329)
    }

    @Test(
        "malformed CSV: the message names the line, column, value and the allowed form",
        arguments: [
            (
                "t,bpm\n1,2\n",
                "recording 'day.csv' line 1: header 't,bpm' is not the project CSV header; the first line must be "
                    + "exactly 't_s,bpm,contact,energy_kj,rr_ms'"
            ),
            (
                "t_s,bpm,contact,energy_kj,rr_ms\n1,72,detected\n",
                "recording 'day.csv' line 2: 3 columns in '1,72,detected'; each row has 5: "
                    + "t_s,bpm,contact,energy_kj,rr_ms (leave a value empty, keep the commas)"
            ),
            (
                "t_s,bpm,contact,energy_kj,rr_ms\nabc,72,,,\n",
                "recording 'day.csv' line 2, column t_s: 'abc' is not a time; write seconds since the start as a "
                    + "decimal, 0 or more"
            ),
            (
                "t_s,bpm,contact,energy_kj,rr_ms\n-1,72,,,\n",
                "recording 'day.csv' line 2, column t_s: '-1' is not a time; write seconds since the start as a "
                    + "decimal, 0 or more"
            ),
            (
                "t_s,bpm,contact,energy_kj,rr_ms\n1e3,72,,,\n",
                "recording 'day.csv' line 2, column t_s: '1e3' is not a time; write seconds since the start as a "
                    + "decimal, 0 or more"
            ),
            (
                "t_s,bpm,contact,energy_kj,rr_ms\n1,7x,,,\n",
                "recording 'day.csv' line 2, column bpm: '7x' is not a heart rate; write a whole number of beats "
                    + "per minute, 0-65535"
            ),
            (
                "t_s,bpm,contact,energy_kj,rr_ms\n1,65536,,,\n",
                "recording 'day.csv' line 2, column bpm: '65536' is not a heart rate; write a whole number of beats "
                    + "per minute, 0-65535"
            ),
            (
                "t_s,bpm,contact,energy_kj,rr_ms\n1,,detected,,\n",
                "recording 'day.csv' line 2, column bpm: '' is empty and the row has no RR intervals; write the "
                    + "heart rate, or give rr_ms to derive it from"
            ),
            (
                "t_s,bpm,contact,energy_kj,rr_ms\n1,72,yes,,\n",
                "recording 'day.csv' line 2, column contact: 'yes' is not a contact state; write detected, "
                    + "not_detected, unsupported or leave it empty"
            ),
            (
                "t_s,bpm,contact,energy_kj,rr_ms\n1,72,,-1,\n",
                "recording 'day.csv' line 2, column energy_kj: '-1' is not an energy; write a whole number of kJ, "
                    + "0-65535, or leave it empty"
            ),
            (
                "t_s,bpm,contact,energy_kj,rr_ms\n1,72,,,812 0\n",
                "recording 'day.csv' line 2, column rr_ms: '0' is not an RR interval; write milliseconds above 0 "
                    + "and below 64000, separated by spaces"
            ),
            (
                "t_s,bpm,contact,energy_kj,rr_ms\n1,72,,,812;790\n",
                "recording 'day.csv' line 2, column rr_ms: '812;790' is not an RR interval; write milliseconds "
                    + "above 0 and below 64000, separated by spaces"
            ),
            (
                "t_s,bpm,contact,energy_kj,rr_ms\n1,72,,,\n2,72,,,\n# note\n1.5,72,,,\n",
                "recording 'day.csv' line 5, column t_s: time '1.5' is earlier than the row before ('2'); rows "
                    + "must be in time order"
            ),
        ]
    )
    func malformed(text: String, message: String) {
        #expect {
            try Self.read(text)
        } throws: { error in
            let error = error as? StrapProtocolError
            return error?.code == .malformedRecording && error?.message == message
        }
    }

    @Test("a header without rows is an empty recording")
    func headerOnly() {
        #expect {
            try Self.read("t_s,bpm,contact,energy_kj,rr_ms\n\n")
        } throws: { error in
            let error = error as? StrapProtocolError
            return error?.code == .emptyRecording
                && error?.message == "recording 'day.csv' has a header but no rows; add one row per notification "
                    + "under 't_s,bpm,contact,energy_kj,rr_ms'"
        }
    }
}
