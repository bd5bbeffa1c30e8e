/// Time-domain heart-rate-variability and rhythm metrics of an RR series, in batch (for `retrowalk analyze`).
///
/// Intervals outside `rr_min_ms`…`rr_max_ms` are implausible; the rest are classified by the configured
/// ectopic-beat detector (``EctopicDetector``) and the pattern test of ``RhythmClassifier``. The NN series is the
/// plausible intervals classed normal. The NN time-domain metrics follow the HRV Task Force (1996) as
/// `hrvanalysis.get_time_domain_features` computes them:
///
/// - mean RR and mean HR = mean of 60 000 / NN (not 60 000 / mean RR);
/// - SDNN = sample standard deviation (n − 1) of NN;
/// - RMSSD = √(mean of squared successive differences); pNN50 = 100 × (differences > 50 ms) / differences.
///   A successive difference is taken only between two NN intervals that were adjacent in the recording, so a
///   removed beat never joins its neighbours into a false difference.
///
/// ``allIntervals`` are the same measures over every interval as given, without correction (as NeuroKit2's
/// `hrv_time` and Kubios without artefact correction compute them; ``TimeDomainMetrics``), for comparison with
/// those tools; ``pattern`` is how the premature beats are arranged (``EctopyPattern``).
///
/// The irregularity metrics of R8 (``IrregularityMetrics``) are computed over consecutive windows of
/// `r8.window_beats` NN intervals; ``irregularity`` is the last full window.
public struct RRMetrics: Sendable, Hashable {
    /// Intervals given.
    public var count: Int
    /// Intervals outside the plausible range.
    public var implausibleCount: Int
    /// Intervals per class (of the plausible ones).
    public var classCounts: [BeatClass: Int]
    /// NN intervals (plausible, normal).
    public var normalCount: Int
    /// Mean NN, ms (`nil` without NN).
    public var meanRRMilliseconds: Double?
    /// Mean of 60 000 / NN, bpm.
    public var meanHeartRateBPM: Double?
    /// Standard deviation of NN (n − 1), ms (`nil` below 2 NN).
    public var sdnnMilliseconds: Double?
    /// Root mean square of successive NN differences, ms (`nil` without a difference).
    public var rmssdMilliseconds: Double?
    /// Percentage of successive NN differences above 50 ms.
    public var pnn50Percent: Double?
    /// The R8 metrics of the last full window of NN intervals (`nil` when there are fewer than a window).
    public var irregularity: IrregularityMetrics?
    /// Full windows of NN intervals analysed for R8.
    public var irregularityWindows: Int
    /// Of those, the windows where R8's condition holds.
    public var afLikeWindows: Int

    /// Ectopic beats: the premature beats of the pattern test and the detector's other ectopic calls.
    public var ectopicCount: Int { (classCounts[.ectopic] ?? 0) + (classCounts[.premature] ?? 0) }

    /// Whether R8's condition holds on the last full window.
    public var isAFLike: Bool

    /// The time-domain measures over every interval, uncorrected (`nil` for an empty series).
    public var allIntervals: TimeDomainMetrics?

    /// How the premature beats are arranged.
    public var pattern: EctopyPattern

    /// Premature beats found by the pattern test.
    public var prematureCount: Int { classCounts[.premature] ?? 0 }

    /// Analyses an RR series.
    ///
    /// - Parameters:
    ///   - rrMilliseconds: The intervals in recording order, ms.
    ///   - settings: The plausible range, the ectopic method and R8's window and thresholds.
    public init(rrMilliseconds rr: [Double], settings: RuleSettings = .defaults) {
        count = rr.count
        let plausible = settings.rrMinMs...settings.rrMaxMs
        var classes = [BeatClass?](repeating: nil, count: rr.count)
        let kept = rr.indices.filter { plausible.contains(rr[$0]) }
        implausibleCount = rr.count - kept.count
        let keptClasses = RhythmClassifier.classify(kept.map { rr[$0] }, settings: settings)
        pattern = EctopyPattern(classes: keptClasses)
        allIntervals = TimeDomainMetrics(intervals: rr)
        for (position, kind) in keptClasses.enumerated() {
            classes[kept[position]] = kind
        }
        var counts: [BeatClass: Int] = [:]
        for kind in classes.compactMap({ $0 }) { counts[kind, default: 0] += 1 }
        classCounts = counts

        let isNormal = classes.map { $0 == .normal }
        let nn = rr.indices.filter { isNormal[$0] }.map { rr[$0] }
        normalCount = nn.count
        meanRRMilliseconds = nn.isEmpty ? nil : nn.reduce(0, +) / Double(nn.count)
        meanHeartRateBPM = nn.isEmpty ? nil : nn.map { 60_000 / $0 }.reduce(0, +) / Double(nn.count)
        if let mean = meanRRMilliseconds, nn.count >= 2 {
            let squares = nn.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
            sdnnMilliseconds = (squares / Double(nn.count - 1)).squareRoot()
        }
        var differences: [Double] = []
        for index in rr.indices.dropFirst() where isNormal[index] && isNormal[index - 1] {
            differences.append(rr[index] - rr[index - 1])
        }
        if !differences.isEmpty {
            rmssdMilliseconds = (differences.map { $0 * $0 }.reduce(0, +) / Double(differences.count)).squareRoot()
            pnn50Percent = 100 * Double(differences.filter { abs($0) > 50 }.count) / Double(differences.count)
        }

        let window = max(3, Int(settings.r8WindowBeats))
        var windows = 0
        var afLike = 0
        var last: IrregularityMetrics?
        var start = 0
        while start + window <= nn.count {
            let metrics = IrregularityMetrics(window: Array(nn[start..<(start + window)]))
            windows += 1
            if metrics.isAFLike(settings: settings) { afLike += 1 }
            last = metrics
            start += window
        }
        irregularity = last
        isAFLike = last?.isAFLike(settings: settings) ?? false
        irregularityWindows = windows
        afLikeWindows = afLike
    }
}
