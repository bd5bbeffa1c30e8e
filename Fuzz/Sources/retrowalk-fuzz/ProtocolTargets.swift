import RetroWalkCore
import RetroWalkTesting
import StrapProtocol

/// The byte decoders of the strap protocol: the 0x2A37 value, ATT PDUs, HCI advertising reports.
enum ProtocolTargets {
    static let all = [heartRate, attPDU, advertising]

    /// `HeartRateMeasurement(decoding:)`, and `retrowalk decode`'s JSON line of the same bytes.
    static let heartRate = FuzzTarget(
        name: "heart-rate",
        summary: "0x2A37 Heart Rate Measurement decoder; a decoded value re-encodes to bytes that decode the same",
        run: { bytes in
            let hex = bytes.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }
            let line = MeasurementDecoding.jsonLine(forHex: hex.joined(separator: " "))
            guard let measurement = try? HeartRateMeasurement(decoding: bytes) else {
                FuzzCheck.require(line.isError, "decode failed but the JSON line is not an error", input: bytes)
                return
            }
            FuzzCheck.require(!line.isError, "decode succeeded but the JSON line is an error", input: bytes)
            let again = try? HeartRateMeasurement(decoding: measurement.bytes)
            FuzzCheck.require(again == measurement, "re-encoded value decodes differently", input: bytes)
            _ = measurement.sample(at: 1)
        },
        seeds: {
            // The real Polar H10 notifications (RR back in 1/1024 s), and the README's decode examples.
            var seeds: [FuzzTarget.Seed] = []
            for (index, notification) in PolarH10Recording.notifications.prefix(40).enumerated() {
                let value = HeartRateMeasurement(
                    beatsPerMinute: notification.beatsPerMinute,
                    contact: .detected,
                    rrIntervals: notification.rrMilliseconds.map { RRInterval.raw(fromMilliseconds: $0) }
                )
                seeds.append(.init("polar-h10-\(index)", value.bytes))
            }
            seeds.append(.init("readme-1", [0x16, 0x48, 0x54, 0x01, 0xEC, 0x02]))
            seeds.append(.init("readme-2", [0x10, 0x38, 0x2D, 0x04, 0x35, 0x00]))
            seeds.append(.init("readme-3", [0x06]))
            seeds.append(.init("hr16-energy", [0x1F, 0x48, 0x01, 0x34, 0x12, 0x54, 0x01]))
            return seeds
        }
    )

    /// `ATTPDU(decoding:)`; a decoded PDU re-encodes to bytes that decode to the same PDU.
    static let attPDU = FuzzTarget(
        name: "att-pdu",
        summary: "ATT PDU decoder; a decoded PDU re-encodes to bytes that decode to the same PDU",
        run: { bytes in
            let pdu: ATTPDU
            do throws(StrapProtocolError) {
                pdu = try ATTPDU(decoding: bytes)
            } catch {
                FuzzCheck.require(!error.message.isEmpty, "an empty error message", input: bytes)
                return
            }
            let again = try? ATTPDU(decoding: pdu.bytes)
            FuzzCheck.require(again == pdu, "re-encoded PDU decodes differently: \(pdu)", input: bytes)
            _ = "\(pdu.opcode)"
        },
        seeds: {
            // Both directions of whole discoveries against the simulated strap's three layouts, real ATT bytes.
            var seeds: [FuzzTarget.Seed] = []
            var seen = Set<[UInt8]>()
            for (layoutName, layout) in GATTClientTarget.layouts {
                for (index, pdu) in GATTClientTarget.transcript(of: layout).enumerated() where seen.insert(pdu).inserted
                {
                    seeds.append(.init("\(layoutName)-\(index)", pdu))
                }
            }
            return seeds
        }
    )

    /// HCI LE advertising reports (legacy and extended) from a raw HCI packet, their AD structures, the merge of
    /// advertisements and scan responses, and the strap classifier.
    static let advertising = FuzzTarget(
        name: "advertising",
        summary: "HCI LE (extended) advertising report parser, AD structures, merger and strap classifier",
        run: { bytes in
            var merger = AdvertisementMerger()
            if let reports = try? AdvertisingReport.reports(inPacket: bytes) {
                merger.add(contentsOf: reports)
                for report in reports {
                    let (data, error) = AdvertisingData.decodingValidPrefix(report.data)
                    let strict = try? AdvertisingData(decoding: report.data)
                    FuzzCheck.require(
                        (strict == nil) == (error != nil), "strict and prefix decoding disagree", input: bytes)
                    _ = StrapClassifier.evidence(for: data)
                }
            }
            if let reports = try? AdvertisingReport.reports(inEvent: bytes) { merger.add(contentsOf: reports) }
            for advertisement in merger.ranked(includingAll: true) {
                _ = advertisement.isHeartRateStrap
                _ = advertisement.name
            }
            // The bytes as one report's payload, too: AD structures straight from the fuzzer.
            let (data, _) = AdvertisingData.decodingValidPrefix(bytes)
            var merged = data
            merged.merge(data)
            _ = StrapClassifier.isHeartRateStrap(merged)
        },
        seeds: {
            // Captured HCI events and the Polar H10's advertisement (see AdvertisingFixtures for their origin).
            [
                .init("captured-nonconnectable", AdvertisingFixtures.capturedNonConnectable),
                .init("captured-connectable", AdvertisingFixtures.capturedConnectable),
                .init("captured-proximity", AdvertisingFixtures.capturedProximity),
                .init("captured-empty-scan-response", AdvertisingFixtures.capturedEmptyScanResponse),
                .init("captured-bluez-scan-response", AdvertisingFixtures.capturedBlueZScanResponse),
                .init("polar-h10-data", AdvertisingFixtures.polarH10AdvertisingData),
                .init("polar-h10-advertisement", AdvertisingFixtures.polarH10Advertisement),
                .init("polar-h10-scan-response", AdvertisingFixtures.polarH10ScanResponse),
                .init("multi-report", AdvertisingFixtures.multiReport),
                .init("extended-polar-h10", AdvertisingFixtures.extendedPolarH10Advertisement),
                .init("extended-anonymous-fragment", AdvertisingFixtures.extendedAnonymousAndFragment),
                .init("command-complete", AdvertisingFixtures.commandComplete),
                .init("remote-features-complete", AdvertisingFixtures.remoteFeaturesComplete),
            ]
        }
    )
}
