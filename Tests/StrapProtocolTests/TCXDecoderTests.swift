import RetroWalkCore
import RetroWalkTesting
import StrapProtocol
import Testing

@Suite("TCX recordings: trackpoint times and heart rates")
struct TCXDecoderTests {
    static func read(_ text: String, name: String = "walk.tcx") throws -> Recording {
        try TCXDecoder.read(bytes: Array(text.utf8), name: name)
    }

    /// A minimal TCX document around trackpoints.
    static func document(_ trackpoints: String) -> String {
        """
        <?xml version="1.0"?>
        <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
        <Activities><Activity Sport="Running"><Id>2025-01-01T10:00:00Z</Id><Lap StartTime="2025-01-01T10:00:00Z">
        <Track>
        \(trackpoints)
        </Track></Lap></Activity></Activities>
        </TrainingCenterDatabase>
        """
    }

    @Test("reads the hand-written fixture as python-tcxparser does")
    func fixture() throws {
        let recording = try Self.read(RecordingFixtures.walkTCX)
        #expect(recording.samples.map(\.time) == RecordingFixtures.walkTCXSamples.map(\.time))
        #expect(recording.samples.map(\.beatsPerMinute) == RecordingFixtures.walkTCXSamples.map(\.bpm))
        #expect(recording.samples.allSatisfy { $0.contact == .unsupported && $0.rrIntervals.isEmpty })
        #expect(
            recording.metadata
                == Recording.Metadata(
                    startDate: "2025-06-02T08:15:00Z",
                    sport: "Other",
                    deviceName: "Polar H10 & retrowalk"
                )
        )
        #expect(recording.notes == ["1 Trackpoint(s) without a time or heart rate were skipped"])
        #expect(recording.format == .tcx)
        #expect(!recording.hasRR)
    }

    @Test("namespace prefixes on every element read the same")
    func prefixed() throws {
        var text = ""
        var previous: Character = " "
        for character in RecordingFixtures.walkTCX {
            if previous == "<", character.isLetter {
                text += "tcx:"
            } else if previous == "/", text.hasSuffix("</") {
                text += "tcx:"
            }
            text.append(character)
            previous = character
        }
        #expect(text.contains("<tcx:Trackpoint>") && text.contains("</tcx:Trackpoint>"))
        #expect(try Self.read(text).samples == Self.read(RecordingFixtures.walkTCX).samples)
    }

    @Test(
        "time forms: Z, fraction, offsets and no zone (UTC)",
        arguments: [
            ("2025-01-01T10:00:30Z", 30.0),
            ("2025-01-01T10:00:30.125Z", 30.125),
            ("2025-01-01T10:00:30.123Z", 30.123),
            ("2025-01-01T11:00:30+01:00", 30),
            ("2025-01-01T08:30:30-0130", 30),
            ("2025-01-01T12:00:30+02", 30),
            ("2025-01-01T10:00:30", 30),
            ("2025-01-02T00:00:00Z", 50_400),
        ]
    )
    func timeForms(time: String, seconds: Double) throws {
        let text = Self.document(
            """
            <Trackpoint><Time>2025-01-01T10:00:00Z</Time><HeartRateBpm><Value>90</Value></HeartRateBpm></Trackpoint>
            <Trackpoint><Time>\(time)</Time><HeartRateBpm><Value>91</Value></HeartRateBpm></Trackpoint>
            """
        )
        let recording = try Self.read(text)
        #expect(recording.samples.map(\.time) == [0, seconds])
        #expect(recording.metadata.sport == "Running")
        #expect(recording.metadata.startDate == "2025-01-01T10:00:00Z")
    }

    @Test(
        "malformed TCX: the message names the line and the value",
        arguments: [
            (
                "<Trackpoint><Time>yesterday</Time><HeartRateBpm><Value>90</Value></HeartRateBpm></Trackpoint>",
                "TCX file 'walk.tcx' line 5: Time 'yesterday' is not an ISO 8601 time; write YYYY-MM-DDTHH:MM:SS "
                    + "with an optional fraction and Z or an offset, e.g. 2025-05-10T07:30:00Z"
            ),
            (
                "<Trackpoint><Time>2025-02-30T10:00:00Z</Time></Trackpoint>",
                "TCX file 'walk.tcx' line 5: Time '2025-02-30T10:00:00Z' is not an ISO 8601 time; write "
                    + "YYYY-MM-DDTHH:MM:SS with an optional fraction and Z or an offset, e.g. 2025-05-10T07:30:00Z"
            ),
            (
                "<Trackpoint><Time>2025-01-01T10:00:00Z</Time>\n<HeartRateBpm><Value>fast</Value></HeartRateBpm>"
                    + "</Trackpoint>",
                "TCX file 'walk.tcx' line 6: HeartRateBpm Value 'fast' is not a heart rate; write whole beats per "
                    + "minute, e.g. 96"
            ),
            (
                "<Trackpoint><Time>2025-01-01T10:00:05Z</Time><HeartRateBpm><Value>90</Value></HeartRateBpm>"
                    + "</Trackpoint>\n<Trackpoint><Time>2025-01-01T10:00:01Z</Time><HeartRateBpm><Value>90</Value>"
                    + "</HeartRateBpm></Trackpoint>",
                "TCX file 'walk.tcx' line 6: the Trackpoint at 2025-01-01T10:00:01Z is 4 s earlier than the one "
                    + "before; trackpoints must be in time order"
            ),
            (
                "<Trackpoint><Time>2025-01-01T10:00:05Z</Time><HeartRateBpm><Value",
                "TCX file 'walk.tcx' line 5: the file ends inside the tag '<Value' on line 5; the file is cut off or "
                    + "not well-formed XML"
            ),
            (
                "<!-- unfinished comment <Trackpoint>",
                "TCX file 'walk.tcx' line 5: the file ends inside a comment that starts on line 5; the file is cut "
                    + "off or not well-formed XML"
            ),
        ]
    )
    func malformed(trackpoints: String, message: String) {
        var text = Self.document(trackpoints)
        if trackpoints.hasSuffix("<Value") || trackpoints.hasPrefix("<!--"), let end = text.firstRange(of: trackpoints)
        {
            text = String(text[..<end.upperBound])  // the file ends right there
        }
        #expect {
            try Self.read(text)
        } throws: { error in
            let error = error as? StrapProtocolError
            return error?.code == .malformedRecording && error?.message == message
        }
    }

    @Test("a course or a file without heart rate is an empty recording")
    func noHeartRate() {
        let text = Self.document("<Trackpoint><Time>2025-01-01T10:00:00Z</Time></Trackpoint>")
        #expect {
            try Self.read(text)
        } throws: { error in
            let error = error as? StrapProtocolError
            return error?.code == .emptyRecording
                && error?.message == "TCX file 'walk.tcx' has no Trackpoint with a Time and a HeartRateBpm Value; "
                    + "export the activity with heart rate, or give another file"
        }
    }
}
