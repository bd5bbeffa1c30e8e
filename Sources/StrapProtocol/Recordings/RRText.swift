public import RetroWalkCore

/// Plain RR text, the PhysioNet/Kubios convention: one RR interval per line, nothing else.
///
/// ```
/// # Polar H10, resting
/// 812
/// 798.4
///
/// 805
/// ```
/// Values are milliseconds; when *every* value is below 3 they are taken as seconds (`0.812`) and a note says so.
/// Blank lines and `#` comments are skipped. Zero, negative and non-numeric values are errors naming the line.
///
/// A strap does not send one notification per beat: it sends about one a second carrying the RR intervals that ended
/// since the last one. ``samples(fromRR:)`` rebuilds that stream, so replaying RR text looks like replaying a strap.
public enum RRText {
    /// RR values must be below this many milliseconds: the wire's 16-bit 1/1024 s unit holds up to 63,999 ms.
    public static let longestMilliseconds = 64_000.0

    /// Reads RR text and synthesises strap notifications from it (see ``samples(fromRR:)``).
    ///
    /// - Parameters:
    ///   - bytes: The whole file, UTF-8.
    ///   - name: The file's name or path, for messages.
    /// - Returns: The recording, format ``Recording/Format/rr``; a note when values were read as seconds.
    /// - Throws: ``StrapProtocolError``: ``StrapProtocolError/Code/malformedRecording`` naming the line and value
    ///   for anything but a positive number below 64 s; ``StrapProtocolError/Code/emptyRecording`` for no values.
    public static func read(bytes: [UInt8], name: String) throws(StrapProtocolError) -> Recording {
        let text = bytes.span
        var values: [Double] = []
        var lines = RecordingText.LineCursor(text)
        while let line = lines.next(in: text) {
            if RecordingText.isBlankOrComment(text, line.range) { continue }
            let value = RecordingText.trimmed(text, line.range)
            guard let number = RecordingText.decimal(text, value), number > 0 else {
                throw StrapProtocolError(
                    code: .malformedRecording,
                    message: "recording '\(name)' line \(line.number): '\(RecordingText.shown(text, value))' is not "
                        + "an RR interval; RR text has one positive number per line, in milliseconds (812) or seconds "
                        + "(0.812), and '#' comments"
                )
            }
            guard number < longestMilliseconds else {
                throw StrapProtocolError(
                    code: .malformedRecording,
                    message: "recording '\(name)' line \(line.number): RR '\(RecordingText.shown(text, value))' ms is "
                        + "64 s or longer, more than a strap can report; check the unit (ms or s) and the value"
                )
            }
            values.append(number)
        }
        guard !values.isEmpty else {
            throw StrapProtocolError(
                code: .emptyRecording,
                message: "recording '\(name)' has no RR values; write one interval per line, in milliseconds"
            )
        }
        var notes: [String] = []
        if values.allSatisfy({ $0 < 3 }) {
            for index in values.indices { values[index] *= 1000 }
            notes.append("RR values are all below 3, so they were read as seconds and converted to milliseconds")
        }
        let raw = values.map { RRInterval.raw(fromMilliseconds: $0) }
        guard !raw.contains(0) else {
            throw StrapProtocolError(
                code: .malformedRecording,
                message: "recording '\(name)' has an RR value that rounds to 0 in 1/1024 s; RR intervals are at least "
                    + "1 ms"
            )
        }
        return Recording(samples: samples(fromRR: raw), format: .rr, notes: notes)
    }

    /// Strap-like notifications for a series of consecutive beats.
    ///
    /// Time 0 is the start of the first beat; beat *k* ends at the sum of the first *k* intervals (summed in
    /// 1/1024 s, so exactly). A notification is sent at every whole second *s* from the one in which the first beat
    /// ends to the one in which the last beat ends; it carries the intervals of the beats that ended in
    /// (*s* − 1, *s*], oldest first, and bpm = 60000 / the last interval so far in ms, rounded (a second without a
    /// beat repeats the last bpm with no RR, as a strap does at low rates). Contact is
    /// ``RetroWalkCore/Contact/unsupported``: RR text does not say.
    ///
    /// - Parameter intervals: RR intervals in 1/1024 s, each above 0.
    /// - Returns: The notifications, one per second, in time order; empty for no intervals.
    public static func samples(fromRR intervals: [UInt16]) -> [HeartRateSample] {
        var samples: [HeartRateSample] = []
        var elapsed = 0  // 1/1024 s since the start of the first beat
        var index = 0
        var second = 1
        var last: UInt16?
        samples.reserveCapacity(intervals.reduce(0) { $0 + Int($1) } / 1024 + 1)
        while index < intervals.count {
            let first = index
            while index < intervals.count, elapsed + Int(intervals[index]) <= second * 1024 {
                elapsed += Int(intervals[index])
                index += 1
            }
            if index > first { last = intervals[index - 1] }
            if let last {
                samples.append(
                    HeartRateSample(
                        time: Double(second),
                        beatsPerMinute: beatsPerMinute(raw: last),
                        contact: .unsupported,
                        rrIntervals: index > first ? Array(intervals[first..<index]) : []
                    )
                )
            }
            second += 1
        }
        return samples
    }

    /// 60000 / the interval in ms, rounded, for an RR interval in 1/1024 s (0 gives 0).
    static func beatsPerMinute(raw: UInt16) -> UInt16 {
        guard raw > 0 else { return 0 }
        return UInt16(min(65535, (61_440 / Double(raw)).rounded()))
    }
}
