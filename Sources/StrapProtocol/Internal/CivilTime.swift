import RetroWalkCore

/// Calendar arithmetic for the recording readers, without Foundation: ISO 8601 timestamps to and from seconds since
/// the Unix epoch (1970-01-01T00:00:00Z), proleptic Gregorian calendar, UTC.
///
/// The day counts are ``CalendarDay``'s (Howard Hinnant's `days_from_civil` / `civil_from_days`).
enum CivilTime {
    /// Seconds between the Unix epoch and the FIT epoch, 1989-12-31T00:00:00Z (FIT `date_time` counts from there).
    static let fitEpochOffset: Int64 = 631_065_600

    /// `YYYY-MM-DDTHH:MM:SSZ` for whole seconds since the Unix epoch.
    static func iso8601(unixSeconds: Int64) -> String {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let secondOfDay = unixSeconds - days * 86_400
        let (year, month, day) = CalendarDay(dayNumber: Int(days)).components
        return pad(Int64(year), 4) + "-" + pad(Int64(month), 2) + "-" + pad(Int64(day), 2) + "T"
            + pad(secondOfDay / 3600, 2) + ":"
            + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2) + "Z"
    }

    /// A moment as whole seconds since the Unix epoch plus a fraction of a second, kept apart so that differences
    /// between nearby moments are exact to the digits written (a `Double` of ~1.7e9 s keeps only ~0.2 µs).
    struct Moment: Hashable, Comparable {
        var seconds: Int64
        var fraction: Double

        /// Seconds from `earlier` to this moment.
        func seconds(since earlier: Moment) -> Double {
            Double(seconds - earlier.seconds) + (fraction - earlier.fraction)
        }

        static func < (lhs: Moment, rhs: Moment) -> Bool {
            (lhs.seconds, lhs.fraction) < (rhs.seconds, rhs.fraction)
        }
    }

    /// The moment of an ISO 8601 date-time:
    /// `YYYY-MM-DDTHH:MM:SS`, optional fraction `.f…`, optional zone `Z`, `±HH:MM`, `±HHMM` or `±HH`
    /// (no zone means UTC, as TCX times are).
    ///
    /// - Returns: The moment, or `nil` when the text is not in that form or a field is out of range.
    static func moment(iso8601 text: ArraySlice<UInt8>) -> Moment? {
        let bytes = Array(text)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2),
            let hour = digits(bytes, 11, 2), let minute = digits(bytes, 14, 2), let second = digits(bytes, 17, 2),
            let date = CalendarDay(year: Int(year), month: Int(month), day: Int(day)), hour <= 23, minute <= 59,
            second <= 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            // Digits as mantissa / 10^k, one correctly rounded division (so ".123" is exactly the double 0.123).
            var mantissa = 0.0
            var scale = 1.0
            for digit in bytes[start..<min(index, start + 15)] {
                mantissa = mantissa * 10 + Double(digit - 0x30)
                scale *= 10
            }
            fraction = mantissa / scale
            guard index > start else { return nil }
        }
        var offsetSeconds: Int64 = 0
        if index < bytes.count {
            let sign = bytes[index]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                index += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard let hours = digits(bytes, index + 1, 2), hours <= 23 else { return nil }
                var minutes: Int64 = 0
                index += 3
                if index < bytes.count {
                    if bytes[index] == UInt8(ascii: ":") { index += 1 }
                    guard let parsed = digits(bytes, index, 2), parsed <= 59 else { return nil }
                    minutes = parsed
                    index += 2
                }
                offsetSeconds = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        let whole = Int64(date.dayNumber) * 86_400 + hour * 3600 + minute * 60 + second
        return Moment(seconds: whole - offsetSeconds, fraction: fraction)
    }

    private static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        guard start >= 0, start + count <= bytes.count else { return nil }
        var value: Int64 = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
