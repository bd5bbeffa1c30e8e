import Foundation
import RetroWalkCore
import Testing

@Suite("LocalTime: the walker's day and start time without ICU")
struct LocalTimeTests {
    @Test("the day is the local one: 1970-01-01T00:00Z is 31 December in New York and 1 January in Tokyo")
    func localDay() {
        #expect(LocalTime(epochSeconds: 0, utcOffsetSeconds: -5 * 3600).day.description == "1969-12-31")
        #expect(LocalTime(epochSeconds: 0, utcOffsetSeconds: 9 * 3600).day.description == "1970-01-01")
        #expect(LocalTime(epochSeconds: -1, utcOffsetSeconds: 0).day.description == "1969-12-31")
        #expect(LocalTime(epochSeconds: 1_796_296_822, utcOffsetSeconds: 0).day.description == "2026-12-03")
        #expect(LocalTime(epochSeconds: 1_796_296_822, utcOffsetSeconds: 13 * 3600).day.description == "2026-12-04")
    }

    @Test("the start time is written as Foundation's ISO8601DateFormatter writes it, for every kind of offset")
    func iso8601MatchesFoundation() throws {
        let moments = [0, -1, 59, 951_782_400, 1_796_296_822, 4_102_444_799]
        let offsets = [0, 3600, -5 * 3600, 5 * 3600 + 1800, -(3 * 3600 + 1800), 13 * 3600 + 45 * 60, -12 * 3600]
        for seconds in moments {
            for offset in offsets {
                let formatter = ISO8601DateFormatter()
                formatter.timeZone = try #require(TimeZone(secondsFromGMT: offset))
                let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
                #expect(LocalTime(epochSeconds: seconds, utcOffsetSeconds: offset).iso8601 == expected)
            }
        }
    }
}
