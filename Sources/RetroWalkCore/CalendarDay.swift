/// A day of the proleptic Gregorian calendar, without a time or a time zone (`2026-11-14`).
///
/// Progression counts sessions and weeks in days; the caller decides which day a session belongs to (the
/// session store takes the date part of the recorded local start time) and which day "today" is. Nothing here
/// reads a clock.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let dayNumber: Int

    /// Creates the day with this number of days since 1970-01-01.
    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// Creates a day from its year, month (1–12) and day of the month; `nil` when no such day exists.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        // Days from civil (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        dayNumber = era * 146_097 + dayOfEra - 719_468
    }

    /// Reads the date at the start of an ISO 8601 text: `2026-11-14` or `2026-11-14T10:00:00+01:00` (the date
    /// part as written, whatever the offset); `nil` when it does not start with a valid `YYYY-MM-DD`.
    public init?(iso text: String) {
        let characters = Array(text.utf8.prefix(11))
        guard characters.count >= 10, characters[4] == UInt8(ascii: "-"), characters[7] == UInt8(ascii: "-"),
            characters.count == 10 || characters[10] == UInt8(ascii: "T") || characters[10] == UInt8(ascii: " ")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for character in characters[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(character) else { return nil }
                value = value * 10 + Int(character - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The year, month (1–12) and day of the month.
    public var components: (year: Int, month: Int, day: Int) {
        // Civil from days (the inverse of the algorithm in `init(year:month:day:)`).
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDay { CalendarDay(dayNumber: dayNumber + days) }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: CalendarDay) -> Int { other.dayNumber - dayNumber }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = components
        return "\(year.zeroPadded(4))-\(month.zeroPadded(2))-\(day.zeroPadded(2))"
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.dayNumber < rhs.dayNumber }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension Int {
    /// The decimal digits with zeros in front up to `width` (`7.zeroPadded(2)` is `07`), for dates and times.
    func zeroPadded(_ width: Int) -> String {
        let digits = String(self)
        return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }
}
