import RetroWalkCore
import RetroWalkTesting
import StrapProtocol

/// The recording readers: the project CSV, RR text, FIT and TCX, each also through format detection.
enum RecordingTargets {
    static let all = [csv, rrText, fit, tcx]

    /// The project CSV; what it reads renders back to CSV that reads the same.
    static let csv = FuzzTarget(
        name: "csv",
        summary: "project CSV reader; what it reads renders back to CSV that reads to the same samples",
        run: { bytes in
            guard let recording = read(bytes, as: .csv) else { return }
            let again = try? RecordingCSV.read(bytes: Array(RecordingCSV.render(recording.samples).utf8), name: "x")
            FuzzCheck.require(
                again?.samples == recording.samples,
                "the rendered CSV reads differently: \(zip(recording.samples, again?.samples ?? []).first { $0 != $1 }.map { "\($0) became \($1)" } ?? "\(again?.samples.count ?? -1) samples")",
                input: bytes)
        },
        seeds: {
            let polar = PolarH10Recording.samples
            return [
                .init("polar-h10-60", text: RecordingCSV.render(Array(polar.prefix(60)))),
                .init("polar-h10-last-20", text: RecordingCSV.render(Array(polar.suffix(20)))),
                .init(
                    "documented",
                    text: "\u{FEFF}t_s,bpm,contact,energy_kj,rr_ms\r\n# comment\r\n0.98,72,detected,,829.10 812.50\r\n"
                        + "1.97,73,detected,16,\r\n\r\n2.96,,unsupported,,820.31\r\n3.5,70,not_detected,, \r\n"
                ),
            ]
        }
    )

    /// RR text (PhysioNet/Kubios): one interval per line, in ms or s.
    static let rrText = FuzzTarget(
        name: "rr-text",
        summary: "RR text reader (one interval per line, ms or s) and the notifications it synthesises",
        run: { bytes in
            guard let recording = read(bytes, as: .rr) else { return }
            let intervals = recording.samples.flatMap(\.rrIntervals)
            FuzzCheck.require(!intervals.contains(0), "an RR interval of 0 was read", input: bytes)
            FuzzCheck.require(!intervals.isEmpty, "a recording without intervals was read", input: bytes)
        },
        seeds: {
            [
                .init("polar-h10-60", text: RecordingFixtures.polarRRText),
                .init(
                    "polar-h10-seconds",
                    text: PolarH10Recording.rrMilliseconds.prefix(40).map { String($0 / 1000) }.joined(separator: "\n")
                ),
            ]
        }
    )

    /// Garmin FIT. Every input is read twice: as it is, and repaired (data size and both CRCs made to fit), so that
    /// mutations reach the records instead of stopping at the file CRC.
    static let fit = FuzzTarget(
        name: "fit",
        summary: "FIT decoder, on the input as it is and with its data size and CRCs repaired",
        run: { bytes in
            _ = read(bytes, as: .fit)
            if let repaired = repairedFIT(bytes) { _ = read(repaired, as: .fit) }
        },
        seeds: {
            [
                .init("walk-hrv", hex(FITFixtures.walkHRVHex)),
                .init("compressed-big-endian", hex(FITFixtures.compressedBigEndianHex)),
                .init("bad-crc", hex(FITFixtures.badCRCHex)),
            ]
        }
    )

    /// Garmin TCX (XML).
    static let tcx = FuzzTarget(
        name: "tcx",
        summary: "TCX (XML) decoder",
        run: { bytes in _ = read(bytes, as: .tcx) },
        seeds: {
            let walk = RecordingFixtures.walkTCX
            return [
                .init("walk", text: walk),
                .init("walk-short", text: String(walk.prefix(1500))),
            ]
        }
    )

    /// Reads `bytes` as `format` directly, and through format detection; checks what holds for every reader.
    ///
    /// - Returns: The recording read directly, or `nil` when the reader refused the bytes.
    static func read(_ bytes: [UInt8], as format: Recording.Format) -> Recording? {
        let detected = try? RecordingReader.read(bytes: bytes, name: "fuzz")
        let recording: Recording
        do throws(StrapProtocolError) {
            recording = try RecordingReader.read(bytes: bytes, name: "fuzz", as: format)
        } catch {
            FuzzCheck.require(!error.message.isEmpty, "an empty error message", input: bytes)
            return nil
        }
        if let detected, detected.format == format {
            FuzzCheck.require(detected == recording, "detection read the same format differently", input: bytes)
        }
        FuzzCheck.require(!recording.samples.isEmpty, "a recording without samples was read", input: bytes)
        var previous = -Double.infinity
        for sample in recording.samples {
            FuzzCheck.require(sample.time.isFinite, "time \(sample.time) is not finite", input: bytes)
            FuzzCheck.require(sample.time >= previous, "time went backwards to \(sample.time)", input: bytes)
            previous = sample.time
        }
        _ = recording.hasRR
        _ = recording.duration
        return recording
    }

    /// The input with a FIT header's data size set to what follows it and both CRCs recomputed, or `nil` when it
    /// does not start with a FIT header.
    static func repairedFIT(_ bytes: [UInt8]) -> [UInt8]? {
        guard FITDecoder.hasSignature(bytes) else { return nil }
        let headerSize = Int(bytes[0])
        guard bytes.count >= headerSize + 2 else { return nil }
        var repaired = bytes
        let dataSize = bytes.count - headerSize - 2
        for index in 0..<4 { repaired[4 + index] = UInt8(truncatingIfNeeded: dataSize >> (8 * index)) }
        if headerSize >= 14 {
            let crc = FITDecoder.crc16(repaired[0..<12])
            repaired[12] = UInt8(crc & 0xFF)
            repaired[13] = UInt8(crc >> 8)
        }
        let crc = FITDecoder.crc16(repaired[0..<(repaired.count - 2)])
        repaired[repaired.count - 2] = UInt8(crc & 0xFF)
        repaired[repaired.count - 1] = UInt8(crc >> 8)
        return repaired
    }

    /// Bytes from the fixtures' hex (pairs separated by spaces and line breaks).
    static func hex(_ text: String) -> [UInt8] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { UInt8($0, radix: 16) }
    }
}
