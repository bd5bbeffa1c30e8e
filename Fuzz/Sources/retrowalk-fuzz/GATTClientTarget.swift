import StrapProtocol

/// The GATT client state machine, fed sequences of PDUs: real answers from the simulated strap (an ATT server
/// speaking real bytes) interleaved with whatever the fuzzer makes up, lost PDUs, time passing, Service Changed
/// indications and database changes.
///
/// Input: a header, then operations until the bytes run out.
/// ```
/// byte 0   layout (bits 0-1: polarH7, compact, noBattery) and strap quirks (bit 2 no contact, 3 16-bit HR,
///          4 spurious RR, 5 batched RR, 6 Device Information needs encryption)
/// byte 1   preferred MTU = 23 + 2 × byte
/// then     op (low 3 bits):
///          0 the strap answers the oldest PDU the client sent      1 the strap answers everything, up to 64 PDUs
///          2 LEN BYTES… a made-up PDU to the client                 3 T: T/4 s pass; tick, strap notifications
///          4 the oldest PDU the client sent is lost                 5 S S E E: the strap indicates Service Changed
///          6 L: the strap's database changes to layout L           7 LEN BYTES… a made-up PDU to the strap
/// ```
/// Checked: every PDU the client sends decodes and fits in ATT_MTU; a client that gave up the link stays silent.
enum GATTClientTarget {
    static let target = FuzzTarget(
        name: "gatt-client",
        summary: "GATT client state machine fed PDU sequences: simulated-strap answers, made-up PDUs, losses, time",
        run: run,
        seeds: seeds
    )

    /// The simulated strap's databases, by name.
    static let layouts: [(String, StrapLayout)] = [
        ("polar-h7", .polarH7), ("compact", .compact), ("no-battery", .noBattery),
    ]

    static func run(_ bytes: [UInt8]) {
        // Operations past the first 512 bytes are ignored: long runs of simulated time make inputs slow, not deeper.
        var input = FuzzBytes(Array(bytes.prefix(512)))
        let header = input.next() ?? 0
        var strap = SimulatedStrap(layout: layouts[Int(header & 0x03) % layouts.count].1, seed: 1)
        strap.quirks.reportsContact = header & 0x04 == 0
        strap.quirks.sixteenBitHeartRate = header & 0x08 != 0
        strap.quirks.spuriousRR = header & 0x10 != 0
        strap.quirks.batchesRR = header & 0x20 != 0
        strap.quirks.deviceInformationNeedsEncryption = header & 0x40 != 0
        var client = GATTClient(preferredMTU: 23 + 2 * UInt16(input.next() ?? 112))
        var now = 0.0
        var toStrap: [[UInt8]] = []

        func perform(_ actions: [GATTClient.Action], wasDisconnected: Bool) {
            FuzzCheck.require(
                !wasDisconnected || actions.isEmpty, "a client that gave up the link acted: \(actions)", input: bytes)
            for case .send(let pdu) in actions {
                FuzzCheck.require((try? ATTPDU(decoding: pdu)) != nil, "the client sent a malformed PDU", input: bytes)
                FuzzCheck.require(pdu.count <= Int(client.mtu), "the client sent more than ATT_MTU", input: bytes)
                toStrap.append(pdu)
            }
        }
        func deliver(_ pdus: [[UInt8]]) {
            for pdu in pdus {
                let wasDisconnected = client.isDisconnected
                perform(client.receive(pdu, at: now), wasDisconnected: wasDisconnected)
            }
        }
        func answerOldest() {
            guard !toStrap.isEmpty else { return }
            deliver(strap.receive(toStrap.removeFirst()))
        }

        perform(client.start(at: now), wasDisconnected: false)
        while let op = input.next() {
            switch op & 0x07 {
            case 0:
                answerOldest()
            case 1:
                for _ in 0..<64 where !toStrap.isEmpty { answerOldest() }
            case 2:
                deliver([input.chunk()])
            case 3:
                now += Double(input.next() ?? 0) / 4
                let wasDisconnected = client.isDisconnected
                perform(client.tick(at: now), wasDisconnected: wasDisconnected)
                deliver(strap.advance(to: now, effort: .forward))
            case 4:
                if !toStrap.isEmpty { toStrap.removeFirst() }
            case 5:
                let start = input.uint16()
                let end = input.uint16()
                deliver(strap.indicateServiceChanged(start: start, end: end))
            case 6:
                deliver(strap.changeLayout(to: layouts[Int(input.next() ?? 0) % layouts.count].1))
            default:
                deliver(strap.receive(input.chunk()))
            }
        }
    }

    /// Every PDU of a whole discovery against `layout` and five seconds of notifications, both directions.
    static func transcript(of layout: StrapLayout) -> [[UInt8]] {
        var strap = SimulatedStrap(layout: layout, seed: 1)
        var client = GATTClient()
        var pdus: [[UInt8]] = []
        var queue = client.start(at: 0)
        while !queue.isEmpty, pdus.count < 1000 {
            guard case .send(let pdu) = queue.removeFirst() else { continue }
            pdus.append(pdu)
            for answer in strap.receive(pdu) {
                pdus.append(answer)
                queue += client.receive(answer, at: 0)
            }
        }
        pdus += strap.advance(to: 5, effort: .forward)
        return pdus
    }

    static func seeds() -> [FuzzTarget.Seed] {
        var seeds: [FuzzTarget.Seed] = []
        for (index, (name, _)) in layouts.enumerated() {
            let header = UInt8(index)
            // Whole discovery at once, notifications, a Service Changed over everything, a database change.
            seeds.append(.init("\(name)-all", [header, 112, 1, 3, 40, 1, 5, 0x01, 0x00, 0xFF, 0xFF, 1, 3, 8, 6, 1, 1]))
            // One round trip at a time, so that made-up PDUs can fall between any two steps.
            seeds.append(.init("\(name)-stepwise", [header, 0] + Array(repeating: 0, count: 60) + [3, 12]))
            // A lost request: the transaction timeout.
            seeds.append(.init("\(name)-lost", [header, 112, 0, 0, 4, 3, 255, 3, 255]))
        }
        seeds.append(.init("quirks", [0x7C, 112, 1, 3, 40]))
        return seeds
    }
}

/// A cursor over a fuzz input that never fails: past the end it gives nothing or zeros.
struct FuzzBytes {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next byte, or `nil` at the end.
    mutating func next() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// A little-endian 16-bit value (missing bytes are 0).
    mutating func uint16() -> UInt16 {
        UInt16(next() ?? 0) | UInt16(next() ?? 0) << 8
    }

    /// A length byte, then that many bytes (fewer at the end).
    mutating func chunk() -> [UInt8] {
        let length = Int(next() ?? 0)
        let end = min(bytes.count, offset + length)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}
