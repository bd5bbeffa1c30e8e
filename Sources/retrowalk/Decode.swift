import ArgumentParser
import StrapProtocol

/// `retrowalk decode HEX…`: decodes Heart Rate Measurement (0x2A37) values.
struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode Heart Rate Measurement (GATT 0x2A37) values given as hex.",
        discussion: """
            Prints one JSON object per value, in order:
              {"bpm": 72, "contact": "detected", "energy_kj": null, "rr": [340, 748], "rr_ms": [332.03, 730.47]}
            contact is "unsupported", "not_detected" or "detected" (flag bits 1-2); rr are raw 1/1024 s values, \
            oldest first; rr_ms the same in milliseconds. A malformed value prints {"error": "..."} on its line, \
            and the command exits with status 1 after printing every line.

            Example: retrowalk decode "16 48 54 01 ec 02" 10:38:2d:04:35:00
            """
    )

    @Argument(help: ArgumentHelp("Values as hex; spaces or colons between bytes are allowed.", valueName: "hex"))
    var values: [String]

    func validate() throws {
        if values.isEmpty { throw ValidationError("Give at least one value, e.g. 'retrowalk decode 06 48'.") }
    }

    func run() throws {
        var failed = false
        for value in values {
            let (line, isError) = MeasurementDecoding.jsonLine(forHex: value)
            print(line)
            failed = failed || isError
        }
        if failed { throw ExitCode(1) }
    }
}
