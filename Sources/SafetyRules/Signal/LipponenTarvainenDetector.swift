/// Ectopic-beat and artefact classification of an RR series by Lipponen & Tarvainen (2019), streaming.
///
/// Lipponen JA, Tarvainen MP. "A robust algorithm for heart rate variability time series artefact correction
/// using novel beat classification." J Med Eng Technol 2019;43(3):173–181, doi 10.1080/03091902.2019.1640306.
/// The formulas follow the open implementations of the paper: `systole.detection.rr_artefacts` (Legrand,
/// embodied-computation-group/systole) and `_find_artifacts` in NeuroKit2's `signal_fixpeaks.py` (its decision
/// flow, which follows the paper's Figure 1):
///
/// - dRR(j) = RR(j) − RR(j−1); threshold Th1(j) = α × QD(|dRR|), QD the quartile deviation (Q3 − Q1)/2 over a
///   window of `lipponen_window_beats` (91) values; the normalised dRR is s11 = dRR / Th1.
/// - s12(j) = max(s11(j−1), s11(j+1)) when s11(j) > 0, else the min; s22(j) = min(s11(j+1), s11(j+2)) when
///   s11(j) ≥ 0, else the max.
/// - medRR(j) = median of the 11 RR centred on j; mRR(j) = RR(j) − medRR(j), doubled when negative;
///   Th2(j) = α × QD(|mRR|) over the same window length; the normalised mRR is mRR / Th2.
/// - A beat is examined when |s11| > 1 or |mRR|/Th2 > 3 (the mRR test applies to every beat, as in `systole`;
///   NeuroKit2 examines only |s11| > 1, which lets the middle beats of a run of premature beats pass as normal),
///   or when the beat before it asked for it (below). An examined beat is ectopic if (s11 > 1 and
///   s12 < −c1·s11 − c2) or (s11 < −1 and s12 > −c1·s11 + c2); otherwise a long/short candidate if (s11 > 1 and
///   s22 < −1) or |mRR|/Th2 > 3 or (s11 < −1 and s22 > 1). A candidate is an extra beat if it is short by the s22
///   test and |RR(j) + RR(j+1) − medRR(j)| < Th2(j); a missed beat if it is long by the s22 test and
///   |RR(j)/2 − medRR(j)| < Th2(j); else long (RR > medRR) or short. When an examined beat is not ectopic and
///   |s11(j+1)| < |s11(j+2)|, beat j+1 is examined too (NeuroKit2's "check the next beat as well").
/// - As in `systole`, no ectopic beat is called among the first two and last two of a series, and no long or short
///   interval at its first and last.
///
/// Streaming: the paper's quartile-deviation windows are centred; here each window is the 91 values *ending at*
/// the beat being normalised, so that a beat's class never waits for 45 later beats. A beat is classified once the
/// 5 beats after it are known (the centred 11-beat median needs them; s22 needs 2, the extra-beat test 1): the
/// latency is ``latencyBeats`` = 5 beats, about 3–5 s at walking rates. While fewer than ``warmUpBeats`` values
/// exist, the thresholds of the first beats use the first ``warmUpBeats`` values (so the first classes come after
/// about 21 beats). A quartile deviation is never taken below half the RR resolution of the wire (1/2048 s), so a
/// perfectly constant series (a synthetic one) does not divide by zero. Batch use is the same code run to the end
/// (``finish()``), where the last beats' medians use the beats there are (pandas' `min_periods=1`); a series of
/// at most ``warmUpBeats`` beats is too short for the thresholds and comes back all normal.
public struct LipponenTarvainenDetector: Sendable {
    /// Beats after a beat that must be known before it is classified.
    public static let latencyBeats = 5
    /// Values the thresholds need before the first classification.
    public static let warmUpBeats = 16
    /// The lowest quartile deviation used, ms (half of 1/1024 s).
    static let quartileDeviationFloor = 1000.0 / 2048
    private static let medianHalfWidth = 5
    private static let slotCount = 256

    /// Threshold multiplier α.
    public let alpha: Double
    /// Decision-boundary slope c1.
    public let c1: Double
    /// Decision-boundary intercept c2.
    public let c2: Double
    /// Quartile-deviation window, beats.
    public let windowBeats: Int

    private struct Slot: Sendable {
        var rr = 0.0
        var time = 0.0
        var dRR = 0.0
        var s11 = 0.0
        var median = 0.0
        var mRR = 0.0
        var th2 = 0.0
        var mNormalised = 0.0
        var checkAlso = false
    }

    private var slots = ContiguousArray(repeating: Slot(), count: slotCount)
    private var count = 0
    private var dWindow: SortedWindow
    private var mWindow: SortedWindow
    private var rrWindow = SortedWindow(capacity: 2 * medianHalfWidth + 1)
    private var dNormalised = 0
    private var mComputed = 0
    private var mNormalised = 0
    private var classified = 0
    private var output = RingBuffer(
        capacity: slotCount, filler: ClassifiedBeat(index: 0, time: 0, rrMilliseconds: 0, classification: .normal))

    /// Creates a detector with the paper's defaults or the given constants.
    ///
    /// - Parameters:
    ///   - alpha: Threshold multiplier (5.2).
    ///   - c1: Decision-boundary slope (0.13).
    ///   - c2: Decision-boundary intercept (0.17).
    ///   - windowBeats: Quartile-deviation window (91).
    public init(alpha: Double = 5.2, c1: Double = 0.13, c2: Double = 0.17, windowBeats: Int = 91) {
        self.alpha = alpha
        self.c1 = c1
        self.c2 = c2
        self.windowBeats = max(3, windowBeats)
        dWindow = SortedWindow(capacity: self.windowBeats)
        mWindow = SortedWindow(capacity: self.windowBeats)
    }

    /// Creates a detector from `signal.lipponen_*` settings.
    public init(settings: RuleSettings) {
        self.init(
            alpha: settings.lipponenAlpha, c1: settings.lipponenC1, c2: settings.lipponenC2,
            windowBeats: Int(settings.lipponenWindowBeats))
    }

    private var warmUp: Int { min(Self.warmUpBeats, windowBeats) }

    private subscript(index: Int) -> Slot {
        get { slots[index & (Self.slotCount - 1)] }
        set { slots[index & (Self.slotCount - 1)] = newValue }
    }

    /// Takes the next RR interval of the series; classified beats become available from ``popClassified()``.
    ///
    /// - Parameters:
    ///   - rr: The interval, ms (already within the plausible range).
    ///   - time: When the beat ended, seconds; handed back with its class.
    public mutating func append(rrMilliseconds rr: Double, at time: Double) {
        let n = count
        let dRR = n > 0 ? rr - self[n - 1].rr : 0
        self[n] = Slot(rr: rr, time: time, dRR: dRR)
        if n > 0 { dWindow.append(abs(dRR)) }
        count += 1
        normaliseDifferences(final: false)
        rrWindow.append(rr)
        if n >= Self.medianHalfWidth { computeMedianDeviation(of: n - Self.medianHalfWidth, median: rrWindow.median) }
        normaliseMedianDeviations(final: false)
        classifyReady(final: false)
    }

    /// The next beat whose class is final, oldest first; drain after every ``append(rrMilliseconds:at:)``.
    public mutating func popClassified() -> ClassifiedBeat? {
        output.isEmpty ? nil : output.removeFirst()
    }

    /// Ends the series: classifies the beats still waiting for later ones, then starts a new, empty series.
    public mutating func finish() {
        guard count > warmUp else {
            // Too few beats for the adaptive thresholds: nothing can be called abnormal.
            for index in classified..<count {
                output.append(
                    ClassifiedBeat(
                        index: index, time: self[index].time, rrMilliseconds: self[index].rr, classification: .normal))
            }
            resetSeries()
            return
        }
        normaliseDifferences(final: true)
        for centre in mComputed..<count {
            var window: [Double] = []
            for index in max(0, centre - Self.medianHalfWidth)...min(count - 1, centre + Self.medianHalfWidth) {
                window.append(self[index].rr)
            }
            window.sort()
            let middle = window.count / 2
            let median = window.count % 2 == 1 ? window[middle] : (window[middle - 1] + window[middle]) / 2
            computeMedianDeviation(of: centre, median: median)
            normaliseMedianDeviations(final: false)
        }
        normaliseMedianDeviations(final: true)
        classifyReady(final: true)
        resetSeries()
    }

    /// Forgets the series (after a gap in the data: intervals across it are not successive); beats not yet
    /// classified are dropped, classified ones not yet popped stay available.
    public mutating func reset() { resetSeries() }

    private mutating func resetSeries() {
        count = 0
        dWindow.removeAll()
        mWindow.removeAll()
        rrWindow.removeAll()
        dNormalised = 0
        mComputed = 0
        mNormalised = 0
        classified = 0
    }

    private func threshold(_ window: SortedWindow) -> Double {
        let deviation = (window.quantile(0.75) - window.quantile(0.25)) / 2
        return alpha * max(deviation, Self.quartileDeviationFloor)
    }

    private mutating func normaliseDifferences(final: Bool) {
        guard dNormalised < count, dWindow.count >= warmUp || final else { return }
        let th1 = threshold(dWindow)
        for index in dNormalised..<count { self[index].s11 = self[index].dRR / th1 }
        dNormalised = count
    }

    private mutating func computeMedianDeviation(of index: Int, median: Double) {
        var deviation = self[index].rr - median
        if deviation < 0 { deviation *= 2 }
        self[index].median = median
        self[index].mRR = deviation
        mWindow.append(abs(deviation))
        mComputed = index + 1
    }

    private mutating func normaliseMedianDeviations(final: Bool) {
        guard mNormalised < mComputed, mWindow.count >= warmUp || final else { return }
        let th2 = threshold(mWindow)
        for index in mNormalised..<mComputed {
            self[index].th2 = th2
            self[index].mNormalised = self[index].mRR / th2
        }
        mNormalised = mComputed
    }

    private mutating func classifyReady(final: Bool) {
        while classified < mNormalised {
            let index = classified
            guard final || index + 2 < dNormalised else { return }
            let beat = ClassifiedBeat(
                index: index, time: self[index].time, rrMilliseconds: self[index].rr,
                classification: classify(index, last: final ? count - 1 : nil))
            output.append(beat)
            classified += 1
        }
    }

    /// The decision of the paper's Figure 1 for beat `index`; `last` is the series' last index once it is known.
    private mutating func classify(_ index: Int, last: Int?) -> BeatClass {
        let slot = self[index]
        let s11 = slot.s11
        let hasNext = last.map { index + 1 <= $0 } ?? true
        let hasNextButOne = last.map { index + 2 <= $0 } ?? true
        let previous = index > 0 ? self[index - 1].s11 : 0
        let next = hasNext ? self[index + 1].s11 : 0
        let nextButOne = hasNextButOne ? self[index + 2].s11 : 0
        let farFromMedian = abs(slot.mNormalised) > 3
        guard abs(s11) > 1 || farFromMedian || slot.checkAlso else { return .normal }
        var ectopic = false
        if abs(s11) > 1 {
            let s12 = s11 > 0 ? max(previous, next) : min(previous, next)
            ectopic = (s11 > 1 && s12 < -c1 * s11 - c2) || (s11 < -1 && s12 > -c1 * s11 + c2)
            let atEdge = index < 2 || last.map { index > $0 - 2 } ?? false
            if ectopic && !atEdge { return .ectopic }
        }
        if !ectopic && hasNextButOne && abs(next) < abs(nextButOne) { self[index + 1].checkAlso = true }
        let s22 = s11 >= 0 ? min(next, nextButOne) : max(next, nextButOne)
        let longByShape = s11 > 1 && s22 < -1
        let shortByShape = s11 < -1 && s22 > 1
        guard longByShape || shortByShape || farFromMedian else { return .normal }
        guard index > 0, last.map({ index < $0 }) ?? true else { return .normal }
        if shortByShape, hasNext, abs(slot.rr + self[index + 1].rr - slot.median) < slot.th2 { return .extra }
        if longByShape, abs(slot.rr / 2 - slot.median) < slot.th2 { return .missed }
        return slot.rr > slot.median ? .long : .short
    }
}
