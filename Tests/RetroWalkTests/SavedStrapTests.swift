import BlueZTransport
import Foundation
import RetroWalk
import Testing

@Suite("Saved strap file")
struct SavedStrapTests {
    @Test("save and load round-trip the address, its type and the name; the file reads as written")
    func roundTrip() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("config/retrowalk/strap.yaml")
        let strap = SavedStrap(
            address: try BluetoothAddress("F6:4D:73:53:49:6E", type: .random), name: "Polar H10 9F6E5322")
        try strap.save(to: path)
        #expect(try SavedStrap.load(from: path) == strap)
        #expect(
            try String(contentsOfFile: path, encoding: .utf8)
                == """
                # The strap 'retrowalk walk' uses when no --strap is given.
                # Written by 'retrowalk scan --save N'; edit it or delete it freely.
                address: "F6:4D:73:53:49:6E"
                type: random
                name: "Polar H10 9F6E5322"

                """
        )
    }

    @Test(
        "names with quotes, backslashes, control characters and non-ASCII survive; no name is fine",
        arguments: [
            #"Say "hi" \ there"#, "Herzfrequenz Gurt ♥", "tab\there", "line\nbreak", "[HRM]: # not a comment", nil,
        ]
    )
    func names(name: String?) throws {
        let folder = try TemporaryFolder()
        let path = folder.path("strap.yaml")
        let strap = SavedStrap(address: try BluetoothAddress("00:22:D0:12:34:56"), name: name)
        try strap.save(to: path)
        #expect(try SavedStrap.load(from: path) == strap)
    }

    @Test("hand-written files: unquoted address, no type (public), all-digit address")
    func handWritten() throws {
        let strap = try SavedStrap(yaml: "address: 00:22:d0:aa:bb:cc\n", path: "strap.yaml")
        #expect(strap.address.description == "00:22:D0:AA:BB:CC")
        #expect(strap.address.type == .public)
        #expect(strap.name == nil)
        let digits = try SavedStrap(yaml: "address: \"12:34:56:12:34:56\"\ntype: random\n", path: "strap.yaml")
        #expect(digits.address.description == "12:34:56:12:34:56")
    }

    @Test("a missing file is no saved strap, not an error")
    func missing() throws {
        let folder = try TemporaryFolder()
        #expect(try SavedStrap.load(from: folder.path("strap.yaml")) == nil)
    }

    @Test(
        "a bad file is reported with the path, the key or value at fault and the remedy, on one line",
        arguments: [
            ("", "the file is empty"),
            ("  \n", "the file is empty"),
            ("type: random\n", "key 'address' is missing"),
            ("address: \"AA:BB:CC\"\n", "address 'AA:BB:CC' is not a Bluetooth address"),
            (
                "address: \"AA:BB:CC:DD:EE:FF\"\ntype: static\n",
                "type 'static' is not an address type; allowed: public, random"
            ),
            ("- AA:BB:CC:DD:EE:FF\n", "it is not a mapping of address, type and name"),
            ("address: [1, 2]\n", "key 'address' is not text"),
            ("address: \"AA:BB\n", "it is not valid YAML"),
        ]
    )
    func badFile(text: String, phrase: String) throws {
        let folder = try TemporaryFolder()
        let path = folder.path("strap.yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: AppError.self) { try SavedStrap.load(from: path) }
        let message = error?.message ?? ""
        #expect(message.hasPrefix("Saved strap file '\(path)': "), "\(message)")
        #expect(message.contains(phrase), "\(message)")
        #expect(message.contains("'retrowalk scan --save N'"))
        #expect(!message.contains("\n"))
    }

    @Test("an unreadable path and an unwritable folder are reported with the path")
    func unreadableAndUnwritable() throws {
        let folder = try TemporaryFolder()
        let directory = folder.path("strap.yaml")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let readError = #expect(throws: AppError.self) { try SavedStrap.load(from: directory) }
        #expect(readError?.message.contains("'\(directory)' could not be read") == true)

        let blocker = folder.path("file")
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        let strap = SavedStrap(address: try BluetoothAddress("AA:BB:CC:DD:EE:FF"))
        let writeError = #expect(throws: AppError.self) { try strap.save(to: blocker + "/retrowalk/strap.yaml") }
        #expect(writeError?.message.hasPrefix("Could not save the strap to '\(blocker)/retrowalk/strap.yaml'") == true)
    }

    @Test("the file lives in the user's config folder")
    func location() {
        let locator = ResourceLocator(
            environment: ["XDG_CONFIG_HOME": "/tmp/cfg", "HOME": "/home/me"], executablePath: "/x")
        #expect(SavedStrap.path(in: locator) == "/tmp/cfg/retrowalk/strap.yaml")
        let fallback = ResourceLocator(environment: ["HOME": "/home/me"], executablePath: "/x")
        #expect(SavedStrap.path(in: fallback) == "/home/me/.config/retrowalk/strap.yaml")
    }
}
