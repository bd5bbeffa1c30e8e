/// A wall-clock instant as sessions store it: ISO 8601 with its UTC offset (`2026-11-21T10:00:00+01:00`).
///
/// Pure arithmetic on the text (days from the civil date, after H. Hinnant's `days_from_civil`), so that the
/// report and the export writers need no clock, no time-zone database and no Foundation.
public struct WallTime: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z (may carry a fraction).
    public var unixSeconds: Double
    /// The local offset from UTC, seconds (`+01:00` is 3600).
    public var offsetSeconds: Int

    /// Seconds between the Unix epoch and the FIT epoch, 1989-12-31T00:00:00Z.
    public static let fitEpochUnixSeconds: Double = 631_065_600

    /// Creates an instant.
    public init(unixSeconds: Double, offsetSeconds: Int) {
        self.unixSeconds = unixSeconds
        self.offsetSeconds = offsetSeconds
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM|±HHMM)`; no zone is read as UTC.
    ///
    /// - Returns: `nil` when the text is not of that form.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 19, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54 || bytes[10] == 0x20,
            bytes[13] == 0x3A, bytes[16] == 0x3A,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            var scale = 0.1
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < bytes.count {
            let sign = bytes[index]
            if sign == 0x5A, index + 1 == bytes.count {
                offset = 0
            } else if sign == 0x2B || sign == 0x2D {
                let rest = bytes.count - index - 1
                let hours: Int?
                let minutes: Int?
                if rest == 5, bytes[index + 3] == 0x3A {
                    (hours, minutes) = (number((index + 1)..<(index + 3)), number((index + 4)..<(index + 6)))
                } else if rest == 4 {
                    (hours, minutes) = (number((index + 1)..<(index + 3)), number((index + 3)..<(index + 5)))
                } else if rest == 2 {
                    (hours, minutes) = (number((index + 1)..<(index + 3)), 0)
                } else {
                    return nil
                }
                guard let hours, let minutes else { return nil }
                offset = (hours * 3600 + minutes * 60) * (sign == 0x2D ? -1 : 1)
            } else {
                return nil
            }
        }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let local = Double(days * 86400 + hour * 3600 + minute * 60 + second) + fraction
        unixSeconds = local - Double(offset)
        offsetSeconds = offset
    }

    /// The instant `seconds` later, in the same offset.
    public func adding(seconds: Double) -> WallTime {
        WallTime(unixSeconds: unixSeconds + seconds, offsetSeconds: offsetSeconds)
    }

    /// Whole seconds since the FIT epoch (1989-12-31T00:00:00Z), rounded down.
    public var fitTimestamp: UInt32 {
        UInt32(clamping: Int64((unixSeconds - Self.fitEpochUnixSeconds).rounded(.down)))
    }

    /// ISO 8601 in local time with the offset, whole seconds: `2026-11-21T10:13:00+01:00`.
    public var localISO: String {
        let (date, time) = Self.civil(unixSeconds + Double(offsetSeconds))
        return "\(date)T\(time)" + Self.offsetText(offsetSeconds)
    }

    /// ISO 8601 in UTC with milliseconds: `2026-11-21T09:13:00.250Z` (TCX times).
    public var utcISOMilliseconds: String {
        let millis = Int64((unixSeconds * 1000).rounded())
        var whole = millis / 1000
        if millis % 1000 < 0 { whole -= 1 }
        let (date, time) = Self.civil(Double(whole))
        return "\(date)T\(time).\(Self.pad(Int(millis - whole * 1000), 3))Z"
    }

    /// ISO 8601 in UTC, whole seconds: `2026-11-21T09:13:00Z`.
    public var utcISO: String {
        let (date, time) = Self.civil(unixSeconds)
        return "\(date)T\(time)Z"
    }

    /// Local date and time for people: `2026-11-21 10:13`.
    public var localDateTime: String {
        let (date, time) = Self.civil(unixSeconds + Double(offsetSeconds))
        return "\(date) \(time.prefix(5))"
    }

    /// The local calendar date, `2026-11-21`.
    public var localDate: String { Self.civil(unixSeconds + Double(offsetSeconds)).date }

    public static func < (lhs: WallTime, rhs: WallTime) -> Bool { lhs.unixSeconds < rhs.unixSeconds }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// `YYYY-MM-DD` and `HH:MM:SS` of a count of seconds since the epoch (in whatever frame it is given).
    static func civil(_ seconds: Double) -> (date: String, time: String) {
        let total = Int64(seconds.rounded(.down))
        var days = total / 86400
        var rest = total % 86400
        if rest < 0 {
            rest += 86400
            days -= 1
        }
        let z = Int(days) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let r = Int(rest)
        return (
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))",
            "\(pad(r / 3600, 2)):\(pad(r / 60 % 60, 2)):\(pad(r % 60, 2))"
        )
    }

    static func offsetText(_ offset: Int) -> String {
        let magnitude = abs(offset)
        return (offset < 0 ? "-" : "+") + "\(pad(magnitude / 3600, 2)):\(pad(magnitude / 60 % 60, 2))"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
