/// Reads a recording file in any accepted format, recognising the format from the bytes.
///
/// Detection, in this order:
/// 1. **FIT**: the ASCII signature `.FIT` at bytes 8–11 (the FIT file header).
/// 2. **TCX**: XML (first character `<`) naming `TrainingCenterDatabase`.
/// 3. **Project CSV**: the first line that is not blank or a `#` comment is `t_s,bpm,contact,energy_kj,rr_ms`.
/// 4. **RR text**: that first line is a single number.
///
/// Anything else is rejected with an error that names the file, shows how it starts and lists the formats.
/// The file name is used only in messages; nothing here opens a file.
public enum RecordingReader {
    /// The accepted formats, as the error for an unrecognised file lists them.
    public static let acceptedFormats =
        "the project CSV (header 't_s,bpm,contact,energy_kj,rr_ms'), RR text (one interval per line, in ms or s), "
        + "FIT (Garmin binary, '.FIT' at byte 8) or TCX (Garmin XML with TrainingCenterDatabase)"

    /// Reads a recording, recognising its format.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - name: The file's name or path, for messages.
    /// - Returns: The recording; its samples are in time order, time 0 at the first reading.
    /// - Throws: ``StrapProtocolError`` with code ``StrapProtocolError/Code/unrecognizedRecording`` when the format
    ///   is none of the accepted ones, ``StrapProtocolError/Code/emptyRecording`` for an empty file or one without
    ///   heart-rate readings, ``StrapProtocolError/Code/malformedRecording`` for bad content (the message names the
    ///   line or byte offset, the value and what is expected).
    public static func read(bytes: [UInt8], name: String) throws(StrapProtocolError) -> Recording {
        guard let format = try detectFormat(bytes: bytes, name: name) else {
            throw RecordingText.unrecognized(bytes: bytes, name: name)
        }
        return try read(bytes: bytes, name: name, as: format)
    }

    /// Reads a recording in a given format, without detection.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - name: The file's name or path, for messages.
    ///   - format: The format to read it as.
    /// - Returns: The recording.
    /// - Throws: ``StrapProtocolError`` as ``read(bytes:name:)`` does.
    public static func read(
        bytes: [UInt8],
        name: String,
        as format: Recording.Format
    ) throws(StrapProtocolError) -> Recording {
        switch format {
        case .csv: try RecordingCSV.read(bytes: bytes, name: name)
        case .rr: try RRText.read(bytes: bytes, name: name)
        case .fit: try FITDecoder.read(bytes: bytes, name: name)
        case .tcx: try TCXDecoder.read(bytes: bytes, name: name)
        }
    }

    /// The format of a file, recognised from its bytes, or `nil` when it is none of the accepted ones.
    ///
    /// - Parameters:
    ///   - bytes: The whole file (only its beginning is looked at, except for TCX, whose root element may follow a
    ///     long prologue).
    ///   - name: The file's name or path, for messages.
    /// - Returns: The format, or `nil`.
    /// - Throws: ``StrapProtocolError`` with code ``StrapProtocolError/Code/emptyRecording`` for an empty file (or
    ///   one with only blank lines and comments), and ``StrapProtocolError/Code/malformedRecording`` for a CSV whose
    ///   header is not the project header.
    public static func detectFormat(bytes: [UInt8], name: String) throws(StrapProtocolError) -> Recording.Format? {
        guard !bytes.isEmpty else {
            throw StrapProtocolError(
                code: .emptyRecording,
                message: "recording '\(name)' is empty (0 bytes); give a file in \(acceptedFormats)"
            )
        }
        if FITDecoder.hasSignature(bytes) { return .fit }
        if TCXDecoder.looksLikeTCX(bytes) { return .tcx }
        let text = bytes.span
        guard let line = RecordingText.firstContentLine(text) else {
            throw StrapProtocolError(
                code: .emptyRecording,
                message: "recording '\(name)' has only blank lines and '#' comments; give a file in \(acceptedFormats)"
            )
        }
        let first = RecordingText.trimmed(text, line.range)
        if RecordingText.equals(text, first, RecordingCSV.headerLiteral) { return .csv }
        if RecordingText.decimal(text, first) != nil { return .rr }
        let isCSVHeader =
            !first.isEmpty && RecordingText.isLetter(text[first.lowerBound])
            && first.contains { text[$0] == UInt8(ascii: ",") }
        if isCSVHeader {
            throw StrapProtocolError(
                code: .malformedRecording,
                message: "recording '\(name)' line \(line.number): CSV header '\(RecordingText.shown(text, first))' is "
                    + "not the project header; the first line must be exactly '\(RecordingCSV.header)'"
            )
        }
        return nil
    }
}
