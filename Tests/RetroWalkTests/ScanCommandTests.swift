import ArgumentParser
import Foundation
import RetroWalkTesting
import StrapProtocol
import Testing

@testable import retrowalk

@Suite("scan command and the saved strap")
struct ScanCommandTests {
    @Test("scan parses its options")
    func parse() throws {
        let command = try RetroWalkCommand.parseAsRoot(
            ["scan", "--adapter", "hci1", "--seconds", "2.5", "--all", "--save", "2", "--json"]
        )
        let scan = try #require(command as? Scan)
        #expect(scan.adapter == "hci1")
        #expect(scan.seconds == 2.5)
        #expect(scan.all && scan.json)
        #expect(scan.save == 2)
        let defaults = try #require(try RetroWalkCommand.parseAsRoot(["scan"]) as? Scan)
        #expect(defaults.seconds == 5 && defaults.adapter == nil && defaults.save == nil && !defaults.all)
    }

    @Test(
        "scan and walk reject bad input with a message that says what to do",
        arguments: [
            (["scan", "--adapter", "bluetooth0"], "--adapter takes an adapter name such as 'hci0', not 'bluetooth0'"),
            (["scan", "--adapter", "hci"], "not 'hci'"),
            (["scan", "--seconds", "0"], "--seconds must be more than 0"),
            (["scan", "--seconds", "900"], "at most 600"),
            (["scan", "--save", "0"], "--save takes a number from the list, starting at 1"),
            (["walk", "--random-address"], "--random-address goes with --strap ADDR"),
            (["walk", "--speed", "8"], "--speed is for simulated sessions"),
        ]
    )
    func validation(arguments: [String], expected: String) {
        do {
            _ = try RetroWalkCommand.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(RetroWalkCommand.message(for: error).contains(expected), "\(RetroWalkCommand.message(for: error))")
        }
    }

    @Test("walk without --strap or --simulate parses: it uses the saved strap")
    func walkWithoutSource() throws {
        let walk = try #require(try RetroWalkCommand.parseAsRoot(["walk"]) as? Walk)
        #expect(walk.source.strap == nil && !walk.source.simulate)
    }

    @Test(
        "scan on a kernel without Bluetooth fails at once: one line, status 1, no stack trace",
        arguments: [["scan"], ["scan", "--adapter", "hci0", "--json", "--save", "1"]]
    )
    func scanWithoutBluetooth(arguments: [String]) throws {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run(arguments, environment: ["XDG_CONFIG_HOME": folder.path("config")])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        let lines = output.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(output.stderr)")
        // On a machine with Bluetooth the failure is another one-line reason (capability, adapter, busy).
        if output.stderr.contains("Bluetooth is not available in this kernel") {
            #expect(output.stderr.hasPrefix("retrowalk: Bluetooth is not available in this kernel ("))
            #expect(output.stderr.contains("EAFNOSUPPORT"))
        }
        #expect(!output.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("config/retrowalk/strap.yaml")))
    }

    @Test("walk without a source and without a saved strap says how to get one")
    func walkWithoutSavedStrap() throws {
        let folder = try TemporaryFolder()
        let output = try RetroWalkBinary.run(
            ["walk", "--db", folder.path("s.sqlite")],
            environment: ["XDG_CONFIG_HOME": folder.path("config")]
        )
        #expect(output.status == 1)
        #expect(
            output.stderr
                == "retrowalk: No strap given and none saved ('\(folder.path("config"))/retrowalk/strap.yaml' does not "
                + "exist). Run 'retrowalk scan --save N' to save yours, pass --strap ADDR, or try --simulate.\n"
        )
        #expect(!FileManager.default.fileExists(atPath: folder.path("s.sqlite")))
    }

    @Test("walk without a source connects to the saved strap, with its address type")
    func walkUsesSavedStrap() throws {
        // Given a saved Polar H10
        let folder = try TemporaryFolder()
        let strapFile = folder.path("config/retrowalk/strap.yaml")
        try FileManager.default.createDirectory(
            atPath: folder.path("config/retrowalk"), withIntermediateDirectories: true)
        try "address: \"F6:4D:73:53:49:6E\"\ntype: random\nname: \"Polar H10 9F6E5322\"\n"
            .write(toFile: strapFile, atomically: true, encoding: .utf8)
        // When walk runs without --strap
        let output = try RetroWalkBinary.run(
            ["walk", "--db", folder.path("s.sqlite")],
            environment: ["XDG_CONFIG_HOME": folder.path("config"), "XDG_DATA_HOME": folder.path("data")]
        )
        // Then it tried to connect (here: no Bluetooth in the kernel; elsewhere: this strap is not around)
        #expect(output.status != 0)
        #expect(output.stderr.split(separator: "\n").count == 1)
        #expect(
            output.stderr.contains("Bluetooth is not available in this kernel")
                || output.stderr.contains("F6:4D:73:53:49:6E")
        )
        #expect(!output.stderr.contains("No strap given"))
    }

    @Test("a corrupt saved strap is reported with the file and the remedy")
    func walkWithBadSavedStrap() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(
            atPath: folder.path("config/retrowalk"), withIntermediateDirectories: true)
        try "address: nope\n".write(
            toFile: folder.path("config/retrowalk/strap.yaml"), atomically: true, encoding: .utf8)
        let output = try RetroWalkBinary.run(
            ["walk", "--db", folder.path("s.sqlite")],
            environment: ["XDG_CONFIG_HOME": folder.path("config")]
        )
        #expect(output.status == 1)
        #expect(
            output.stderr.hasPrefix(
                "retrowalk: Saved strap file '\(folder.path("config/retrowalk/strap.yaml"))': address 'nope'"))
        #expect(output.stderr.split(separator: "\n").count == 1)
    }

    @Test("the listing: straps first, strongest first, numbered; --all adds the other devices and a strap column")
    func listing() throws {
        var merger = AdvertisementMerger()
        for packet in [
            AdvertisingFixtures.polarH10Advertisement, AdvertisingFixtures.polarH10ScanResponse,
            AdvertisingFixtures.capturedProximity, AdvertisingFixtures.capturedNonConnectable,
        ] {
            merger.add(contentsOf: try AdvertisingReport.reports(inPacket: packet))
        }
        let straps = ScanListing(devices: merger.ranked(), showsAll: false)
        #expect(
            straps.tableLines() == [
                "#  address            type    RSSI  0x180D  name",
                "1  F6:4D:73:53:49:6E  random   -60  yes     Polar H10 9F6E5322",
            ]
        )
        let all = ScanListing(devices: merger.ranked(includingAll: true), showsAll: true)
        #expect(
            all.tableLines() == [
                "#  address            type              RSSI  0x180D  strap  name",
                "1  F6:4D:73:53:49:6E  random             -60  yes     yes    Polar H10 9F6E5322",
                "2  58:E2:8F:7C:0B:B3  public             -45  no      no     Proximity",
                "3  02:E4:72:17:FD:E2  random (private)   -55  no      no     (no name)",
            ]
        )
        #expect(all.device(number: 1)?.name == "Polar H10 9F6E5322")
        #expect(all.device(number: 4) == nil)
        #expect(all.device(number: 0) == nil)
        #expect(
            straps.jsonLines() == [
                #"{"number": 1, "address": "F6:4D:73:53:49:6E", "address_type": "random", "rssi": -60, "#
                    + #""name": "Polar H10 9F6E5322", "heart_rate_service": true, "strap": true, "connectable": true, "#
                    + #""services": ["0x180D", "0xFEEE"], "appearance": null, "reports": 2}"#
            ]
        )
    }

    @Test("help explains the listing, saving and the capability")
    func help() {
        let help = RetroWalkCommand.helpMessage(for: Scan.self)
        for phrase in ["--adapter", "--seconds", "--all", "--save", "--json", "0x180D", "strap.yaml", "cap_net_raw"] {
            #expect(help.contains(phrase), "help lacks \(phrase)")
        }
    }
}
