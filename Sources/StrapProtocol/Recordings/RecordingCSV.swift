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
/// | `rr_ms` | RR intervals that ended since the last notification, oldest first | decimals in ms separated by spaces, or empty |
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
        var samples: [HeartRateSample] = []
        var sawHeader = false
        let lines = RecordingText.lines(bytes)
        samples.reserveCapacity(lines.count)
        for line in lines {
            if RecordingText.isBlankOrComment(line.bytes) { continue }
            guard sawHeader else {
                let text = RecordingText.trimmed(line.bytes)
                guard text.elementsEqual(header.utf8) else {
                    throw StrapProtocolError(
                        code: .malformedRecording,
                        message: "recording '\(name)' line \(line.number): header '\(RecordingText.shown(text))' is "
                            + "not the project CSV header; the first line must be exactly '\(header)'"
                    )
                }
                sawHeader = true
                continue
            }
            let sample = try row(line, name: name)
            if let previous = samples.last, sample.time < previous.time {
                throw StrapProtocolError(
                    code: .malformedRecording,
                    message: "recording '\(name)' line \(line.number), column t_s: time "
                        + "'\(RecordingText.number(sample.time))' is earlier than the row before "
                        + "('\(RecordingText.number(previous.time))'); rows must be in time order"
                )
            }
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

    /// One row → one sample.
    private static func row(_ line: RecordingText.Line, name: String) throws(StrapProtocolError) -> HeartRateSample {
        // The five columns, found without building an array (this runs 86,400 times for a day).
        var bounds = (0, 0, 0, 0)
        var commas = 0
        for index in line.bytes.indices where line.bytes[index] == UInt8(ascii: ",") {
            switch commas {
            case 0: bounds.0 = index
            case 1: bounds.1 = index
            case 2: bounds.2 = index
            case 3: bounds.3 = index
            default: break
            }
            commas += 1
        }
        guard commas == 4 else {
            throw StrapProtocolError(
                code: .malformedRecording,
                message: "recording '\(name)' line \(line.number): \(commas + 1) columns in "
                    + "'\(RecordingText.shown(line.bytes))'; each row has 5: \(header) (leave a value empty, keep the "
                    + "commas)"
            )
        }
        let bytes = line.bytes
        let timeText = RecordingText.trimmed(bytes[bytes.startIndex..<bounds.0])
        let bpmText = RecordingText.trimmed(bytes[(bounds.0 + 1)..<bounds.1])
        let contactText = RecordingText.trimmed(bytes[(bounds.1 + 1)..<bounds.2])
        let energyText = RecordingText.trimmed(bytes[(bounds.2 + 1)..<bounds.3])
        let rrText = RecordingText.trimmed(bytes[(bounds.3 + 1)..<bytes.endIndex])
        func fail(_ column: String, _ value: ArraySlice<UInt8>, _ problem: String) -> StrapProtocolError {
            StrapProtocolError(
                code: .malformedRecording,
                message: "recording '\(name)' line \(line.number), column \(column): "
                    + "'\(RecordingText.shown(value))' \(problem)"
            )
        }

        guard let time = RecordingText.decimal(timeText), time >= 0 else {
            throw fail("t_s", timeText, "is not a time; write seconds since the start as a decimal, 0 or more")
        }

        var intervals: [UInt16] = []
        var rrStart = rrText.startIndex
        var index = rrText.startIndex
        while index <= rrText.endIndex {
            if index == rrText.endIndex || rrText[index] == 0x20 || rrText[index] == 0x09 {
                if index > rrStart {
                    let token = rrText[rrStart..<index]
                    guard let milliseconds = RecordingText.decimal(token), milliseconds > 0,
                        milliseconds < RRText.longestMilliseconds
                    else {
                        throw fail(
                            "rr_ms", token,
                            "is not an RR interval; write milliseconds above 0 and below 64000, separated by spaces"
                        )
                    }
                    intervals.append(RRInterval.raw(fromMilliseconds: milliseconds))
                }
                rrStart = index + 1
            }
            index += 1
        }

        let beatsPerMinute: UInt16
        if bpmText.isEmpty {
            guard let last = intervals.last else {
                throw fail(
                    "bpm", bpmText,
                    "is empty and the row has no RR intervals; write the heart rate, or give rr_ms to derive it from"
                )
            }
            beatsPerMinute = RRText.beatsPerMinute(raw: last)
        } else {
            guard let value = RecordingText.unsigned(bpmText, limit: 65535) else {
                throw fail("bpm", bpmText, "is not a heart rate; write a whole number of beats per minute, 0-65535")
            }
            beatsPerMinute = UInt16(value)
        }

        let contact: Contact
        if contactText.isEmpty || contactText.elementsEqual("unsupported".utf8) {
            contact = .unsupported
        } else if contactText.elementsEqual("detected".utf8) {
            contact = .detected
        } else if contactText.elementsEqual("not_detected".utf8) {
            contact = .notDetected
        } else {
            throw fail(
                "contact", contactText,
                "is not a contact state; write detected, not_detected, unsupported or leave it empty")
        }

        var energy: UInt16?
        if !energyText.isEmpty {
            guard let value = RecordingText.unsigned(energyText, limit: 65535) else {
                throw fail(
                    "energy_kj", energyText, "is not an energy; write a whole number of kJ, 0-65535, or leave it empty")
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

    /// The shortest text that reads back to `value`: `12` for whole numbers, otherwise Swift's shortest
    /// round-trip form (`12.25`, `0.1`), or fixed-point with enough digits where that form would use an exponent.
    static func time(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let shortest = value.description
        guard shortest.contains("e") else { return shortest }
        return JSONValue.format(value, decimals: 9, trim: true)
    }
}
