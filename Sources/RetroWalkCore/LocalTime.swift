/// A moment as the walker's clock shows it: seconds since 1970-01-01T00:00:00Z and the local offset from UTC.
///
/// The day a session belongs to and the start time recorded with it are the walker's local ones. Computing them
/// here from the offset the C library reports (`localtime_r`'s `tm_gmtoff`, which follows `TZ` and
/// `/etc/localtime`) keeps a session from loading ICU's time-zone data through Foundation's `TimeZone` and
/// `Calendar`: about 7 MB of resident memory for two strings. Nothing here reads a clock.
public struct LocalTime: Sendable, Hashable {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public var epochSeconds: Int
    /// The local offset from UTC, seconds (east positive: `3600` for UTC+01:00).
    public var utcOffsetSeconds: Int

    /// Creates a moment from its UTC seconds and the local offset.
    public init(epochSeconds: Int, utcOffsetSeconds: Int) {
        self.epochSeconds = epochSeconds
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    private var localSeconds: Int { epochSeconds + utcOffsetSeconds }

    /// The local calendar day.
    public var day: CalendarDay {
        let seconds = localSeconds
        return CalendarDay(dayNumber: seconds >= 0 ? seconds / 86_400 : -((86_399 - seconds) / 86_400))
    }

    /// ISO 8601 with the local offset, as `ISO8601DateFormatter` writes it: `2026-12-03T12:20:22+01:00`, or
    /// `2026-12-03T11:20:22Z` at offset 0.
    public var iso8601: String {
        let secondsOfDay = localSeconds - day.dayNumber * 86_400
        let time = [secondsOfDay / 3600, secondsOfDay / 60 % 60, secondsOfDay % 60].map { $0.zeroPadded(2) }
        return "\(day)T" + time.joined(separator: ":") + offsetText
    }

    private var offsetText: String {
        guard utcOffsetSeconds != 0 else { return "Z" }
        let minutes = abs(utcOffsetSeconds) / 60
        return (utcOffsetSeconds < 0 ? "-" : "+") + (minutes / 60).zeroPadded(2) + ":" + (minutes % 60).zeroPadded(2)
    }
}
