import RetroWalkTesting
import SafetyRules
import Testing

@Suite("RR metrics")
struct RRMetricsTests {
    @Test("time-domain metrics of a small series, by hand")
    func byHand() {
        // Given 10 RR: mean 801; differences 10 −20 15 −10 20 −30 15 20 −30 (none above 50)
        let rr: [Double] = [800, 810, 790, 805, 795, 815, 785, 800, 820, 790]
        // When
        let metrics = RRMetrics(rrMilliseconds: rr)
        // Then: no beat is flagged, so every interval is NN
        #expect(metrics.count == 10 && metrics.normalCount == 10 && metrics.ectopicCount == 0)
        #expect(metrics.meanRRMilliseconds == 801)
        // SDNN: squared deviations 1 81 121 16 36 196 256 1 361 121 = 1190; √(1190 / 9) = 11.4988
        #expect(abs((metrics.sdnnMilliseconds ?? 0) - (1190.0 / 9).squareRoot()) < 1e-9)
        // RMSSD: squares 100 400 225 100 400 900 225 400 900 = 3650; √(3650 / 9) = 20.1384
        #expect(abs((metrics.rmssdMilliseconds ?? 0) - (3650.0 / 9).squareRoot()) < 1e-9)
        #expect(metrics.pnn50Percent == 0)
        // Mean HR = mean of 60 000 / RR = 74.9202 (hrv-analysis 1.0.6 `get_time_domain_features` gives
        // mean_nni 801.0, sdnn 11.498792, rmssd 20.138410, pnni_50 0.0, mean_hr 74.920215 on the same list)
        #expect(abs((metrics.meanHeartRateBPM ?? 0) - 74.920_215_248_344_59) < 1e-9)
        #expect(metrics.irregularity == nil)
    }

    /// 72 RR from 760 + 45 sin(2πk/12) + 30 ((37k mod 11) − 5)/5 ms, rounded to 0.1 ms.
    static let series: [Double] = [
        730.0, 776.5, 817.0, 781.0, 799.0, 806.5, 742.0, 743.5, 751.0, 703.0, 733.0, 707.5, 754.0, 800.5, 775.0,
        805.0, 823.0, 764.5, 766.0, 767.5, 709.0, 727.0, 691.0, 731.5, 778.0, 758.5, 799.0, 829.0, 781.0, 788.5,
        790.0, 725.5, 733.0, 685.0, 715.0, 755.5, 736.0, 782.5, 823.0, 787.0, 805.0, 812.5, 748.0, 749.5, 691.0,
        709.0, 739.0, 713.5, 760.0, 806.5, 781.0, 811.0, 829.0, 770.5, 772.0, 707.5, 715.0, 733.0, 697.0, 737.5,
        784.0, 764.5, 805.0, 835.0, 787.0, 794.5, 730.0, 731.5, 739.0, 691.0, 721.0, 761.5,
    ]

    @Test("time-domain metrics agree with hrv-analysis on a 72-beat series")
    func agreesWithHrvAnalysis() {
        // hrv-analysis 1.0.6 (PyPI), get_time_domain_features on `series`:
        // mean_nni 759.75, sdnn 39.56871363326775, rmssd 36.63480796905557, pnni_50 12.67605633802817,
        // mean_hr 79.18585200714713
        let metrics = RRMetrics(rrMilliseconds: Self.series)
        #expect(metrics.normalCount == 72)
        #expect(abs((metrics.meanRRMilliseconds ?? 0) - 759.75) < 1e-9)
        #expect(abs((metrics.sdnnMilliseconds ?? 0) - 39.568_713_633_267_75) < 1e-9)
        #expect(abs((metrics.rmssdMilliseconds ?? 0) - 36.634_807_969_055_57) < 1e-9)
        #expect(abs((metrics.pnn50Percent ?? 0) - 12.676_056_338_028_17) < 1e-9)
        #expect(abs((metrics.meanHeartRateBPM ?? 0) - 79.185_852_007_147_13) < 1e-9)
    }

    @Test("removed beats take no part: implausible RR and the artefacts around them are counted, not averaged")
    func removals() {
        var rr = Self.series
        rr[30] = 250  // implausible
        rr[50] = rr[50] + rr[51]  // a missed beat
        rr.remove(at: 51)
        let metrics = RRMetrics(rrMilliseconds: rr)
        #expect(metrics.count == 71)
        #expect(metrics.implausibleCount == 1)
        #expect(metrics.classCounts[.missed] == 1)
        #expect(
            metrics.normalCount == 71 - 1 - metrics.classCounts.filter { $0.key != .normal }.map(\.value).reduce(0, +))
        #expect((metrics.meanRRMilliseconds ?? 0) < 800)
    }

    @Test("Dash metrics of a 16-beat window, by hand")
    func dashByHand() {
        // Given 16 RR; l/16 = 1 value is trimmed at each end for the entropy (840 and 770)
        let window: [Double] = [800, 820, 790, 830, 780, 810, 805, 840, 770, 800, 815, 795, 825, 785, 810, 800]
        let metrics = IrregularityMetrics(window: window)
        // nRMSSD: the squared differences sum to 17 200 over 15 → √1146.67 = 33.8625; mean 804.6875 → 0.0420815
        let differences = zip(window.dropFirst(), window).map { $0 - $1 }
        let squares = differences.map { $0 * $0 }.reduce(0, +)
        let mean = window.reduce(0, +) / 16
        #expect(abs(metrics.normalisedRMSSD - (squares / 15).squareRoot() / mean) < 1e-12)
        #expect(abs(metrics.normalisedRMSSD - 0.042_081_512_302_851_46) < 1e-12)
        // Entropy: the 14 kept values span 780…830 in 16 bins of 3.125 ms; counts 1 1 0 1 1 0 3 0 1 2 0 1 1 0 1 1:
        // nine bins of 1, one of 2, one of 3 → −(9 · (1/14) ln(1/14) + (2/14) ln(2/14) + (3/14) ln(3/14)) / ln 16
        let p1 = 1.0 / 14
        let p2 = 2.0 / 14
        let p3 = 3.0 / 14
        let ln16 = 2.772_588_722_239_781
        let expected = -(9 * p1 * -2.639_057_329_615_259 + p2 * -1.945_910_149_055_313 + p3 * -1.540_445_040_947_149)
        #expect(abs(metrics.shannonEntropy - expected / ln16) < 1e-12)
        #expect(abs(metrics.shannonEntropy - 0.831_215_739_404_339) < 1e-12)
        // Turning points: every interior value but the 800 between 770 and 815 → 13 of 14
        #expect(metrics.turningPointRatio == 13.0 / 14)
        #expect(!metrics.isAFLike())
    }

    @Test("Dash metrics of a random 128-beat window match the reference implementation")
    func dashAgainstReference() {
        // 128 RR uniform in 600…800 ms (NumPy default_rng(7)); the KhanhLinh-2904/Automatic_AF_Detection functions
        // (trim 8 + 8, 16 bins, /112; RMSSD/mean; TPR/(128 − 2)) give nRMSSD 0.12177391658730208,
        // ShE 0.9786324097496832, TPR 0.6825396825396826: AF-like by Dash's thresholds.
        let metrics = IrregularityMetrics(window: Self.random128)
        #expect(abs(metrics.normalisedRMSSD - 0.121_773_916_587_302_08) < 1e-12)
        #expect(abs(metrics.shannonEntropy - 0.978_632_409_749_683_2) < 1e-12)
        #expect(abs(metrics.turningPointRatio - 0.682_539_682_539_682_6) < 1e-12)
        #expect(metrics.isAFLike())
    }

    @Test("RRMetrics screens consecutive 128-beat windows of NN intervals for R8")
    func windows() {
        // Given 5 minutes of an AF-like rhythm, then 5 minutes of sinus rhythm
        var generator = SyntheticRR(seed: 11)
        let irregular = generator.irregularBeats(to: 300, meanBPM: 95)
        let regular = generator.beats(from: 300, to: 600, course: .steady(80))
        // When
        let afLike = RRMetrics(rrMilliseconds: irregular.map(\.rrMilliseconds))
        let sinus = RRMetrics(rrMilliseconds: regular.map(\.rrMilliseconds))
        // Then every full window of the irregular rhythm meets Dash's condition, none of the sinus rhythm does
        #expect(afLike.irregularityWindows >= 3)
        #expect(afLike.afLikeWindows == afLike.irregularityWindows)
        #expect(afLike.isAFLike)
        #expect(sinus.irregularityWindows >= 3)
        #expect(sinus.afLikeWindows == 0)
        #expect(!sinus.isAFLike)
        #expect((sinus.irregularity?.normalisedRMSSD ?? 1) < 0.1)
    }

    static let random128: [Double] = [
        725.0, 779.4, 755.1, 645.0, 660.0, 774.7, 601.1, 764.2, 759.4, 693.6, 660.6, 655.7, 651.0, 689.0, 700.9,
        710.7, 799.1, 758.5, 724.4, 797.8, 643.1, 632.0, 722.5, 608.8, 607.1, 703.0, 693.2, 783.4, 725.8, 702.8,
        699.4, 649.5, 602.4, 638.5, 738.4, 640.1, 673.9, 600.7, 766.0, 630.9, 653.5, 776.1, 702.0, 769.4, 727.9,
        748.4, 618.3, 708.2, 701.6, 774.3, 672.3, 719.6, 611.9, 677.5, 664.6, 630.0, 763.3, 675.9, 795.7, 718.0,
        721.0, 727.6, 735.3, 630.2, 688.1, 647.9, 680.5, 619.3, 793.6, 643.0, 734.4, 660.1, 774.8, 732.4, 626.3,
        769.0, 789.0, 780.8, 713.9, 629.1, 638.5, 785.6, 710.5, 636.1, 776.8, 728.3, 713.9, 675.3, 682.2, 647.9,
        607.6, 775.2, 693.5, 709.5, 664.4, 750.3, 605.0, 674.4, 606.1, 624.6, 793.4, 731.6, 685.6, 704.7, 774.6,
        668.8, 718.1, 736.7, 671.1, 703.8, 753.0, 781.8, 630.2, 786.7, 601.0, 750.6, 762.1, 627.4, 683.8, 763.1,
        602.9, 725.7, 758.6, 702.6, 745.2, 645.3, 639.7, 672.6,
    ]
}
