import RetroWalkCore

/// The text of a session report (`retrowalk report SESSION`), and the wording the other renderers share.
public enum SessionText {
    /// The report as lines of text for a terminal.
    public static func render(_ report: SessionReport) -> String {
        var lines: [String] = []
        var title = "Session \(report.id): \(report.start?.localDateTime ?? report.startedAt)"
        if let end = report.end { title += " to \(end.localDateTime.suffix(5))" }
        title += " (\(clock(report.duration))), plan \(report.plan)"
        title += report.isSimulated ? ", simulated (\(report.source))" : ", \(report.source)"
        lines.append(title)
        lines.append("End: \(endText(report))")
        lines.append("Limits: \(limitsText(report))")
        let heart =
            report.maxBPM.map { max in
                "mean \(Int((report.meanBPM ?? 0).rounded())) bpm, max \(max) bpm; \(report.samples.count) notifications"
            } ?? "no heart rate recorded (\(report.samples.count) notifications)"
        lines.append("Heart rate: \(heart)")
        lines.append("Time in zones: \(zonesText(report))")
        lines.append("Bouts: \(boutsText(report))")
        if !report.bouts.isEmpty {
            var rows = [["bout", "start", "length", "done", "mean", "peak", "to peak", "HRR 30 s", "HRR 60 s"]]
            for bout in report.bouts { rows.append(boutRow(bout)) }
            lines += table(rows).map { "  " + $0 }
        }
        lines.append("Recovery after the session: \(sessionRecoveryText(report))")
        lines.append("Alarms: \(alarmsText(report))")
        for alarm in report.alarms {
            var line = "  \(clock(alarm.time))  \(alarm.rule) \(alarm.priority.rawValue)  \"\(alarm.text)\""
            if let cleared = alarm.clearedAt { line += "  cleared \(clock(cleared))" }
            lines.append(line)
        }
        lines.append("Symptoms: \(symptomsText(report))")
        lines.append("Check-ins: \(checkInsText(report))")
        lines.append("Signal gaps: \(gapsText(report))")
        for gap in report.gaps {
            lines.append("  \(clock(gap.start))  \(gapLine(gap))")
        }
        lines.append("Effort: \(effortText(report))")
        lines += energyLines(report)
        lines.append(
            "HR recovery after slow walking is expected to be small; it is a log, not a test result "
                + "(SAFETY.md 3.6). retrowalk is not a medical device.")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Pieces

    static func boutRow(_ bout: SessionReport.Bout) -> [String] {
        let mean: String = bout.meanBPM.map { String(Int($0.rounded())) } ?? "-"
        let peak: String = bout.peakBPM.map { String($0) } ?? "-"
        let toPeak: String = bout.timeToPeak.map { clock($0) } ?? "-"
        let after30: String = bout.recovery30.map { String($0) } ?? "-"
        let after60: String = bout.recovery60.map { String($0) } ?? "-"
        return [
            String(bout.number), clock(bout.start), clock(bout.duration), bout.isDone ? "yes" : "no", mean, peak,
            toPeak, after30, after60,
        ]
    }

    /// `m:ss` (or `h:mm:ss`) of a number of seconds.
    public static func clock(_ seconds: Double) -> String {
        let total = Int(max(0, seconds).rounded())
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(rest))" : "\(minutes):\(two(rest))"
    }

    /// A step's name for people: "Warm-up", "Backward bout 2", "Recovery after bout 2", "Pause after bout 3",
    /// "Cool-down", "Walking".
    public static func stepName(_ step: SessionReport.Step) -> String {
        switch step.phase {
        case "warmup": "Warm-up"
        case "backward": "Backward bout \(step.bout)"
        case "recovery": step.bout > 0 ? "Recovery after bout \(step.bout)" : "Forward walking"
        case "cooldown": "Cool-down"
        case "paused": step.bout > 0 ? "Safe-stop pause (bout \(step.bout))" : "Safe-stop pause"
        case "walking": "Walking"
        default: step.phase
        }
    }

    static func endText(_ report: SessionReport) -> String {
        guard let end = report.endState else { return "still running (no end recorded yet)" }
        switch end {
        case .interrupted: return "interrupted (closed at its last sample, \(clock(report.duration)))"
        case .endedBySignal: return "ended by signal (Ctrl-C or SIGTERM; everything measured was stored)"
        default: return end.displayName
        }
    }

    static func limitsText(_ report: SessionReport) -> String {
        guard let setup = report.setup else { return "unknown (no limits stored and no profile given)" }
        var text = "zone \(bpm(setup.zoneBPM.lowerBound))-\(bpm(setup.zoneBPM.upperBound)) bpm, "
        text += "ceiling \(bpm(setup.ceilingBPM)), hard ceiling \(bpm(setup.hardCeilingBPM)) bpm, "
        text += "HRmax \(oneDecimal(setup.maxBPM))\(setup.maxSource.map { " (\($0))" } ?? ""), "
        text += "resting \(setup.restingBPM) bpm"
        text +=
            report.isSetupStored
            ? " (as stored with the session)" : " (from the profile in force now: the session stored none)"
        return text
    }

    static let zoneNames: [(ZoneBand, String)] = [
        (.below, "below"), (.zone, "in zone"), (.above, "above"), (.ceiling, "ceiling"),
        (.hardCeiling, "hard ceiling"), (.unknown, "unknown"),
    ]

    static func zonesText(_ report: SessionReport) -> String {
        zoneNames.map { band, name in "\(name) \(clock(report.timeInZones[band.rawValue] ?? 0))" }
            .joined(separator: ", ")
    }

    static func boutsText(_ report: SessionReport) -> String {
        let planned = report.boutsPlanned.map { " of \($0)" } ?? ""
        let length = report.backwardSeconds.map { ", \($0) s each as planned" } ?? ""
        return "\(report.boutsDone)\(planned) done\(length)"
    }

    static func sessionRecoveryText(_ report: SessionReport) -> String {
        guard report.sessionRecovery30 != nil || report.sessionRecovery60 != nil else {
            return "not measured (no heart rate 30 or 60 s after the last bout)"
        }
        let peak = report.bouts.compactMap(\.peakBPM).max().map { " (from the bouts' peak, \($0) bpm)" } ?? ""
        return "\(report.sessionRecovery30.map { "\($0) bpm" } ?? "-") at 30 s, "
            + "\(report.sessionRecovery60.map { "\($0) bpm" } ?? "-") at 60 s into the cool-down\(peak)"
    }

    static func alarmsText(_ report: SessionReport) -> String {
        guard !report.alarms.isEmpty else { return "none" }
        let byRule = report.alarmsByRule.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }
        return "\(report.alarms.count) (\(byRule.joined(separator: ", ")))"
    }

    static func symptomsText(_ report: SessionReport) -> String {
        guard !report.symptoms.isEmpty else { return "none" }
        return report.symptoms.map { "\(symptomName($0.symptom)) at \(clock($0.time)) (\($0.source))" }
            .joined(separator: ", ")
    }

    static func symptomName(_ raw: String) -> String { String(raw.map { $0 == "_" ? " " : $0 }) }

    static func checkInsText(_ report: SessionReport) -> String {
        guard !report.checkIns.isEmpty else { return "none" }
        var counts: [String: Int] = [:]
        for checkIn in report.checkIns { counts[checkIn.answer, default: 0] += 1 }
        let summary = counts.sorted { $0.key < $1.key }.map { "\($0.value) \(symptomName($0.key))" }
        // Only the answers that were not "fine" are worth a bout number.
        let notable = report.checkIns.filter { $0.answer != "fine" }
            .map { "bout \($0.bout): \(symptomName($0.answer))" }
        return summary.joined(separator: ", ") + (notable.isEmpty ? "" : " (" + notable.joined(separator: "; ") + ")")
    }

    static func gapsText(_ report: SessionReport) -> String {
        guard !report.gaps.isEmpty else { return "none" }
        let total = report.gaps.reduce(0) { $0 + $1.duration }
        return "\(report.gaps.count), \(oneDecimal(total)) s in all"
    }

    static func gapLine(_ gap: SessionReport.SignalGap) -> String {
        let kind = gap.kind == "no_contact" ? "no skin contact" : "no data"
        return "\(oneDecimal(gap.duration)) s \(kind)" + (gap.reason.map { " (\($0))" } ?? "")
    }

    static func effortText(_ report: SessionReport) -> String {
        guard let effort = report.effort else { return "not rated" }
        return "RPE \(effort.value) (\(effort.scale.displayName), \(effort.intensity.rawValue))"
    }

    static func energyLines(_ report: SessionReport) -> [String] {
        guard let energy = report.energy else { return ["Energy: not estimated (no limits or profile)"] }
        var lines: [String] = []
        if let range = energy.range {
            lines.append(
                "Energy: \(Int(range.lowerBound.rounded()))-\(Int(range.upperBound.rounded())) kcal (estimate)")
        } else {
            lines.append(
                "Energy: \(Int(energy.metMinutes.lowerBound.rounded()))-\(Int(energy.metMinutes.upperBound.rounded())) MET-minutes (no kcal without a body mass)"
            )
        }
        var met = "  MET estimate (ACSM walking equation, backward x 1.2-1.4): "
        if let kcal = energy.metKilocalories {
            met += "\(Int(kcal.lowerBound.rounded()))-\(Int(kcal.upperBound.rounded())) kcal, "
        }
        met += "\(Int(energy.metMinutes.lowerBound.rounded()))-\(Int(energy.metMinutes.upperBound.rounded())) MET-min"
        lines.append(met)
        var keytel = "  Keytel et al. 2005 from heart rate (valid at >= 60 % HRmax: \(clock(energy.keytelSeconds)) of "
        keytel += "\(clock(report.duration))): "
        if let session = energy.keytelSessionKilocalories, let part = energy.keytelKilocalories {
            keytel += "\(Int(session.rounded())) kcal for the session (\(Int(part.rounded())) kcal in those minutes, "
            keytel += "the rest at the MET estimate)"
        } else {
            keytel += "not computed"
        }
        lines.append(keytel)
        lines += energy.notes.map { "  note: \($0)" }
        return lines
    }

    static func bpm(_ value: Double) -> String { String(Int(value.rounded())) }

    /// One decimal at most, none for a whole number: `15`, `162.5`.
    static func oneDecimal(_ value: Double) -> String {
        let text = JSONValue.format(value, decimals: 1, trim: true)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Left-aligned columns separated by two spaces (the first row is the header).
    public static func table(_ rows: [[String]]) -> [String] {
        guard let width = rows.first?.count else { return [] }
        let widths = (0..<width).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == width - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }
    }
}
