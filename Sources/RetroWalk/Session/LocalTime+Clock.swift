import Glibc
public import RetroWalkCore

extension LocalTime {
    /// Now, with the offset the C library gives for it (`TZ`, else `/etc/localtime`; UTC when neither says).
    ///
    /// The start time recorded with a session (its date part is the walker's day) and "today" for progression
    /// come from here.
    public static func now() -> LocalTime {
        var seconds = time(nil)
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else {
            return LocalTime(epochSeconds: Int(seconds), utcOffsetSeconds: 0)
        }
        return LocalTime(epochSeconds: Int(seconds), utcOffsetSeconds: Int(parts.tm_gmtoff))
    }
}
