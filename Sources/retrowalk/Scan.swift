import ArgumentParser
import BlueZTransport
import Dispatch
import Foundation
import RetroWalk
import StrapProtocol

/// `retrowalk scan`: lists heart-rate straps nearby and saves one for `retrowalk walk`.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List heart-rate straps nearby (Bluetooth LE scan); save one for 'retrowalk walk'.",
        discussion: """
            Scans for --seconds (Ctrl-C stops early) and lists the devices that look like heart-rate straps: \
            they advertise the Heart Rate service (0x180D), a strap name (Polar, HRM, TICKR, Wahoo) or a \
            heart-rate appearance. Strongest signal first; --all lists every device, straps first. Wear the \
            strap (moist electrodes) so that it wakes up and advertises.

            --save N stores device N of the list in $XDG_CONFIG_HOME/retrowalk/strap.yaml (address, address \
            type, name); 'retrowalk walk' then connects to it when no --strap is given.

            Scanning uses raw HCI and needs CAP_NET_RAW; grant it once per build with
              sudo setcap 'cap_net_raw,cap_net_admin+eip' .build/debug/retrowalk

            --json prints one JSON object per device on stdout, keys in this order: number, address, \
            address_type, rssi, name, heart_rate_service, strap, connectable, services, appearance, reports.
            """
    )

    @Option(
        help: ArgumentHelp("The Bluetooth adapter, e.g. hci0 (default: the first one that is up).", valueName: "hciN"))
    var adapter: String?

    @Option(help: ArgumentHelp("How long to scan.", valueName: "s"))
    var seconds: Double = 5

    @Flag(help: "List every device seen, not only heart-rate straps.")
    var all = false

    @Option(help: ArgumentHelp("Save device N of the list as the strap 'retrowalk walk' uses.", valueName: "n"))
    var save: Int?

    @Flag(help: "Print one JSON object per device on stdout.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let adapter, !Self.isAdapterName(adapter) {
            throw ValidationError("--adapter takes an adapter name such as 'hci0', not '\(adapter)'.")
        }
        if !(seconds > 0 && seconds <= 600) {
            throw ValidationError("--seconds must be more than 0 and at most 600, not '\(seconds)'.")
        }
        if let save, save < 1 {
            throw ValidationError("--save takes a number from the list, starting at 1, not '\(save)'.")
        }
    }

    func run() throws {
        let logger = global.bootstrapLogging()
        do {
            let scanner = try HCIScanner(adapter: adapter, logger: logger)
            defer { scanner.close() }
            note("Scanning on \(scanner.adapterName) for \(Self.format(seconds)) s (Ctrl-C stops early)...")
            let result = try Self.stoppingOnInterrupt(scanner.stopHandle) { try scanner.scan(seconds: seconds) }
            if let stopError = result.stopError { note("warning: \(stopError)") }

            let listing = ScanListing(devices: result.devices.ranked(includingAll: all), showsAll: all)
            if json {
                for line in listing.jsonLines() { print(line) }
            } else if !listing.devices.isEmpty {
                for line in listing.tableLines() { print(line) }
                if save == nil { print("Save one for 'retrowalk walk' with: retrowalk scan --save N") }
            }
            if listing.devices.isEmpty {
                let message =
                    "No \(all ? "devices" : "heart-rate straps") found in \(Self.format(seconds)) s on "
                    + "\(result.adapterName). Wear the strap (moist electrodes) so that it advertises, keep it "
                    + "close, disconnect it from phones and watches, and scan again"
                    + (all ? "." : "; --all lists every device seen.")
                if json { note(message) } else { print(message) }
            }
            if let save { try self.save(number: save, from: listing) }
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }

    /// Writes device `number` of the listing to the saved-strap file.
    private func save(number: Int, from listing: ScanListing) throws {
        guard let device = listing.device(number: number) else {
            throw fail(
                "There is no device \(number) in this scan's list (it has \(listing.devices.count)). Run "
                    + "'retrowalk scan' to see the numbers, with the strap worn so that it advertises."
            )
        }
        let path = SavedStrap.path(in: ResourceLocator())
        let strap = SavedStrap(address: BluetoothAddress(device.address), name: device.name)
        try strap.save(to: path)
        let label = [device.name, strap.address.description, strap.address.type.rawValue].compactMap { $0 }
        let confirmation =
            "Saved device \(number) (\(label.joined(separator: ", "))) to \(path); "
            + "'retrowalk walk' now uses it when no --strap is given."
        if json { note(confirmation) } else { print(confirmation) }
        if ScanListing.typeLabel(device.address) == "random (private)" {
            note(
                "warning: \(device.address) is a private address that changes every few minutes; 'retrowalk walk' "
                    + "may not find it later. Pair the strap with this machine or use --strap when it changes."
            )
        }
    }

    /// Runs `body` with SIGINT turned into a stop request, so that Ctrl-C still disables scanning on the adapter.
    static func stoppingOnInterrupt<T>(_ handle: HCIScanner.StopHandle, _ body: () throws -> T) rethrows -> T {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { handle.stop() }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        return try body()
    }

    /// `hci0`, `hci12`.
    static func isAdapterName(_ text: String) -> Bool {
        text.hasPrefix("hci") && text.count > 3 && text.dropFirst(3).allSatisfy(\.isASCII)
            && Int(text.dropFirst(3)) != nil
    }

    /// `5` or `2.5`.
    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }

    /// A line on stderr.
    private func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
