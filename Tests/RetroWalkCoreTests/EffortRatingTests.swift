import RetroWalkCore
import Testing

@Suite("Effort ratings")
struct EffortRatingTests {
    @Test(
        "Borg 6–20 follows the ACSM classes of SAFETY.md 1.3",
        arguments: [
            (6, EffortIntensity.veryLight), (8, .veryLight), (9, .light), (11, .light), (12, .moderate),
            (13, .moderate), (14, .vigorous), (17, .vigorous), (18, .nearMaximal), (20, .nearMaximal),
        ])
    func borg(value: Int, intensity: EffortIntensity) throws {
        let rating = try #require(EffortRating(value: value, scale: .borg))
        #expect(rating.intensity == intensity)
        #expect(rating.intensity.isEasy == (value <= 11))
    }

    @Test(
        "CR10 is matched to the classes by its verbal anchors",
        arguments: [
            (0, EffortIntensity.veryLight), (1, .light), (2, .light), (3, .moderate), (4, .moderate),
            (5, .vigorous), (8, .vigorous), (9, .nearMaximal), (10, .nearMaximal),
        ])
    func cr10(value: Int, intensity: EffortIntensity) throws {
        let rating = try #require(EffortRating(value: value, scale: .cr10))
        #expect(rating.intensity == intensity)
        #expect(rating.intensity.isEasy == (value <= EffortScale.cr10.easyLimit))
    }

    @Test("a value outside its scale is no rating")
    func outOfRange() {
        #expect(EffortRating(value: 5, scale: .borg) == nil)
        #expect(EffortRating(value: 21, scale: .borg) == nil)
        #expect(EffortRating(value: -1, scale: .cr10) == nil)
        #expect(EffortRating(value: 11, scale: .cr10) == nil)
        #expect(EffortScale(rawValue: "borg") == .borg)
        #expect(EffortScale(rawValue: "cr10") == .cr10)
    }
}
