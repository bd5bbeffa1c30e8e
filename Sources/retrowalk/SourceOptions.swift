public import ArgumentParser
import BlueZTransport
import RetroWalk

/// Where the strap data comes from: `--strap`, `--simulate [SCENARIO]`, or the strap saved by `retrowalk scan`.
/// Shared by `walk` and `check`.
struct SourceOptions: ParsableArguments {
    @Flag(help: "Use the simulated strap (over a socketpair, speaking real ATT bytes).")
    var simulate = false

    @Argument(help: ArgumentHelp("The simulator's scenario (with --simulate).", valueName: "scenario"))
    var scenario: Scenario?

    @Option(help: ArgumentHelp("The strap's Bluetooth address, e.g. AA:BB:CC:DD:EE:FF.", valueName: "addr"))
    var strap: String?

    @Flag(help: "The strap uses a random (static) address, as Polar H10 does.")
    var randomAddress = false

    @Option(help: ArgumentHelp("The Bluetooth adapter, e.g. hci0.", valueName: "hciN"))
    var adapter: String?

    func validate() throws {
        if simulate, strap != nil {
            throw ValidationError(
                "Choose one source: --simulate [SCENARIO] or --strap ADDR (or neither, for the strap saved by "
                    + "'retrowalk scan --save N')."
            )
        }
        if randomAddress, strap == nil {
            throw ValidationError("--random-address goes with --strap ADDR; a saved strap keeps its saved type.")
        }
        if scenario != nil, !simulate {
            throw ValidationError("A scenario goes with --simulate, e.g. '--simulate contact-lost'.")
        }
    }

    /// The source the flags name: `--strap`, `--simulate`, or else the saved strap.
    ///
    /// - Throws: `CaptureError` for a bad address; ``AppError`` when no strap is given and none is saved.
    func resolve(locator: ResourceLocator) throws -> SessionOptions.Source {
        if let strap {
            return .strap(try BluetoothAddress(strap, type: randomAddress ? .random : .public), adapter: adapter)
        }
        if simulate { return .simulate(scenario ?? .steady) }
        return .strap(try Self.savedStrap(locator: locator).address, adapter: adapter)
    }

    /// The strap saved by `retrowalk scan --save N`, or an error that says how to get one.
    static func savedStrap(locator: ResourceLocator) throws -> SavedStrap {
        let path = SavedStrap.path(in: locator)
        guard let saved = try SavedStrap.load(from: path) else {
            throw AppError(
                code: .badConfig,
                message: "No strap given and none saved ('\(path)' does not exist). Run 'retrowalk scan --save N' "
                    + "to save yours, pass --strap ADDR, or try --simulate."
            )
        }
        return saved
    }
}

extension Scenario: ExpressibleByArgument {}
