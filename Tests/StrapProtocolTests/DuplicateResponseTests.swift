import StrapProtocol
import Testing

@Suite("GATT client and duplicate responses")
struct DuplicateResponseTests {
    @Test("duplicates of discovery responses and late errors are discarded; discovery completes")
    func duplicates() {
        // Given a strap that answers every discovery request twice and follows each write with a late error
        var strap = SimulatedStrap(layout: .polarH7, seed: 3)
        var client = GATTClient()
        var toStrap: [[UInt8]] = []
        var ready = false
        var sent = 0
        func perform(_ actions: [GATTClient.Action]) {
            for action in actions {
                switch action {
                case .send(let pdu): toStrap.append(pdu)
                case .ready: ready = true
                case .disconnect(let reason): Issue.record("disconnected: \(reason)")
                default: break
                }
            }
        }
        perform(client.start(at: 0))
        // When the PDUs go back and forth
        while let request = toStrap.first, sent < 200 {
            toStrap.removeFirst()
            sent += 1
            let responses = strap.receive(request)
            var delivered = responses
            if [0x02, 0x10, 0x08, 0x04].contains(request[0]) { delivered += responses }
            if request[0] == 0x12 { delivered += responses + [[0x01, 0x12, request[1], request[2], 0x0E]] }
            for pdu in delivered { perform(client.receive(pdu, at: 1)) }
        }
        // Then discovery finished with the right handles, in as many requests as without duplicates
        #expect(ready)
        #expect(sent < 40)
        #expect(client.strapInfo?.heartRateMeasurementHandle == 0x0011)
        #expect(client.strapInfo?.heartRateCCCDHandle == 0x0012)
    }
}
