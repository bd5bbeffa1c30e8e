public import RetroWalkCore

/// The project CSV: one row per Heart Rate Measurement notification, as the strap sent it.
///
/// ```
/// t_s,bpm,contact,energy_kj,rr_ms
/// 0.98,72,detected,,829.10 812.50
/// 1.97,73,detected,16,
/// 2.96,,unsupported,,820.31
/// ```
/// | column | meaning | form |
/// |---|---|---|
/// | `t_s` | arrival time, seconds since the recording started | decimal ≥ 0; never less than the row before |
/// | `bpm` | heart rate as the strap reported it | whole number 0–65535; may be empty when `rr_ms` has values (then 60000 / the last RR) |
/// | `contact` | skin contact, as `retrowalk decode` prints it | `detected`, `not_detected`, `unsupported`, or empty (= `unsupported`) |
/// | `energy_kj` | cumulative energy expended, kJ | whole number 0–65535, or empty |
/// | `rr_ms` | RR intervals that ended since the last notification, oldest first | decimals in ms (at least 0.5, below 64000: not 0 in 1/1024 s) separated by spaces, or empty |
///
/// RR values convert to the wire's 1/1024 s with ``RetroWalkCore/RRInterval/raw(fromMilliseconds:)``; written with
/// two decimals, they convert back to exactly the same raw value. Blank lines and lines starting with `#` are
/// skipped anywhere; `\r\n` line ends and a UTF-8 byte-order mark are accepted.
public enum RecordingCSV {
    /// The header line, exactly.
    public static let header = "t_s,bpm,contact,energy_kj,rr_ms"

    /// Renders notifications as the project CSV: the header, then one row per sample, each line ending in `\n`.
    ///
    /// Times are written in the shortest form that reads back to the same `Double` (`12`, `12.25`,
    /// `0.1`); RR values in milliseconds with two decimals. ``read(bytes:name:)`` of the result gives the same
    /// samples back. Never fails.
    ///
    /// - Parameter samples: The notifications, in time order.
    /// - Returns: The CSV text.
    public static func render(_ samples: [HeartRateSample]) -> String {
        var out = header + "\n"
        out.reserveCapacity(samples.count * 32)
        for sample in samples {
            out += time(sample.time)
            out += ","
            out += String(sample.beatsPerMinute)
            out += ","
            out += sample.contact.name
            out += ","
            if let energy = sample.energyKilojoules { out += String(energy) }
            out += ","
            var first = true
            for raw in sample.rrIntervals {
                if !first { out += " " }
                out += JSONValue.format(RRInterval.milliseconds(fromRaw: raw), decimals: 2)
                first = false
            }
            out += "\n"
        }
        return out
    }

    /// Reads the project CSV.
    ///
    /// - Parameters:
    ///   - bytes: The whole file, UTF-8.
    ///   - name: The file's name or path, for messages.
    /// - Returns: The recording, format ``Recording/Format/csv``, no metadata.
    /// - Throws: ``StrapProtocolError``: ``StrapProtocolError/Code/malformedRecording`` naming the line, the column,
    ///   the value and the allowed form (bad header, wrong number of columns, bad number, unknown contact, empty
    ///   `bpm` without RR, time going backwards); ``StrapProtocolError/Code/emptyRecording`` when there is no row.
    public static func read(bytes: [UInt8], name: String) throws(StrapProtocolError) -> Recording {
        let text = bytes.span
        var samples: [HeartRateSample] = []
        samples.reserveCapacity(bytes.count / 32)  // rows of a day's recording are 27 bytes on average
        var sawHeader = false
        var previousTime = 0.0
        var rows = RecordingText.LineCursor(text)
        while let (line, commas) = rows.nextRow(in: text) {
            if RecordingText.isBlankOrComment(text, line.range) { continue }
            guard sawHeader else {
                let header = RecordingText.trimmed(text, line.range)
                guard RecordingText.equals(text, header, Self.headerLiteral) else {
                    throw StrapProtocolError(
                        code: .malformedRecording,
                        message: "recording '\(name)' line \(line.number): header "
                            + "'\(RecordingText.shown(text, header))' is not the project CSV header; the first line "
                            + "must be exactly '\(Self.header)'"
                    )
                }
                sawHeader = true
                continue
            }
            let sample = try row(text, line, commas, name: name)
            if !samples.isEmpty, sample.time < previousTime {
                throw StrapProtocolError(
                    code: .malformedRecording,
                    message: "recording '\(name)' line \(line.number), column t_s: time "
                        + "'\(RecordingText.number(sample.time))' is earlier than the row before "
                        + "('\(RecordingText.number(previousTime))'); rows must be in time order"
                )
            }
            previousTime = sample.time
            samples.append(sample)
        }
        guard !samples.isEmpty else {
            throw StrapProtocolError(
                code: .emptyRecording,
                message: "recording '\(name)' has a header but no rows; add one row per notification under '\(header)'"
            )
        }
        return Recording(samples: samples, format: .csv)
    }

    /// ``header`` as a static string, for comparing bytes.
    static let headerLiteral: StaticString = "t_s,bpm,contact,energy_kj,rr_ms"

    /// One row → one sample. The columns are ranges of `text`; the only allocation is the sample's RR array, made
    /// at its final size.
    private static func row(
        _ text: Span<UInt8>,
        _ line: RecordingText.Line,
        _ commas: RecordingText.Commas,
        name: String
    ) throws(StrapProtocolError) -> HeartRateSample {
        guard commas.count == 4 else {
            throw StrapProtocolError(
                code: .malformedRecording,
                message: "recording '\(name)' line \(line.number): \(commas.count + 1) columns in "
                    + "'\(RecordingText.shown(text, line.range))'; each row has 5: \(header) (leave a value empty, "
                    + "keep the commas)"
            )
        }
        let timeRange = RecordingText.trimmed(text, line.range.lowerBound..<commas.first)
        let bpmRange = RecordingText.trimmed(text, (commas.first + 1)..<commas.second)
        let contactRange = RecordingText.trimmed(text, (commas.second + 1)..<commas.third)
        let energyRange = RecordingText.trimmed(text, (commas.third + 1)..<commas.fourth)
        let rrRange = RecordingText.trimmed(text, (commas.fourth + 1)..<line.range.upperBound)

        guard let time = RecordingText.decimal(text, timeRange), time >= 0 else {
            throw fail(
                name, line, "t_s", RecordingText.shown(text, timeRange),
                "is not a time; write seconds since the start as a decimal, 0 or more")
        }

        var intervals: [UInt16] = []
        if !rrRange.isEmpty {
            // Values are separated by blanks, so there are at most one more than the blanks after the last comma.
            intervals.reserveCapacity(commas.blanksAfterLast + 1)
            var start = rrRange.lowerBound
            for index in rrRange.lowerBound...rrRange.upperBound {
                guard index == rrRange.upperBound || text[index] == 0x20 || text[index] == 0x09 else { continue }
                if index > start {
                    let token = start..<index
                    guard let milliseconds = RecordingText.decimal(text, token), milliseconds > 0,
                        milliseconds < RRText.longestMilliseconds
                    else {
                        throw fail(
                            name, line, "rr_ms", RecordingText.shown(text, token),
                            "is not an RR interval; write milliseconds above 0 and below 64000, separated by spaces"
                        )
                    }
                    let raw = RRInterval.raw(fromMilliseconds: milliseconds)
                    guard raw > 0 else {
                        throw fail(
                            name, line, "rr_ms", RecordingText.shown(text, token),
                            "is not an RR interval: it is 0 in the strap's unit of 1/1024 s; write milliseconds of "
                                + "at least 0.5 and below 64000"
                        )
                    }
                    intervals.append(raw)
                }
                start = index + 1
            }
        }

        let beatsPerMinute: UInt16
        if bpmRange.isEmpty {
            guard let last = intervals.last else {
                throw fail(
                    name, line, "bpm", "",
                    "is empty and the row has no RR intervals; write the heart rate, or give rr_ms to derive it from"
                )
            }
            beatsPerMinute = RRText.beatsPerMinute(raw: last)
        } else {
            guard let value = RecordingText.unsigned(text, bpmRange, limit: 65535) else {
                throw fail(
                    name, line, "bpm", RecordingText.shown(text, bpmRange),
                    "is not a heart rate; write a whole number of beats per minute, 0-65535")
            }
            beatsPerMinute = UInt16(value)
        }

        guard let contact = contact(text, contactRange) else {
            throw fail(
                name, line, "contact", RecordingText.shown(text, contactRange),
                "is not a contact state; write detected, not_detected, unsupported or leave it empty")
        }

        var energy: UInt16?
        if !energyRange.isEmpty {
            guard let value = RecordingText.unsigned(text, energyRange, limit: 65535) else {
                throw fail(
                    name, line, "energy_kj", RecordingText.shown(text, energyRange),
                    "is not an energy; write a whole number of kJ, 0-65535, or leave it empty")
            }
            energy = UInt16(value)
        }

        return HeartRateSample(
            time: time,
            beatsPerMinute: beatsPerMinute,
            contact: contact,
            energyKilojoules: energy,
            rrIntervals: intervals
        )
    }

    /// The contact column: `detected`, `not_detected`, `unsupported` or empty (= unsupported), else `nil`.
    private static func contact(_ text: Span<UInt8>, _ range: Range<Int>) -> Contact? {
        switch range.count {
        case 0: .unsupported
        case 8: RecordingText.equals(text, range, "detected") ? .detected : nil
        case 11: RecordingText.equals(text, range, "unsupported") ? .unsupported : nil
        case 12: RecordingText.equals(text, range, "not_detected") ? .notDetected : nil
        default: nil
        }
    }

    /// The error for a bad value: `recording 'NAME' line N, column COLUMN: 'VALUE' PROBLEM`.
    private static func fail(
        _ name: String,
        _ line: RecordingText.Line,
        _ column: String,
        _ shown: String,
        _ problem: String
    ) -> StrapProtocolError {
        StrapProtocolError(
            code: .malformedRecording,
            message: "recording '\(name)' line \(line.number), column \(column): '\(shown)' \(problem)"
        )
    }

    /// The shortest text that reads back to `value`: `12` for whole numbers, otherwise Swift's shortest
    /// round-trip form (`12.25`, `0.1`) with any exponent written out as digits (`1.5e-07` → `0.00000015`,
    /// `1e+16` → `10000000000000000`), since the reader takes plain decimals only.
    static func time(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return plainDecimal(value.description)
    }

    /// A number in Swift's shortest form with its exponent, if any, written out: the same digits, the point moved.
    static func plainDecimal(_ shortest: String) -> String {
        guard let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }),
            let exponent = Int(shortest[shortest.index(after: e)...])
        else { return shortest }
        var mantissa = shortest[..<e]
        let negative = mantissa.first == "-"
        if negative { mantissa = mantissa.dropFirst() }
        let whole = mantissa.prefix { $0 != "." }
        let fraction = mantissa.drop { $0 != "." }.dropFirst()
        let digits = String(whole + fraction)
        let point = whole.count + exponent  // where the decimal point falls in `digits`
        let text: String
        if point <= 0 {
            text = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            text = digits + String(repeating: "0", count: point - digits.count)
        } else {
            text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        return (negative ? "-" : "") + text
    }
}
