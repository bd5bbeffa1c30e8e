import BlueZTransport
import RetroWalkCore
import StrapProtocol
import Testing

/// The GATT client against the simulated strap through a real kernel `AF_UNIX SOCK_SEQPACKET` socketpair: the
/// same datagram boundaries as an L2CAP ATT channel, real bytes both ways.
@Suite("GATT over a socketpair")
struct GATTOverSocketpairTests {
    @Test(
        "discovery, CCCD, battery and notifications against different handle layouts",
        arguments: [
            (StrapLayout.polarH7, UInt16(0x0011), UInt16(0x0012), true),
            (StrapLayout.compact, UInt16(0x0010), UInt16(0x0012), true),
            (StrapLayout.noBattery, UInt16(0x000E), UInt16(0x000F), false),
        ]
    )
    func layouts(layout: StrapLayout, value: UInt16, cccd: UInt16, hasBattery: Bool) throws {
        // Given a strap on one end of a socketpair and the client on the other
        let (clientSide, strapSide) = try SeqPacketSocket.makePair()
        var strap = SimulatedStrap(layout: layout, seed: 9)
        var client = GATTClient()
        var info: StrapInfo?
        var battery: UInt8?
        var samples: [HeartRateMeasurement] = []
        func perform(_ actions: [GATTClient.Action]) throws {
            for action in actions {
                switch action {
                case .send(let pdu): try clientSide.send(pdu)
                case .ready(let strapInfo): info = strapInfo
                case .battery(let level): battery = level
                case .measurement(let measurement): samples.append(measurement)
                case .disconnect(let reason): Issue.record("disconnected: \(reason)")
                case .invalidMeasurement(let message): Issue.record("invalid: \(message)")
                }
            }
        }
        // When the session runs for 10 s on a 100 ms tick
        try perform(client.start(at: 0))
        for tick in 1...100 {
            let now = Double(tick) / 10
            var busy = true
            while busy {
                busy = false
                while let request = try strapSide.receive(timeout: 0) {
                    for response in strap.receive(request) { try strapSide.send(response) }
                    busy = true
                }
                while let pdu = try clientSide.receive(timeout: 0) {
                    try perform(client.receive(pdu, at: now))
                    busy = true
                }
            }
            for notification in strap.advance(to: now, effort: .forward) { try strapSide.send(notification) }
            while let pdu = try clientSide.receive(timeout: 0) { try perform(client.receive(pdu, at: now)) }
        }
        // Then discovery found this layout's handles (never value + 1 by assumption) and notifications flowed
        let ready = try #require(info)
        #expect(ready.heartRateMeasurementHandle == value)
        #expect(ready.heartRateCCCDHandle == cccd)
        #expect(ready.mtu == min(247, layout.serverMTU))
        #expect((battery != nil) == hasBattery)
        #expect(samples.count >= 9)
        #expect(samples.allSatisfy { $0.contact == .detected })
    }
}

/// What the real stack taught (../shared/ble-vm), kept fixed over the socketpair.
@Suite("GATT over a socketpair: what the real stack taught")
struct RealStackLessonsTests {
    @Test("the peripheral's own ATT requests are answered with Request Not Supported, so it never times out")
    func peripheralRequests() throws {
        // Given a client that has started discovery, and the requests the VM's bluetoothd sent to it on connect
        // (captured from the HCI trace: Exchange MTU, Read By Type 0x2B3A, Read By Group Type 0x2800)
        let (clientSide, strapSide) = try SeqPacketSocket.makePair()
        var client = GATTClient()
        for case .send(let pdu) in client.start(at: 0) { try clientSide.send(pdu) }
        #expect(try strapSide.receive(timeout: 1) == [0x02, 0xF7, 0x00])
        let requests: [[UInt8]] = [
            [0x02, 0x05, 0x02], [0x08, 0x01, 0x00, 0xFF, 0xFF, 0x3A, 0x2B], [0x10, 0x01, 0x00, 0xFF, 0xFF, 0x00, 0x28],
        ]
        // When they arrive over the socket
        for request in requests { try strapSide.send(request) }
        while let pdu = try clientSide.receive(timeout: 0.2) {
            for case .send(let answer) in client.receive(pdu, at: 1) { try clientSide.send(answer) }
        }
        // Then each gets its Error Response, byte for byte as in the trace, and the client's own request stays open
        var answers: [[UInt8]] = []
        while let pdu = try strapSide.receive(timeout: 0.2) { answers.append(pdu) }
        #expect(
            answers == [
                [0x01, 0x02, 0x00, 0x00, 0x06], [0x01, 0x08, 0x00, 0x00, 0x06], [0x01, 0x10, 0x00, 0x00, 0x06],
            ]
        )
        #expect(!client.isDisconnected)
    }
}
