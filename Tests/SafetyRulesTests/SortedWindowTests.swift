import Testing

@testable import SafetyRules

@Suite("SortedWindow: a sliding window kept sorted")
struct SortedWindowTests {
    @Test("after every append and removal the ranks are the sorted last values", arguments: [1, 2, 5, 16, 91])
    func matchesSortedModel(capacity: Int) {
        var window = SortedWindow(capacity: capacity)
        var generator = SystemRandomNumberGenerator()
        var live: [Double] = []  // the model: the window's values in arrival order
        for step in 0..<3_000 {
            // Ties are frequent (25 ms steps), as in RR series; now and then the oldest leaves.
            if step % 37 == 36, !live.isEmpty {
                window.removeOldest()
                live.removeFirst()
            } else {
                let value = Double(Int.random(in: 600...1_000, using: &generator) / 25 * 25)
                window.append(value)
                live.append(value)
                if live.count > capacity { live.removeFirst() }
            }
            let ranks = (0..<window.count).map { window.value(atRank: $0) }
            #expect(ranks == live.sorted(), "step \(step)")
            if ranks != live.sorted() { return }
        }
    }

    @Test("quantiles interpolate linearly between ranks, as NumPy's default")
    func quantiles() {
        var window = SortedWindow(capacity: 4)
        for value in [40.0, 10, 30, 20, 50] { window.append(value) }
        // Holds 10, 20, 30, 50 minus the evicted 40: 10, 20, 30, 50
        #expect((0..<4).map { window.value(atRank: $0) } == [10, 20, 30, 50])
        #expect(window.median == 25)
        #expect(window.quantile(0.25) == 17.5)
        #expect(window.quantile(0.75) == 35)
    }
}
