import ArgumentParser
import Foundation
import RetroWalk

/// `retrowalk sounds`: test the speaker and list the voice clips.
struct Sounds: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Test the sound output, or list the voice clips.",
        subcommands: [SoundsTest.self, SoundsList.self]
    )
}

/// `retrowalk sounds test`: the test phrase and one burst of each priority through an ALSA device.
struct SoundsTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Play a test phrase and one burst of each priority through the ALSA device.",
        discussion: """
            Plays "Heart rate one hundred twenty-eight, zone two." (composed from the voice clips, at the speech \
            volume), then the high, medium and low alarm bursts and the info chime, each at its volume from \
            audio.yaml; waits until they have played; prints the device and how long each took. Exits with \
            status 1 when the device cannot be opened.
            """
    )

    @Option(
        help: ArgumentHelp(
            "The ALSA playback device (see 'aplay -L'); default: 'device' in audio.yaml.", valueName: "name"))
    var audioDevice: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let logger = global.bootstrapLogging()
        let locator = ResourceLocator()
        do {
            let settings = try AudioSettings.load(locator: locator)
            let (catalog, problem) = SoundTest.loadCatalog(settings: settings, locator: locator)
            if let problem {
                FileHandle.standardError.write(Data("retrowalk: no voice clips (\(problem)); bursts only.\n".utf8))
            }
            let test = SoundTest(device: audioDevice ?? settings.device, catalog: catalog, gains: settings.gains)
            for line in try test.run(logger: logger).lines { print(line) }
        } catch {
            throw fail("\(error)")
        }
    }
}

/// `retrowalk sounds list`: the voice clips, their durations, and what is missing.
struct SoundsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the voice clips with their durations, and the phrase keys that have no clip.",
        discussion: """
            The clips come from RETROWALK_SOUNDS, else 'sounds' in audio.yaml, else the shipped Sounds/ folder. \
            Exits with status 1 when a phrase key that sessions speak has no clip.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.bootstrapLogging()
        let locator = ResourceLocator()
        let inventory: ClipInventory
        do {
            inventory = try ClipInventory.load(settings: try AudioSettings.load(locator: locator), locator: locator)
        } catch {
            throw fail("\(error)")
        }
        for line in inventory.lines { print(line) }
        if !inventory.missingRequired.isEmpty { throw ExitCode(1) }
    }
}
