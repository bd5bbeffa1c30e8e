/// The RR-irregularity metrics of Dash et al. (2009) over one window of ectopic-free RR intervals (rule R8).
///
/// Dash S, Chon KH, Lu S, Raeder EA. "Automatic real time detection of atrial fibrillation." Ann Biomed Eng
/// 2009;37(9):1701–1709. The definitions follow the open implementations of the paper
/// (KhanhLinh-2904/Automatic_AF_Detection: `rootMeanSquareSuccessiveDifferences.py`, `shannonEntropy.py`,
/// `turningPointRatio.py`, `assignLabel.py`):
///
/// - normalised RMSSD = √(Σ (RRᵢ₊₁ − RRᵢ)² / (l − 1)) / mean RR, over the whole window of l intervals;
/// - Shannon entropy: the l/16 longest and l/16 shortest intervals are dropped (8 and 8 of 128), the rest go into
///   a 16-bin histogram spanning their range, pᵢ = countᵢ / (l − 2·l/16), and
///   ShE = Σ pᵢ · ln pᵢ / ln(1/16), which lies in 0…1;
/// - turning-point ratio = the number of interior intervals that are a strict local maximum or minimum, divided
///   by l − 2 (the expected value for a random series is 2/3).
///
/// R8 holds when nRMSSD > 0.1, ShE > 0.7 and 0.54 < TPR < 0.77 (the defaults of `r8.*`).
public struct IrregularityMetrics: Sendable, Hashable {
    /// Intervals in the window.
    public var beats: Int
    /// RMSSD divided by the mean RR.
    public var normalisedRMSSD: Double
    /// Shannon entropy of the 16-bin histogram, 0…1.
    public var shannonEntropy: Double
    /// Turning points per interior interval.
    public var turningPointRatio: Double

    /// Creates metrics from their values.
    public init(beats: Int, normalisedRMSSD: Double, shannonEntropy: Double, turningPointRatio: Double) {
        self.beats = beats
        self.normalisedRMSSD = normalisedRMSSD
        self.shannonEntropy = shannonEntropy
        self.turningPointRatio = turningPointRatio
    }

    /// Computes the metrics of a window.
    ///
    /// - Parameter window: At least 3 RR intervals, ms, in order, ectopic beats already removed.
    public init(window: [Double]) {
        precondition(window.count >= 3, "the irregularity metrics need at least 3 intervals")
        var sum = 0.0
        var squares = 0.0
        var turningPoints = 0
        for index in window.indices {
            sum += window[index]
            if index > 0 { squares += (window[index] - window[index - 1]) * (window[index] - window[index - 1]) }
            if index > 0, index + 1 < window.count,
                Self.isTurningPoint(window[index - 1], window[index], window[index + 1])
            {
                turningPoints += 1
            }
        }
        let sorted = window.sorted()
        self.init(
            beats: window.count,
            normalisedRMSSD: Self.normalisedRMSSD(sumOfSquares: squares, sum: sum, count: window.count),
            shannonEntropy: Self.shannonEntropy(count: sorted.count) { sorted[$0] },
            turningPointRatio: Double(turningPoints) / Double(window.count - 2))
    }

    /// Whether the three thresholds of R8 hold.
    public func isAFLike(settings: RuleSettings = .defaults) -> Bool {
        normalisedRMSSD > settings.r8NormalisedRMSSD && shannonEntropy > settings.r8ShannonEntropy
            && turningPointRatio > settings.r8TurningPointLow && turningPointRatio < settings.r8TurningPointHigh
    }

    static func isTurningPoint(_ before: Double, _ value: Double, _ after: Double) -> Bool {
        (value > before && value > after) || (value < before && value < after)
    }

    static func normalisedRMSSD(sumOfSquares: Double, sum: Double, count: Int) -> Double {
        let mean = sum / Double(count)
        return (sumOfSquares / Double(count - 1)).squareRoot() / mean
    }

    /// Dash's entropy from the window's values in ascending order (`sortedValue(rank)`).
    static func shannonEntropy(count: Int, sortedValue: (Int) -> Double) -> Double {
        let bins = 16
        let trim = count / bins
        let kept = count - 2 * trim
        guard kept > 0 else { return 0 }
        let low = sortedValue(trim)
        let high = sortedValue(count - trim - 1)
        guard high > low else { return 0 }
        var histogram = [Int](repeating: 0, count: bins)
        for rank in trim..<(count - trim) {
            histogram[min(bins - 1, Int((sortedValue(rank) - low) / (high - low) * Double(bins)))] += 1
        }
        var entropy = 0.0
        for binCount in histogram where binCount > 0 {
            let p = Double(binCount) / Double(kept)
            entropy -= p * Logarithm.natural(p)
        }
        return entropy / Logarithm.natural(Double(bins))
    }
}

/// The metrics of R8 over the last `capacity` ectopic-free intervals, updated interval by interval.
///
/// Running sums (mean, successive squared differences, turning points) and a sorted copy make each update cost a
/// constant plus one sorted insertion; the entropy histogram is built only when the cheaper two metrics already
/// point to AF. The sums are recomputed from the values every `capacity` updates, so rounding cannot drift.
struct IrregularityWindow: Sendable {
    private var values: RingBuffer<Double>
    private var turning: RingBuffer<Bool>
    private var sorted: SortedWindow
    private var sum = 0.0
    private var squares = 0.0
    private var turningPoints = 0
    private var sinceRefresh = 0

    init(capacity: Int) {
        let size = max(3, capacity)
        values = RingBuffer(capacity: size, filler: 0)
        turning = RingBuffer(capacity: size, filler: false)
        sorted = SortedWindow(capacity: size)
    }

    var isFull: Bool { values.isFull }

    mutating func append(_ value: Double) {
        if values.isFull {
            let oldest = values[0]
            let next = values[1]
            squares -= (next - oldest) * (next - oldest)
            sum -= oldest
            if turning[1] { turningPoints -= 1 }
            values.removeFirst()
            turning.removeFirst()
        }
        if let last = values.last {
            squares += (value - last) * (value - last)
            if values.count >= 2 {
                let isTurning = IrregularityMetrics.isTurningPoint(values[values.count - 2], last, value)
                turning[turning.count - 1] = isTurning
                if isTurning { turningPoints += 1 }
            }
        }
        values.append(value)
        turning.append(false)
        sum += value
        sorted.append(value)
        sinceRefresh += 1
        if sinceRefresh >= values.capacity { refresh() }
    }

    mutating func removeAll() {
        values.removeAll()
        turning.removeAll()
        sorted.removeAll()
        (sum, squares, turningPoints, sinceRefresh) = (0, 0, 0, 0)
    }

    /// The metrics, once the window is full.
    var metrics: IrregularityMetrics? {
        guard isFull else { return nil }
        return IrregularityMetrics(
            beats: values.count,
            normalisedRMSSD: IrregularityMetrics.normalisedRMSSD(sumOfSquares: squares, sum: sum, count: values.count),
            shannonEntropy: IrregularityMetrics.shannonEntropy(count: sorted.count) { sorted.value(atRank: $0) },
            turningPointRatio: Double(turningPoints) / Double(values.count - 2))
    }

    /// Whether R8's condition holds on a full window (the entropy is computed last, only when needed).
    func isAFLike(settings: RuleSettings) -> Bool {
        guard isFull else { return false }
        let count = values.count
        let rmssd = IrregularityMetrics.normalisedRMSSD(sumOfSquares: squares, sum: sum, count: count)
        let ratio = Double(turningPoints) / Double(count - 2)
        guard rmssd > settings.r8NormalisedRMSSD, ratio > settings.r8TurningPointLow,
            ratio < settings.r8TurningPointHigh
        else { return false }
        return IrregularityMetrics.shannonEntropy(count: sorted.count) { sorted.value(atRank: $0) }
            > settings.r8ShannonEntropy
    }

    private mutating func refresh() {
        sinceRefresh = 0
        sum = 0
        squares = 0
        for offset in 0..<values.count {
            sum += values[offset]
            if offset > 0 { squares += (values[offset] - values[offset - 1]) * (values[offset] - values[offset - 1]) }
        }
    }
}
