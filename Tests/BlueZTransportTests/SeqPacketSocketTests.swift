import BlueZTransport
import Testing

@Suite("Bearer sockets")
struct SeqPacketSocketTests {
    @Test("a socketpair keeps PDU boundaries both ways")
    func boundaries() throws {
        let (client, strap) = try SeqPacketSocket.makePair()
        try client.send([0x02, 0x17, 0x00])
        try client.send([0x10, 0x01, 0x00, 0xFF, 0xFF, 0x00, 0x28])
        #expect(try strap.receive(timeout: 1) == [0x02, 0x17, 0x00])
        #expect(try strap.receive(timeout: 1) == [0x10, 0x01, 0x00, 0xFF, 0xFF, 0x00, 0x28])
        #expect(try strap.receive(timeout: 0) == nil)
        try strap.send([0x1B, 0x16, 0x00, 0x06, 0x64])
        #expect(try client.receive(timeout: 1) == [0x1B, 0x16, 0x00, 0x06, 0x64])
    }

    @Test("the peer closing is a link loss, not a crash")
    func peerClosed() throws {
        let (client, strap) = try SeqPacketSocket.makePair()
        strap.close()
        let error = #expect(throws: CaptureError.self) { _ = try client.receive(timeout: 1) }
        #expect(error?.code == .linkClosed)
        let sendError = #expect(throws: CaptureError.self) { try client.send([0x01]) }
        #expect(sendError?.code == .linkClosed)
    }

    @Test("on a kernel without Bluetooth, connecting fails at once with one clear line")
    func noBluetoothInKernel() throws {
        let address = try BluetoothAddress("AA:BB:CC:DD:EE:FF")
        do {
            let socket = try SeqPacketSocket.connectL2CAP(to: address, adapter: nil, timeout: 1)
            socket.close()
            Issue.record("connect unexpectedly succeeded; this test expects a kernel without Bluetooth or no strap")
        } catch let error as CaptureError {
            // Here (no AF_BLUETOOTH) it must be the kernel message; on a Bluetooth machine without that strap,
            // a connect failure naming the address is the right answer.
            if error.code == .bluetoothUnavailable {
                #expect(error.message.hasPrefix("Bluetooth is not available in this kernel"))
                #expect(error.message.contains("EAFNOSUPPORT"))
                #expect(error.message.contains("--simulate"))
                #expect(!error.message.contains("\n"))
            } else {
                #expect(error.message.contains("AA:BB:CC:DD:EE:FF") || error.code == .adapterNotFound)
            }
        }
    }

    @Test(
        "addresses parse and print; bad ones name the text and the remedy",
        arguments: ["AA:BB:CC:DD:EE", "AA:BB:CC:DD:EE:GG", "", "AABBCCDDEEFF", "AA:BB:CC:DD:EE:FF:00"])
    func badAddress(text: String) {
        let error = #expect(throws: CaptureError.self) { _ = try BluetoothAddress(text) }
        #expect(error?.code == .invalidAddress)
        #expect(error?.message.contains("'\(text)'") == true)
    }

    @Test("a good address round-trips, case-insensitive, with its type")
    func goodAddress() throws {
        let address = try BluetoothAddress("f6:4d:73:53:49:6e", type: .random)
        #expect(address.description == "F6:4D:73:53:49:6E")
        #expect(address.bytes == [0xF6, 0x4D, 0x73, 0x53, 0x49, 0x6E])
        #expect(address.type == .random)
    }
}

@Suite("Bearer sockets: empty datagrams")
struct EmptyDatagramTests {
    @Test("an empty PDU is skipped, not mistaken for end of file")
    func emptyDatagram() throws {
        let (client, strap) = try SeqPacketSocket.makePair()
        try strap.send([])
        try strap.send([0x1B, 0x11, 0x00, 0x06, 0x48])
        #expect(try client.receive(timeout: 1) == nil)
        #expect(try client.receive(timeout: 1) == [0x1B, 0x11, 0x00, 0x06, 0x48])
        strap.close()
        let error = #expect(throws: CaptureError.self) { _ = try client.receive(timeout: 1) }
        #expect(error?.code == .linkClosed)
    }
}
