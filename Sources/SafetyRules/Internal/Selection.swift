/// The k-th smallest of a series without sorting all of it (Hoare's FIND, in Wirth's formulation).
///
/// A median of 45,000 intervals by `sorted()` cost 2 ms, most of `analyze`'s uncorrected measures; selection touches
/// each value a few times. The pivot is the median of the range's first, middle and last values, and after
/// 2 log₂ n rounds that did not finish, the range left is sorted, so no order of the input makes it quadratic.
enum Selection {
    /// Rearranges `values` so that `values[k]` holds what a sort would put there, with no larger value before it
    /// and no smaller one after it.
    ///
    /// - Precondition: `values.indices` contains `k`.
    static func select(_ k: Int, in values: inout [Double]) {
        precondition(values.indices.contains(k), "selection of rank \(k) among \(values.count) values")
        values.withUnsafeMutableBufferPointer { buffer in
            var low = 0
            var high = buffer.count - 1
            var rounds = 2 * (Int.bitWidth - buffer.count.leadingZeroBitCount)
            while low < high {
                guard rounds > 0 else {
                    buffer[low...high].sort()
                    return
                }
                rounds -= 1
                let pivot = medianOfThree(buffer[low], buffer[low + (high - low) / 2], buffer[high])
                // The pivot is one of the range's values, so each scan stops inside the range; after a swap the
                // swapped values stop the next scans.
                var i = low
                var j = high
                repeat {
                    while buffer[i] < pivot { i += 1 }
                    while pivot < buffer[j] { j -= 1 }
                    if i <= j {
                        buffer.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                } while i <= j
                if j < k { low = i }
                if k < i { high = j }
            }
        }
    }

    /// The median of `values`: the middle value, or the mean of the two middle values for an even count.
    ///
    /// - Parameter values: At least one value; reordered.
    static func median(of values: inout [Double]) -> Double {
        let upper = values.count / 2
        select(upper, in: &values)
        guard values.count % 2 == 0 else { return values[upper] }
        // After the selection every value below `upper` is at most values[upper]: the largest of them is the other
        // middle value.
        var lower = values[0]
        for index in 1..<upper where values[index] > lower { lower = values[index] }
        return (lower + values[upper]) / 2
    }

    private static func medianOfThree(_ a: Double, _ b: Double, _ c: Double) -> Double {
        max(min(a, b), min(max(a, b), c))
    }
}
