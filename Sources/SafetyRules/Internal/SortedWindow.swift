/// The last `capacity` values of a series, kept both in arrival order and sorted.
///
/// Appending finds the new value's rank by binary search and, when the window is full, moves only the values
/// between the evicted value's rank and the new one's by one place (the two usually sit close), so medians and
/// quartiles over a sliding window cost two searches and a short move per value instead of a sort. The searches
/// are branch-free: their comparisons fall at random, and a mispredicted branch per step cost more than the step
/// (`retrowalk analyze`'s Lipponen–Tarvainen windows spent a third of their time there).
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
        guard let evicted = arrival.append(value) else {
            sorted.insert(value, at: insertionIndex(of: value))
            return
        }
        let from = index(of: evicted)
        // Where the value goes once the evicted one is out: ranks above `from` move down by one.
        var to = insertionIndex(of: value)
        if to > from { to -= 1 }
        sorted.withUnsafeMutableBufferPointer { values in
            guard let base = values.baseAddress else { return }
            // Overlapping moves: `copyMemory` is memmove.
            let size = MemoryLayout<Double>.stride
            if to > from {
                UnsafeMutableRawPointer(base + from).copyMemory(from: base + from + 1, byteCount: (to - from) * size)
            } else if to < from {
                UnsafeMutableRawPointer(base + to + 1).copyMemory(from: base + to, byteCount: (from - to) * size)
            }
            base[to] = value
        }
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

    /// The rank of the first value not below `value` (the count when all are below).
    private func insertionIndex(of value: Double) -> Int {
        sorted.withUnsafeBufferPointer { values in
            guard var base = values.baseAddress, !values.isEmpty else { return 0 }
            let start = base
            var length = values.count
            while length > 1 {
                let half = length / 2
                // A conditional move, not a branch.
                base = base[half - 1] < value ? base + half : base
                length -= half
            }
            return base - start + (base[0] < value ? 1 : 0)
        }
    }

    private func index(of value: Double) -> Int {
        let index = insertionIndex(of: value)
        precondition(index < sorted.count && sorted[index] == value, "a sorted window lost track of a value")
        return index
    }
}
