import CALSA
import Logging
import Synchronization

/// Routes the ALSA library's own messages ("ALSA lib pcm.c:…") to a `Logger` instead of stderr.
///
/// ALSA's error handler is process-wide, so the most recently installed logger receives every message. Messages
/// are logged at debug level: the caller reports the failure itself, as one clear ``AudioError``.
enum ALSALibraryLog {
    private static let logger = Mutex<Logger?>(nil)

    /// Installs the handler (idempotent) and makes `logger` the receiver.
    static func install(_ logger: Logger) {
        self.logger.withLock { $0 = logger }
        _ = alsaSetMessageCallback { message in
            guard let message else { return }
            ALSALibraryLog.forward(String(cString: message))
        }
    }

    private static func forward(_ text: String) {
        let logger = self.logger.withLock { $0 }
        logger?.debug("ALSA library message", metadata: ["alsa.message": "\(text)"])
    }
}
