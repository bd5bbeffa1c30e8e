import RetroWalkCore
import Testing

@testable import SafetyRules

@Suite("Selection: the k-th smallest without a sort")
struct SelectionTests {
    /// Series that break naive pivots: sorted, reversed, all equal, organ pipe, few distinct values, random.
    static func series(count: Int, seed: UInt64) -> [[Double]] {
        var generator = SplitMix64(seed: seed)
        let random = (0..<count).map { _ in Double(generator.next() % 2_000) / 2 }
        let sorted = random.sorted()
        return [
            random, sorted, Array(sorted.reversed()), Array(repeating: 812.5, count: count),
            (0..<count).map { Double(min($0, count - 1 - $0)) },
            (0..<count).map { Double($0 % 3) }, sorted + sorted,
        ]
    }

    @Test("every rank of every series holds what a sort puts there, nothing larger before it, nothing smaller after")
    func matchesSort() {
        for count in [1, 2, 3, 7, 64, 501] {
            for values in Self.series(count: count, seed: UInt64(count)) {
                let sorted = values.sorted()
                for k in Set([0, values.count / 2, values.count - 1, values.count / 3]) {
                    var copy = values
                    Selection.select(k, in: &copy)
                    #expect(copy[k] == sorted[k])
                    #expect(copy[..<k].allSatisfy { $0 <= copy[k] } && copy[(k + 1)...].allSatisfy { $0 >= copy[k] })
                    #expect(copy.sorted() == sorted)
                }
            }
        }
    }

    @Test("the median is the middle value, or the mean of the two middle values")
    func median() {
        for count in [1, 2, 3, 4, 100, 101] {
            for values in Self.series(count: count, seed: 7) {
                let sorted = values.sorted()
                let expected =
                    sorted.count % 2 == 1
                    ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
                var copy = values
                #expect(Selection.median(of: &copy) == expected)
            }
        }
    }
}
