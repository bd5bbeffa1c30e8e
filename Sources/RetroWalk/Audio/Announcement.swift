import ALSAOutput
public import Logging
import RetroWalkCore
import SoundEngine

/// A few words spoken outside a session (`serve`'s "Heart monitor connected."): the ALSA device is opened, the
/// clips are played, and the device is closed again so that the session can open it. Nothing here is a safety
/// signal, so a device that does not open is only logged.
public enum Announcement {
    /// Speaks the clips `phrases` on `device`, waiting at most a few seconds for them to finish (call it off the
    /// cooperative pool: it blocks).
    public static func speak(
        _ phrases: [String], text: String, device: String?, locator: ResourceLocator, logger: Logger
    ) {
        do {
            let settings = try AudioSettings.load(locator: locator)
            let catalog = try SessionAudio.loadCatalog(locator: locator, settings: settings)
            let name = device ?? settings.device
            let player = try ALSAPlayer(device: name, logger: logger) { fault in
                logger.warning("Audio device failed", metadata: ["audio.fault": "\(fault)"])
            }
            try player.start(scheduler: SoundScheduler(catalog: catalog, gains: settings.gains))
            player.submit(.cue(Cue(phrases: phrases, text: text)))
            player.stop(lettingSoundFinishWithin: 4)
        } catch {
            logger.warning("Could not say '\(text)'", metadata: ["audio.error": "\(error)"])
        }
    }
}
