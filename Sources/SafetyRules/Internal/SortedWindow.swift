/// The last `capacity` values of a series, kept both in arrival order and sorted.
///
/// Appending inserts by binary search and evicts the oldest value the same way, so medians and quartiles over a
/// sliding window cost one search and one short move per value instead of a sort.
struct SortedWindow: Sendable {
    private var arrival: RingBuffer<Double>
    private var sorted: ContiguousArray<Double>

    /// Creates an empty window.
    init(capacity: Int) {
        arrival = RingBuffer(capacity: max(1, capacity), filler: 0)
        sorted = []
        sorted.reserveCapacity(max(1, capacity))
    }

    /// How many values the window holds.
    var count: Int { sorted.count }
    /// The most values the window holds.
    var capacity: Int { arrival.capacity }
    /// Whether the window is full.
    var isFull: Bool { arrival.isFull }

    /// Appends a value, evicting the oldest when the window is full.
    mutating func append(_ value: Double) {
        if let evicted = arrival.append(value) { sorted.remove(at: index(of: evicted)) }
        sorted.insert(value, at: insertionIndex(of: value))
    }

    /// Removes the oldest value.
    mutating func removeOldest() {
        guard !arrival.isEmpty else { return }
        sorted.remove(at: index(of: arrival.removeFirst()))
    }

    /// Forgets every value.
    mutating func removeAll() {
        arrival.removeAll()
        sorted.removeAll(keepingCapacity: true)
    }

    /// The `rank`-th smallest value (0 is the smallest).
    func value(atRank rank: Int) -> Double { sorted[rank] }

    /// The value in arrival order, 0 being the oldest.
    func value(atArrival offset: Int) -> Double { arrival[offset] }

    /// The median (mean of the two middle values for an even count); 0 when empty.
    var median: Double { quantile(0.5) }

    /// The `q`-quantile with linear interpolation between ranks (NumPy's and pandas' default, "linear"):
    /// position `q × (n − 1)`; 0 when empty.
    func quantile(_ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position)
        let fraction = position - Double(lower)
        guard lower + 1 < sorted.count, fraction > 0 else { return sorted[lower] }
        return sorted[lower] + fraction * (sorted[lower + 1] - sorted[lower])
    }

    /// Calls `body` with the values of ranks `range`, smallest first.
    func forEachSorted(in range: Range<Int>, _ body: (Double) -> Void) {
        for rank in range { body(sorted[rank]) }
    }

    private func insertionIndex(of value: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func index(of value: Double) -> Int {
        let index = insertionIndex(of: value)
        precondition(index < sorted.count && sorted[index] == value, "a sorted window lost track of a value")
        return index
    }
}
