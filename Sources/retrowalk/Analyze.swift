import ArgumentParser
import Foundation
import RetroWalk
import RetroWalkCore
import SafetyRules
import StrapProtocol

/// `retrowalk analyze FILE`: RR metrics of a recording.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract:
            "RR metrics of a recording: mean HR, SDNN, RMSSD, pNN50 (NN and all intervals), premature beats and their "
            + "pattern, the AF screening metrics.",
        discussion: """
            FILE is a recording with RR intervals (the project CSV with rr_ms, RR text, or a FIT file with HRV \
            messages); TCX and FIT files without HRV carry no RR. Intervals outside rules.yaml's \
            signal.rr_min_ms..rr_max_ms are implausible; the rest are classified by signal.ectopic_method \
            (Lipponen & Tarvainen 2019 by default), then premature beats are found by their pattern (a coupling \
            interval of at most signal.premature_fraction of the local sinus RR, confirmed by a compensatory \
            pause) and reported as isolated, couplets, runs, bigeminy and trigeminy. SDNN, RMSSD and pNN50 follow \
            the HRV Task Force (1996) over the normal (NN) intervals, as hrvanalysis computes them; the 'all \
            intervals' line (JSON keys ending in _all) gives the same measures over every interval without \
            correction, as NeuroKit2's hrv_time and Kubios without artefact correction compute them, for \
            comparing tools. The AF screening metrics of rule R8 (Dash \
            2009: normalised RMSSD, Shannon entropy, turning-point ratio) are computed over consecutive windows of \
            r8.window_beats NN intervals; the last full window is shown and the windows meeting R8 are counted. \
            This is a screening aid, not a diagnosis.
            """
    )

    @Argument(help: ArgumentHelp("The recording.", valueName: "file"))
    var file: String

    @OptionGroup var config: ConfigOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        do {
            let (_, rules) = try config.load(locator: ResourceLocator())
            let recording = try RecordingFile.read(file)
            let rr = recording.samples.flatMap(\.rrMilliseconds)
            guard !rr.isEmpty else {
                throw AppError(
                    code: .badArgument,
                    message: "Recording '\(file)' has no RR intervals (\(recording.format.rawValue) with heart rate "
                        + "only); analyze needs RR: the project CSV with rr_ms, RR text, or FIT with HRV messages.")
            }
            let metrics = RRMetrics(rrMilliseconds: rr, settings: rules.settings)
            print(json ? Self.jsonLine(metrics, file: file) : Self.lines(metrics, file: file).joined(separator: "\n"))
        } catch let error as ExitCode {
            throw error
        } catch {
            throw fail("\(error)")
        }
    }

    static func jsonLine(_ metrics: RRMetrics, file: String) -> String {
        func number(_ value: Double?, _ decimals: Int) -> JSONValue {
            value.map { .fixed($0, decimals: decimals, trim: false) } ?? .null
        }
        var object = JSONObject()
        object.add("file", .string(file))
        object.add("beats", .int(metrics.count))
        object.add("implausible", .int(metrics.implausibleCount))
        object.add("nn", .int(metrics.normalCount))
        var classes = JSONObject()
        for kind in BeatClass.allCases { classes.add(kind.rawValue, .int(metrics.classCounts[kind] ?? 0)) }
        object.add("classes", .object(classes))
        object.add("ectopic", .int(metrics.ectopicCount))
        object.add("mean_rr_ms", number(metrics.meanRRMilliseconds, 2))
        object.add("mean_hr_bpm", number(metrics.meanHeartRateBPM, 2))
        object.add("sdnn_ms", number(metrics.sdnnMilliseconds, 2))
        object.add("rmssd_ms", number(metrics.rmssdMilliseconds, 2))
        object.add("pnn50_percent", number(metrics.pnn50Percent, 2))
        let all = metrics.allIntervals
        object.add("mean_rr_all_ms", number(all?.meanRRMilliseconds, 2))
        object.add("mean_hr_all_bpm", number(all?.meanHeartRateBPM, 2))
        object.add("median_rr_all_ms", number(all?.medianRRMilliseconds, 2))
        object.add("min_rr_all_ms", number(all?.minimumRRMilliseconds, 2))
        object.add("max_rr_all_ms", number(all?.maximumRRMilliseconds, 2))
        object.add("sdnn_all_ms", number(all?.sdnnMilliseconds, 2))
        object.add("rmssd_all_ms", number(all?.rmssdMilliseconds, 2))
        object.add("sdsd_all_ms", number(all?.sdsdMilliseconds, 2))
        object.add("pnn50_all_percent", number(all?.pnn50Percent, 2))
        object.add("pnn20_all_percent", number(all?.pnn20Percent, 2))
        let pattern = metrics.pattern
        var ectopy = JSONObject()
        ectopy.add("premature", .int(pattern.premature))
        ectopy.add("isolated", .int(pattern.isolated))
        ectopy.add("couplets", .int(pattern.couplets))
        ectopy.add("runs", .int(pattern.runs))
        ectopy.add("longest_run", .int(pattern.longestRun))
        ectopy.add("bigeminy_episodes", .int(pattern.bigeminyEpisodes))
        ectopy.add("bigeminy_beats", .int(pattern.bigeminyBeats))
        ectopy.add("trigeminy_episodes", .int(pattern.trigeminyEpisodes))
        ectopy.add("trigeminy_beats", .int(pattern.trigeminyBeats))
        object.add("premature", .object(ectopy))
        var af = JSONObject()
        af.add("windows", .int(metrics.irregularityWindows))
        af.add("af_like_windows", .int(metrics.afLikeWindows))
        af.add("nrmssd", number(metrics.irregularity?.normalisedRMSSD, 4))
        af.add("shannon_entropy", number(metrics.irregularity?.shannonEntropy, 4))
        af.add("turning_point_ratio", number(metrics.irregularity?.turningPointRatio, 4))
        af.add("af_like", .bool(metrics.isAFLike))
        object.add("r8", .object(af))
        return object.rendered
    }

    static func lines(_ metrics: RRMetrics, file: String) -> [String] {
        func show(_ value: Double?, _ unit: String) -> String {
            value.map { String(format: "%.1f", $0) + unit } ?? "n/a"
        }
        let classes = BeatClass.allCases.compactMap { kind in
            metrics.classCounts[kind].map { "\(kind.rawValue) \($0)" }
        }
        var lines = [
            "\(file): \(metrics.count) intervals, \(metrics.implausibleCount) implausible, \(metrics.normalCount) NN",
            "beats        " + classes.joined(separator: ", "),
            "mean RR      " + show(metrics.meanRRMilliseconds, " ms"),
            "mean HR      " + show(metrics.meanHeartRateBPM, " bpm"),
            "SDNN         " + show(metrics.sdnnMilliseconds, " ms"),
            "RMSSD        " + show(metrics.rmssdMilliseconds, " ms"),
            "pNN50        " + show(metrics.pnn50Percent, " %"),
        ]
        if let all = metrics.allIntervals {
            lines.append(
                "all intervals (uncorrected, as NeuroKit2/Kubios): mean RR " + show(all.meanRRMilliseconds, " ms")
                    + ", SDNN " + show(all.sdnnMilliseconds, " ms") + ", RMSSD " + show(all.rmssdMilliseconds, " ms")
                    + ", pNN50 " + show(all.pnn50Percent, " %"))
        }
        let pattern = metrics.pattern
        lines.append(
            "premature    \(pattern.premature): \(pattern.isolated) isolated, \(pattern.couplets) couplets, "
                + "\(pattern.runs) runs of 3+ (longest \(pattern.longestRun)), bigeminy \(pattern.bigeminyEpisodes) "
                + "episodes (\(pattern.bigeminyBeats) beats), trigeminy \(pattern.trigeminyEpisodes) episodes "
                + "(\(pattern.trigeminyBeats) beats)")
        if let irregularity = metrics.irregularity {
            lines.append(
                "R8 (last window of \(irregularity.beats)): nRMSSD "
                    + String(
                        format: "%.3f, Shannon entropy %.3f, TPR %.3f; ", irregularity.normalisedRMSSD,
                        irregularity.shannonEntropy, irregularity.turningPointRatio)
                    + "\(metrics.afLikeWindows) of \(metrics.irregularityWindows) windows AF-like")
        } else {
            lines.append("R8           fewer NN intervals than one window; not computed")
        }
        return lines
    }
}
