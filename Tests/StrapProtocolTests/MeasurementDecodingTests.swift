import StrapProtocol
import Testing

@Suite("retrowalk decode: hex in, one JSON line out")
struct MeasurementDecodingTests {
    static let example =
        #"{"bpm": 72, "contact": "detected", "energy_kj": null, "rr": [340, 748], "rr_ms": [332.03, 730.47]}"#

    @Test(
        "decodes the example in every accepted hex spelling",
        arguments: [
            "16 48 54 01 ec 02", "16:48:54:01:ec:02", "164854 01ec02", "16485401EC02", "  16 48\t54 01 ec 02  ",
        ]
    )
    func example(hex: String) {
        let result = MeasurementDecoding.jsonLine(forHex: hex)
        #expect(result.line == Self.example)
        #expect(!result.isError)
    }

    @Test(
        "renders energy, contact and HR width",
        arguments: [
            (
                "1e 48 10 00 54 01",
                #"{"bpm": 72, "contact": "detected", "energy_kj": 16, "rr": [340], "rr_ms": [332.03]}"#
            ),
            ("00 3c", #"{"bpm": 60, "contact": "unsupported", "energy_kj": null, "rr": [], "rr_ms": []}"#),
            ("04 3c", #"{"bpm": 60, "contact": "not_detected", "energy_kj": null, "rr": [], "rr_ms": []}"#),
            ("01 2c 01", #"{"bpm": 300, "contact": "unsupported", "energy_kj": null, "rr": [], "rr_ms": []}"#),
            (
                "10 38 2d 04 35 00",
                #"{"bpm": 56, "contact": "unsupported", "energy_kj": null, "rr": [1069, 53], "rr_ms": [1043.95, 51.76]}"#
            ),
            (
                "f6 48 00 00 ff ff",
                #"{"bpm": 72, "contact": "detected", "energy_kj": null, "rr": [0, 65535], "rr_ms": [0.00, 63999.02]}"#
            ),
        ]
    )
    func successLines(hex: String, line: String) {
        let result = MeasurementDecoding.jsonLine(forHex: hex)
        #expect(result.line == line)
        #expect(!result.isError)
    }

    @Test(
        "reports decoding and hex errors as an error line",
        arguments: [
            ("14 48", #"{"error": "value is 2 bytes; flags 0x14 need at least 4 (flags, 8-bit HR, one RR)"}"#),
            (
                "10 48 54 01 ec",
                #"{"error": "value is 5 bytes; flags 0x10 leave 3 bytes for RR intervals, an odd count (trailing byte 0xEC at offset 4); RR intervals are 2 bytes each"}"#
            ),
            (
                "",
                #"{"error": "value is empty (0 bytes); a Heart Rate Measurement needs at least 2 (flags, 8-bit HR)"}"#
            ),
            (
                "16 4",
                #"{"error": "hex '16 4' has an odd number of digits (1) in '4' at position 4; write each byte as two hex digits, e.g. '0f'"}"#
            ),
            (
                "164",
                #"{"error": "hex '164' has an odd number of digits (3) in '164' at position 1; write each byte as two hex digits, e.g. '0f'"}"#
            ),
            (
                "16 4g",
                #"{"error": "hex '16 4g' has a non-hex character 'g' at position 5; use the digits 0-9 and a-f, with spaces or colons between bytes"}"#
            ),
            (
                #"16"48"#,
                #"{"error": "hex '16\"48' has a non-hex character '\"' at position 3; use the digits 0-9 and a-f, with spaces or colons between bytes"}"#
            ),
        ]
    )
    func errorLines(hex: String, line: String) {
        let result = MeasurementDecoding.jsonLine(forHex: hex)
        #expect(result.line == line)
        #expect(result.isError)
    }

    @Test("parses hex into bytes and names the code of a hex error")
    func hexParsing() throws {
        #expect(try MeasurementDecoding.bytes(fromHex: "0a:FF 10") == [0x0A, 0xFF, 0x10])
        #expect(try MeasurementDecoding.bytes(fromHex: " ") == [])
        do {
            _ = try MeasurementDecoding.bytes(fromHex: "zz")
            Issue.record("parsed 'zz'")
        } catch {
            #expect(error.code == .invalidHex)
        }
    }
}
