import CALSA
import POSIXSupport

extension SystemError {
    /// Converts a negative ALSA return code (STYLE.md 23).
    static func alsa(_ function: String, _ code: Int32) -> SystemError {
        SystemError(function: function, number: -code, text: String(cString: snd_strerror(code)))
    }
}
