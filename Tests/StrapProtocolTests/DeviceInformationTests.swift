import RetroWalkCore
import StrapProtocol
import Testing

@Suite("GATT client: Device Information")
struct DeviceInformationTests {
    /// The polarH7 layout without its Device Information Service.
    static let withoutDeviceInformation: StrapLayout = {
        var layout = StrapLayout.polarH7
        layout.name = "noDIS"
        layout.services.removeAll { $0.uuid == .deviceInformation }
        return layout
    }()

    /// A minimal strap at ATT_MTU 23 whose Device Information has these three values.
    static func strap(manufacturer: [UInt8], model: [UInt8] = Array("M".utf8), firmware: [UInt8]) -> StrapLayout {
        StrapLayout(
            name: "dis",
            serverMTU: 23,
            services: [
                StrapLayout.Service(
                    uuid: .heartRateService,
                    characteristics: [
                        StrapLayout.Characteristic(
                            uuid: .heartRateMeasurement,
                            properties: .notify,
                            descriptors: [.clientConfiguration]
                        )
                    ]
                ),
                StrapLayout.Service(
                    uuid: .deviceInformation,
                    characteristics: [
                        StrapLayout.Characteristic(uuid: .manufacturerName, properties: .read, value: manufacturer),
                        StrapLayout.Characteristic(uuid: .modelNumber, properties: .read, value: model),
                        StrapLayout.Characteristic(uuid: .firmwareRevision, properties: .read, value: firmware),
                    ]
                ),
            ]
        )
    }

    /// A firmware string of `count` characters: `0123456789abcdefghij0123…`.
    static func longText(_ count: Int) -> String {
        let alphabet = Array("0123456789abcdefghij")
        return String((0..<count).map { alphabet[$0 % alphabet.count] })
    }

    @Test(
        "reads Manufacturer Name, Model Number and Firmware Revision after the battery steps, before ready",
        arguments: [
            (StrapLayout.polarH7, "Polar Electro Oy", "H7", "1.4.0"),
            (StrapLayout.compact, "Polar Electro Oy", "Polar H10", "3.0.35"),
            (StrapLayout.noBattery, "Generic", "HRM-Pro", "1.0"),
        ]
    )
    func readsStrings(layout: StrapLayout, manufacturer: String, model: String, firmware: String) throws {
        // Given a client linked to a strap with a Device Information Service
        var link = Link(layout: layout)

        // When discovery runs
        link.start()

        // Then the strings are in StrapInfo, read by the handles discovery found
        let info = try #require(link.info, "no .ready; events: \(link.events)")
        #expect(info.manufacturer == manufacturer)
        #expect(info.model == model)
        #expect(info.firmware == firmware)
        #expect(link.client.strapInfo?.firmware == firmware)
        let pdus = link.clientPDUs
        var readIndices: [Int] = []
        for uuid in [BluetoothUUID.manufacturerName, .modelNumber, .firmwareRevision] {
            let handle = try #require(layout.valueHandle(of: uuid))
            readIndices.append(try #require(pdus.firstIndex(of: ATTPDU.readRequest(handle: handle).bytes)))
        }
        #expect(readIndices == readIndices.sorted())
        // After the Heart Rate and battery subscriptions; the Service Changed subscription comes last.
        for characteristic in [BluetoothUUID.heartRateMeasurement, .batteryLevel] {
            guard let cccd = layout.descriptorHandle(.clientCharacteristicConfiguration, of: characteristic) else {
                continue
            }
            let write = try #require(pdus.firstIndex(of: ATTPDU.writeRequest(handle: cccd, value: [1, 0]).bytes))
            #expect(write < readIndices[0])
        }
        let serviceChangedCCCD = try #require(
            layout.descriptorHandle(.clientCharacteristicConfiguration, of: .serviceChanged))
        #expect(pdus.last == ATTPDU.writeRequest(handle: serviceChangedCCCD, value: [2, 0]).bytes)
        #expect(link.disconnectReason == nil)
    }

    @Test("a strap without a Device Information Service leaves the strings nil and still becomes ready")
    func withoutDIS() throws {
        var link = Link(layout: Self.withoutDeviceInformation)
        link.start()
        let info = try #require(link.info, "no .ready; events: \(link.events)")
        #expect(info.manufacturer == nil)
        #expect(info.model == nil)
        #expect(info.firmware == nil)
        #expect(info.batteryLevel == 87)
        #expect(!link.clientPDUs.contains { $0.first == ATTOpcode.readBlobRequest.rawValue })
        link.advance(to: 3)
        #expect(link.measurements.count == 3)
    }

    @Test(
        "a value of ATT_MTU − 1 bytes or more is completed with Read Blob at offsets 22, 44, … until a shorter part",
        arguments: [1, 21, 22, 23, 40, 44, 60]
    )
    func readBlob(length: Int) throws {
        // Given a strap at ATT_MTU 23 whose Firmware Revision is `length` bytes long
        let text = Self.longText(length)
        let layout = Self.strap(manufacturer: Array("Acme".utf8), firmware: Array(text.utf8))
        let handle = try #require(layout.valueHandle(of: .firmwareRevision))
        var link = Link(layout: layout)

        // When discovery reads it
        link.start()

        // Then the whole string arrives, with one Read Blob per full part (the last one may be empty)
        let info = try #require(link.info, "no .ready; events: \(link.events)")
        #expect(info.mtu == 23)
        #expect(info.firmware == text)
        #expect(info.manufacturer == "Acme")
        let blobs = link.clientPDUs.filter { $0.first == ATTOpcode.readBlobRequest.rawValue }
        let expected = (0..<(length / 22)).map { part in
            [0x0C] + Bytes16.littleEndian(handle) + Bytes16.littleEndian(UInt16(22 * (part + 1)))
        }
        #expect(blobs == expected)
    }

    @Test("byte-exact Read and Read Blob for a 40-byte firmware string at ATT_MTU 23")
    func readBlobTranscript() throws {
        let text = Self.longText(40)
        var link = Link(layout: Self.strap(manufacturer: [], firmware: Array(text.utf8)))
        link.start()
        let info = try #require(link.info)
        #expect(info.firmware == text)
        // An empty Manufacturer Name gives nil.
        #expect(info.manufacturer == nil)
        #expect(info.model == "M")
        let transcript = link.transcript.map { ($0.0 == .toStrap ? "> " : "< ") + Bytes16.hexDump($0.1) }
        let firmwareRead = try #require(transcript.firstIndex(of: "> 0a 0b 00"))
        #expect(
            Array(transcript[firmwareRead...].prefix(4)) == [
                "> 0a 0b 00",
                "< 0b 30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66 67 68 69 6a 30 31",
                "> 0c 0b 00 16 00",
                "< 0d 32 33 34 35 36 37 38 39 61 62 63 64 65 66 67 68 69 6a",
            ]
        )
    }

    @Test("a value longer than 512 bytes (the ATT maximum) stops at 512")
    func readBlobLimit() throws {
        var link = Link(layout: Self.strap(manufacturer: Array("A".utf8), firmware: Array(Self.longText(600).utf8)))
        link.start()
        let info = try #require(link.info)
        #expect(info.firmware == Self.longText(512))
    }

    @Test("a refused Read Blob keeps the part read so far")
    func refusedReadBlob() throws {
        // Given a strap whose 40-byte firmware string needs Read Blob, and a Read Blob answered with an error
        let text = Self.longText(40)
        var link = Link(layout: Self.strap(manufacturer: Array("A".utf8), firmware: Array(text.utf8)))
        link.holdResponses = .readBlobRequest
        link.start()
        #expect(link.info == nil)
        #expect(link.held == [hex("0d 32 33 34 35 36 37 38 39 61 62 63 64 65 66 67 68 69 6a")])
        link.held = []
        link.holdResponses = nil

        // When the strap says Request Not Supported instead
        link.deliver([hex("01 0c 0b 00 06")])

        // Then the first ATT_MTU − 1 bytes are kept and discovery finishes
        let info = try #require(link.info)
        #expect(info.firmware == String(text.prefix(22)))
        #expect(link.disconnectReason == nil)
    }

    @Test("refused Device Information reads leave the strings nil; the link stays up and becomes ready")
    func refusedReads() throws {
        // Given a strap that keeps Device Information behind encryption
        var link = Link(layout: .polarH7)
        link.strap.quirks.deviceInformationNeedsEncryption = true

        // When discovery runs
        link.start()

        // Then each read got Insufficient Encryption, and the client still became ready
        let info = try #require(link.info, "no .ready; events: \(link.events)")
        #expect(info.manufacturer == nil)
        #expect(info.model == nil)
        #expect(info.firmware == nil)
        #expect(info.bodySensorLocation == .chest)
        let answers = link.transcript.filter { $0.0 == .toClient }.map(\.1)
        for handle: UInt8 in [0x23, 0x19, 0x1D] {
            #expect(answers.contains([0x01, 0x0A, handle, 0x00, 0x0F]))
        }
        #expect(!link.client.isDisconnected)
        #expect(info.serviceChangedCCCDHandle == 0x000D)
        link.advance(to: 2)
        #expect(link.measurements.count == 2)
    }

    @Test("one refused read does not stop the others")
    func oneRefusedRead() throws {
        // Given discovery waiting for the Manufacturer Name read of polarH7's DIS (0x0023)
        var link = Link(layout: .polarH7)
        link.holdResponses = .readRequest
        link.start()
        // Body Sensor Location and Battery Level are read first; let them through.
        while link.clientPDUs.last != hex("0a 23 00") {
            let held = link.held
            link.held = []
            link.deliver(held)
            try #require(!held.isEmpty, "stuck at \(link.clientPDUs.last ?? [])")
        }
        link.held = []
        link.holdResponses = nil

        // When that read fails with Insufficient Authentication
        link.deliver([hex("01 0a 23 00 05")])

        // Then the manufacturer is nil and the model and firmware are read
        let info = try #require(link.info)
        #expect(info.manufacturer == nil)
        #expect(info.model == "H7")
        #expect(info.firmware == "1.4.0")
    }

    @Test("trailing NULs are dropped and invalid UTF-8 becomes U+FFFD")
    func decoding() throws {
        var link = Link(
            layout: Self.strap(
                manufacturer: [0x50, 0xFF, 0x6F, 0x6C, 0x00, 0x00],
                model: [0xE2, 0x82, 0xAC, 0x31],
                firmware: [0x00]
            )
        )
        link.start()
        let info = try #require(link.info)
        #expect(info.manufacturer == "P\u{FFFD}ol")
        #expect(info.model == "€1")
        #expect(info.firmware == nil)
    }

    @Test("the simulated strap answers Read Blob like a real server")
    func serverReadBlob() {
        var strap = SimulatedStrap(layout: .polarH7)
        // "Polar Electro Oy" (16 bytes) at 0x0023.
        #expect(strap.receive(hex("0c 23 00 00 00")) == [hex("0d 50 6f 6c 61 72 20 45 6c 65 63 74 72 6f 20 4f 79")])
        #expect(strap.receive(hex("0c 23 00 0c 00")) == [hex("0d 6f 20 4f 79")])
        #expect(strap.receive(hex("0c 23 00 10 00")) == [hex("0d")])  // at the end: empty
        #expect(strap.receive(hex("0c 23 00 11 00")) == [hex("01 0c 23 00 07")])  // Invalid Offset
        #expect(strap.receive(hex("0c 11 00 00 00")) == [hex("01 0c 11 00 02")])  // HRM: Read Not Permitted
        #expect(strap.receive(hex("0c 00 01 00 00")) == [hex("01 0c 00 01 01")])  // Invalid Handle
        #expect(strap.receive(hex("0c 23 00")) == [hex("01 0c 00 00 04")])  // malformed: Invalid PDU
        strap.quirks.deviceInformationNeedsEncryption = true
        #expect(strap.receive(hex("0c 23 00 00 00")) == [hex("01 0c 23 00 0f")])
        #expect(strap.receive(hex("0a 23 00")) == [hex("01 0a 23 00 0f")])
        #expect(strap.receive(hex("08 15 00 23 00 29 2a")) == [hex("01 08 23 00 0f")])
        // Outside the DIS the quirk changes nothing.
        #expect(strap.receive(hex("0a 14 00")) == [hex("0b 01")])
    }
}

/// Little helpers for expected bytes (the module's own `Bytes` is internal).
enum Bytes16 {
    static func littleEndian(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }

    static func hexDump(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }
}
