import RetroWalkCore
import Testing

@Suite("Calendar days")
struct CalendarDayTests {
    @Test(
        "days count from 1970-01-01 and print as ISO dates",
        arguments: [
            ("1970-01-01", 0), ("1969-12-31", -1), ("2000-03-01", 11017), ("2024-02-29", 19782),
            ("2026-11-14", 20771), ("1600-03-01", -135080),
        ])
    func dayNumbers(iso: String, number: Int) throws {
        let day = try #require(CalendarDay(iso: iso))
        #expect(day.dayNumber == number)
        #expect(day.description == iso)
        #expect(CalendarDay(dayNumber: number) == day)
    }

    @Test("the date part of a timestamp is read as written, whatever its offset")
    func timestamps() {
        #expect(CalendarDay(iso: "2026-11-14T23:30:00+01:00")?.description == "2026-11-14")
        #expect(CalendarDay(iso: "2026-11-14T00:10:00Z")?.description == "2026-11-14")
        #expect(CalendarDay(iso: "2026-11-14 08:00:00")?.description == "2026-11-14")
    }

    @Test(
        "texts that are not a valid day are refused",
        arguments: ["", "2026-11", "2026-13-01", "2026-02-29", "2026-04-31", "20261114", "2026-11-1a", "2026-11-14x"])
    func invalid(text: String) {
        #expect(CalendarDay(iso: text) == nil)
    }

    @Test("every day of 400 years round-trips through its components")
    func roundTrip() throws {
        let first = try #require(CalendarDay(iso: "1900-01-01"))
        var previous = first.components
        for offset in 1...146_097 {
            let day = first.adding(days: offset)
            let (year, month, dayOfMonth) = day.components
            #expect(CalendarDay(year: year, month: month, day: dayOfMonth) == day)
            // Consecutive days: the next day of the month, or the first of the next month or year.
            let continues =
                (year == previous.year && month == previous.month && dayOfMonth == previous.day + 1)
                || (dayOfMonth == 1
                    && ((year == previous.year && month == previous.month + 1)
                        || (year == previous.year + 1 && month == 1 && previous.month == 12)))
            if !continues {
                Issue.record("\(day) does not follow \(previous)")
                return
            }
            previous = (year, month, dayOfMonth)
        }
        #expect(first.days(to: first.adding(days: 146_097)) == 146_097)
        #expect(first.adding(days: 146_097).description == "2300-01-01")
    }
}
