import RetroWalkCore
import RetroWalkTesting
import StrapProtocol
import Testing

@Suite("RR text recordings: PhysioNet/Kubios intervals turned into strap-like notifications")
struct RRTextTests {
    static func read(_ text: String, name: String = "rest.txt") throws -> Recording {
        try RRText.read(bytes: Array(text.utf8), name: name)
    }

    @Test("groups beats into one notification per second, each carrying the beats that ended in that second")
    func grouping() {
        // Given 400, 400, 400 and 1500 ms beats: they end at 0.4004, 0.8008, 1.2012 and 2.7012 s (in 1/1024 s:
        // 410, 820, 1230, 2766).
        let intervals: [UInt16] = [410, 410, 410, 1536]
        // When notifications are synthesised.
        let samples = RRText.samples(fromRR: intervals)
        // Then second 1 carries the first two beats, second 2 the third, second 3 the long one (bpm 40).
        #expect(
            samples == [
                HeartRateSample(time: 1, beatsPerMinute: 150, contact: .unsupported, rrIntervals: [410, 410]),
                HeartRateSample(time: 2, beatsPerMinute: 150, contact: .unsupported, rrIntervals: [410]),
                HeartRateSample(time: 3, beatsPerMinute: 40, contact: .unsupported, rrIntervals: [1536]),
            ]
        )
    }

    @Test("a second without a beat repeats the last bpm with no RR; nothing is sent before the first beat ends")
    func slowBeats() {
        // Given two 2.5 s beats, ending at 2.5 s and 5 s.
        let samples = RRText.samples(fromRR: [2560, 2560])
        // Then the first notification is at 3 s; 4 s repeats 24 bpm with no RR; 5 s carries the second beat
        // (a beat ending exactly on a second belongs to that second).
        #expect(
            samples == [
                HeartRateSample(time: 3, beatsPerMinute: 24, contact: .unsupported, rrIntervals: [2560]),
                HeartRateSample(time: 4, beatsPerMinute: 24, contact: .unsupported, rrIntervals: []),
                HeartRateSample(time: 5, beatsPerMinute: 24, contact: .unsupported, rrIntervals: [2560]),
            ]
        )
    }

    @Test("reads the real Polar RR text: every beat once, in order, each in the second its beat ended")
    func polar() throws {
        // Given 60 real intervals with comments and a blank line.
        let recording = try Self.read(RecordingFixtures.polarRRText, name: "polar.txt")
        let expected = RecordingFixtures.polarRRMilliseconds.map { RRInterval.raw(fromMilliseconds: $0) }
        // Then no beat is lost, duplicated or reordered.
        #expect(recording.format == .rr)
        #expect(recording.notes.isEmpty)
        #expect(recording.samples.flatMap(\.rrIntervals) == expected)
        // And each beat's end time (the running sum, in ms) lies in (t − 1 s, t] of the notification carrying it.
        var endMilliseconds = 0.0
        for sample in recording.samples {
            for raw in sample.rrIntervals {
                endMilliseconds += Double(raw) * 1000 / 1024
                #expect(endMilliseconds > (sample.time - 1) * 1000 && endMilliseconds <= sample.time * 1000)
            }
            #expect(sample.time == sample.time.rounded())
            #expect(sample.contact == .unsupported)
        }
        // And the notifications are one a second, ending with the second in which the last beat ended (45.001 s).
        #expect(recording.samples.map(\.time) == (1...46).map(Double.init))
        // And bpm is 60000 / the last interval: the first notification (beat of 725.6 ms) says 83.
        #expect(recording.samples[0].rrIntervals == [743])
        #expect(recording.samples[0].beatsPerMinute == 83)
        #expect(recording.hasRR)
    }

    @Test("values all below 3 are seconds, and the recording says so")
    func seconds() throws {
        let text = RecordingFixtures.polarRRMilliseconds.map { String($0 / 1000) }.joined(separator: "\n")
        let inSeconds = try Self.read(text)
        let inMilliseconds = try Self.read(RecordingFixtures.polarRRText)
        #expect(inSeconds.samples == inMilliseconds.samples)
        #expect(
            inSeconds.notes == [
                "RR values are all below 3, so they were read as seconds and converted to milliseconds"
            ]
        )
    }

    @Test(
        "malformed RR text: the message names the line and the value",
        arguments: [
            (
                "812\n798\nabc\n",
                "recording 'rest.txt' line 3: 'abc' is not an RR interval; RR text has one positive number per line, "
                    + "in milliseconds (812) or seconds (0.812), and '#' comments"
            ),
            (
                "812\n0\n",
                "recording 'rest.txt' line 2: '0' is not an RR interval; RR text has one positive number per line, "
                    + "in milliseconds (812) or seconds (0.812), and '#' comments"
            ),
            (
                "# header\n812 798\n",
                "recording 'rest.txt' line 2: '812 798' is not an RR interval; RR text has one positive number per "
                    + "line, in milliseconds (812) or seconds (0.812), and '#' comments"
            ),
            (
                "812\n64000\n",
                "recording 'rest.txt' line 2: RR '64000' ms is 64 s or longer, more than a strap can report; check "
                    + "the unit (ms or s) and the value"
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

    @Test("only comments is an empty recording")
    func onlyComments() {
        #expect {
            try Self.read("# nothing yet\n\n")
        } throws: { error in
            (error as? StrapProtocolError)?.message
                == "recording 'rest.txt' has no RR values; write one interval per line, in milliseconds"
        }
    }
}
