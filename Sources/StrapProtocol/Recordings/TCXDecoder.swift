import RetroWalkCore

/// Reads heart rate from a Garmin Training Center XML file (TCX, schema TrainingCenterDatabase v2).
///
/// What is read, by element (namespace prefixes ignored):
/// - `Activities/Activity/Track…/Trackpoint`: `Time` (ISO 8601; `Z`, an offset such as `+02:00`, or none = UTC;
///   fractional seconds allowed) and `HeartRateBpm/Value` (whole bpm). Every trackpoint with both becomes one sample;
///   trackpoints without a heart rate (GPS-only points) are skipped.
/// - `Activity@Sport` (`Running`, `Biking`, `Other`) → sport; `Activity/Id` (the activity's start time) → start
///   date, else the first `Lap@StartTime`, else the first trackpoint; `Activity/Creator/Name` → device name.
///
/// Time 0 is the first trackpoint's time; trackpoint times must not go backwards. Contact is
/// ``RetroWalkCore/Contact/unsupported`` and there are no RR intervals (TCX has none). The XML is read by a small
/// tolerant scanner, not a validating parser.
///
/// - SeeAlso: Garmin, "Training Center Database v2" schema (`TrainingCenterDatabasev2.xsd`).
public enum TCXDecoder {
    /// Whether the bytes look like TCX: XML (first non-space character `<`) naming `TrainingCenterDatabase`.
    ///
    /// - Parameter bytes: The file.
    /// - Returns: `true` for a TCX file.
    public static func looksLikeTCX(_ bytes: [UInt8]) -> Bool {
        var index = RecordingText.hasByteOrderMark(bytes) ? 3 : 0
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A
                || bytes[index] == 0x0D
        {
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { return false }
        let marker = Array("TrainingCenterDatabase".utf8)
        let window = bytes[index..<min(bytes.count, index + 64 * 1024)]
        guard window.count >= marker.count else { return false }
        var start = window.startIndex
        while start + marker.count <= window.endIndex {
            if window[start] == marker[0], window[start..<start + marker.count].elementsEqual(marker) { return true }
            start += 1
        }
        return false
    }

    /// Reads a TCX file.
    ///
    /// - Parameters:
    ///   - bytes: The whole file, UTF-8.
    ///   - name: The file's name or path, for messages.
    /// - Returns: The recording, format ``Recording/Format/tcx``, with sport, start date and device name when given.
    /// - Throws: ``StrapProtocolError``: ``StrapProtocolError/Code/malformedRecording`` naming the line for a bad
    ///   time or heart rate, times going backwards, or XML that ends inside markup;
    ///   ``StrapProtocolError/Code/emptyRecording`` when no trackpoint has a heart rate.
    public static func read(bytes: [UInt8], name: String) throws(StrapProtocolError) -> Recording {
        var scanner = XMLScanner(bytes: bytes)
        var path: [String] = []
        var text: [UInt8] = []
        var point: (time: CivilTime.Moment?, bpm: UInt16?, line: Int)?
        var firstTime: CivilTime.Moment?
        var lastTime: CivilTime.Moment?
        var samples: [HeartRateSample] = []
        var metadata = Recording.Metadata()
        var activityStart: CivilTime.Moment?
        var lapStart: CivilTime.Moment?
        var skipped = 0

        func fail(_ line: Int, _ problem: String) -> StrapProtocolError {
            StrapProtocolError(code: .malformedRecording, message: "TCX file '\(name)' line \(line): \(problem)")
        }
        func parent(_ depth: Int) -> String? { path.count > depth ? path[path.count - 1 - depth] : nil }

        while true {
            let event: XMLScanner.Event?
            do {
                event = try scanner.next()
            } catch {
                throw fail(error.line, error.problem + "; the file is cut off or not well-formed XML")
            }
            guard let event else { break }
            switch event {
            case .start(let element, let attributes, let isEmpty, let line):
                text.removeAll(keepingCapacity: true)
                switch element {
                case "Activity":
                    if metadata.sport == nil { metadata.sport = attributes["Sport"] }
                case "Lap":
                    if lapStart == nil, let value = attributes["StartTime"] {
                        lapStart = CivilTime.moment(iso8601: RecordingText.trimmed(ArraySlice(value.utf8)))
                    }
                case "Trackpoint":
                    point = (nil, nil, line)
                default: break
                }
                if !isEmpty { path.append(element) }
            case .text(let bytes, _):
                text += bytes
            case .end(let element, let line):
                guard let open = path.lastIndex(of: element) else { continue }  // stray end tag: ignored
                path.removeSubrange(open...)
                let value = RecordingText.trimmed(text[...])
                switch element {
                case "Time" where parent(0) == "Trackpoint":
                    guard let time = CivilTime.moment(iso8601: value) else {
                        throw fail(
                            line,
                            "Time '\(RecordingText.shown(value))' is not an ISO 8601 time; write "
                                + "YYYY-MM-DDTHH:MM:SS with an optional fraction and Z or an offset, e.g. "
                                + "2025-05-10T07:30:00Z"
                        )
                    }
                    point?.time = time
                case "Value" where parent(0) == "HeartRateBpm" && parent(1) == "Trackpoint":
                    guard let bpm = RecordingText.unsigned(value, limit: 65535) else {
                        throw fail(
                            line,
                            "HeartRateBpm Value '\(RecordingText.shown(value))' is not a heart rate; write whole beats "
                                + "per minute, e.g. 96"
                        )
                    }
                    point?.bpm = UInt16(bpm)
                case "Id" where parent(0) == "Activity":
                    if activityStart == nil { activityStart = CivilTime.moment(iso8601: value) }
                case "Name" where parent(0) == "Creator" && parent(1) == "Activity":
                    if metadata.deviceName == nil, !value.isEmpty {
                        metadata.deviceName = String(decoding: value, as: UTF8.self)
                    }
                case "Trackpoint":
                    defer { point = nil }
                    guard let current = point, let time = current.time else {
                        skipped += 1
                        continue
                    }
                    let first = firstTime ?? time
                    firstTime = first
                    if let lastTime, time < lastTime {
                        throw fail(
                            current.line,
                            "the Trackpoint at \(CivilTime.iso8601(unixSeconds: time.seconds)) is "
                                + "\(RecordingText.number(lastTime.seconds(since: time))) s earlier than the one before; "
                                + "trackpoints must be in time order"
                        )
                    }
                    lastTime = time
                    guard let bpm = current.bpm else {
                        skipped += 1
                        continue
                    }
                    samples.append(
                        HeartRateSample(time: time.seconds(since: first), beatsPerMinute: bpm, contact: .unsupported)
                    )
                default: break
                }
                text.removeAll(keepingCapacity: true)
            }
        }
        guard !samples.isEmpty else {
            throw StrapProtocolError(
                code: .emptyRecording,
                message: "TCX file '\(name)' has no Trackpoint with a Time and a HeartRateBpm Value; export the "
                    + "activity with heart rate, or give another file"
            )
        }
        if let start = activityStart ?? lapStart ?? firstTime {
            metadata.startDate = CivilTime.iso8601(unixSeconds: start.seconds)
        }
        var notes: [String] = []
        if skipped > 0 { notes.append("\(skipped) Trackpoint(s) without a time or heart rate were skipped") }
        return Recording(samples: samples, format: .tcx, metadata: metadata, notes: notes)
    }
}
