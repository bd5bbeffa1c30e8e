import RetroWalkCore

/// The SVG chart of a session's heart rate: HR over time, the training zone as a band, the ceilings as lines,
/// backward bouts (and safe-stop pauses) shaded, alarms, symptoms and signal gaps marked.
///
/// Self-contained SVG (no script, no external font or image), drawn in a 1000 × 440 view box that scales to the
/// page's width. Colours are solid where the test of the rendered page looks for them: the HR line is
/// ``lineColour``, the zone band ``zoneColour``.
public enum HeartRateChart {
    /// The HR line's colour.
    public static let lineColour = "#1f4e9c"
    /// The zone band's colour.
    public static let zoneColour = "#bfe6cb"
    static let boutColour = "#e4ecf9"
    static let pauseColour = "#ececec"
    static let ceilingColour = "#e67e22"
    static let hardCeilingColour = "#c0392b"
    static let gapColour = "#8e8e8e"
    static let symptomColour = "#8e44ad"

    static let width = 1000.0
    static let height = 440.0
    static let left = 52.0
    static let right = 74.0
    static let top = 34.0
    static let bottom = 70.0

    /// The chart as an `<svg>` element.
    public static func render(_ report: SessionReport) -> String {
        let duration = max(report.duration, 1)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let rates = report.samples.map { Double($0.beatsPerMinute) }.filter { $0 > 0 }
        var low = min(rates.min() ?? 60, Double(report.setup?.restingBPM ?? 60)) - 10
        var high = max(rates.max() ?? 120, report.setup?.hardCeilingBPM ?? 0) + 10
        low = (low / 10).rounded(.down) * 10
        high = (high / 10).rounded(.up) * 10
        func x(_ t: Double) -> Double { left + min(max(t, 0), duration) / duration * plotWidth }
        func y(_ bpm: Double) -> Double { top + (high - min(max(bpm, low), high)) / (high - low) * plotHeight }
        func f(_ value: Double) -> String { JSONValue.format(value, decimals: 1, trim: true) }

        var svg = """
            <svg id="hr-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" \
            role="img" aria-labelledby="hr-chart-title hr-chart-desc" preserveAspectRatio="xMidYMid meet">
            <title id="hr-chart-title">Heart rate of session \(report.id)</title>
            <desc id="hr-chart-desc">\(HTMLReport.escape(description(report)))</desc>
            <style>text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;font-size:13px;fill:#333}\
            .small{font-size:11px}.axis{stroke:#999;stroke-width:1}.grid{stroke:#e5e5e5;stroke-width:1}</style>
            <rect x="0" y="0" width="\(Int(width))" height="\(Int(height))" fill="#ffffff"/>

            """
        // Bouts and pauses, under everything.
        for step in report.steps where step.phase == "backward" || step.phase == "paused" {
            let colour = step.phase == "backward" ? boutColour : pauseColour
            svg +=
                "<rect x=\"\(f(x(step.start)))\" y=\"\(f(top))\" width=\"\(f(max(1, x(step.end) - x(step.start))))\" "
            svg += "height=\"\(f(plotHeight))\" fill=\"\(colour)\"/>\n"
            let label = step.phase == "backward" ? "B\(step.bout)" : "pause"
            svg +=
                "<text class=\"small\" x=\"\(f((x(step.start) + x(step.end)) / 2))\" y=\"\(f(top + plotHeight - 6))\" "
            svg += "text-anchor=\"middle\" fill=\"#4a6aa5\">\(label)</text>\n"
        }
        // Grid and axes.
        var bpm = low
        while bpm <= high {
            svg +=
                "<line class=\"grid\" x1=\"\(f(left))\" x2=\"\(f(left + plotWidth))\" y1=\"\(f(y(bpm)))\" y2=\"\(f(y(bpm)))\"/>\n"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(bpm) + 4))\" text-anchor=\"end\">\(Int(bpm))</text>\n"
            bpm += high - low > 120 ? 20 : 10
        }
        let tick = tickSeconds(duration)
        var t = 0.0
        while t <= duration + 0.001 {
            svg +=
                "<line class=\"axis\" x1=\"\(f(x(t)))\" x2=\"\(f(x(t)))\" y1=\"\(f(top + plotHeight))\" y2=\"\(f(top + plotHeight + 5))\"/>\n"
            svg +=
                "<text x=\"\(f(x(t)))\" y=\"\(f(top + plotHeight + 19))\" text-anchor=\"middle\">\(Int(t / 60))</text>\n"
            t += tick
        }
        svg += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">minutes</text>\n"
        svg += "<text x=\"14\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\" "
        svg += "transform=\"rotate(-90 14 \(f(top + plotHeight / 2)))\">bpm</text>\n"
        // Zone band and ceilings.
        if let setup = report.setup {
            let upper = y(setup.zoneBPM.upperBound)
            let lower = y(setup.zoneBPM.lowerBound)
            svg +=
                "<rect x=\"\(f(left))\" y=\"\(f(upper))\" width=\"\(f(plotWidth))\" height=\"\(f(max(1, lower - upper)))\" "
            svg += "fill=\"\(zoneColour)\" fill-opacity=\"0.75\"/>\n"
            svg +=
                "<text class=\"small\" x=\"\(f(left + plotWidth + 4))\" y=\"\(f((upper + lower) / 2 + 4))\" fill=\"#2e7d4f\">"
            svg += "zone</text>\n"
            for (value, colour, name) in [
                (setup.ceilingBPM, ceilingColour, "ceiling"), (setup.hardCeilingBPM, hardCeilingColour, "hard ceiling"),
            ] {
                svg +=
                    "<line x1=\"\(f(left))\" x2=\"\(f(left + plotWidth))\" y1=\"\(f(y(value)))\" y2=\"\(f(y(value)))\" "
                svg += "stroke=\"\(colour)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"
                svg +=
                    "<text class=\"small\" x=\"\(f(left + plotWidth + 4))\" y=\"\(f(y(value) + 4))\" fill=\"\(colour)\">"
                svg += "\(name == "ceiling" ? "ceiling" : "hard") \(Int(value.rounded()))</text>\n"
            }
        }
        // The HR line, broken at signal gaps and at notifications without skin contact.
        var runs: [[String]] = []
        var current: [String] = []
        var previous: Double?
        for sample in report.samples {
            let usable = sample.beatsPerMinute > 0 && sample.contact != .notDetected
            if !usable || (previous.map { sample.time - $0 > SessionReport.signalGapSeconds } ?? false) {
                if current.count > 1 { runs.append(current) }
                current = []
            }
            if usable { current.append("\(f(x(sample.time))),\(f(y(Double(sample.beatsPerMinute))))") }
            previous = sample.time
        }
        if current.count > 1 { runs.append(current) }
        for run in runs {
            svg += "<polyline fill=\"none\" stroke=\"\(lineColour)\" stroke-width=\"2\" stroke-linejoin=\"round\" "
            svg += "points=\"\(run.joined(separator: " "))\"/>\n"
        }
        // Signal gaps: a lane under the plot.
        let lane = top + plotHeight + 26
        for gap in report.gaps {
            svg += "<rect x=\"\(f(x(gap.start)))\" y=\"\(f(lane))\" width=\"\(f(max(2, x(gap.end) - x(gap.start))))\" "
            svg +=
                "height=\"10\" fill=\"\(gapColour)\"><title>\(gap.kind == "no_contact" ? "no skin contact" : "no data") "
            svg += "\(SessionText.oneDecimal(gap.duration)) s</title></rect>\n"
        }
        if !report.gaps.isEmpty {
            svg += "<text class=\"small\" x=\"\(f(left + plotWidth + 4))\" y=\"\(f(lane + 9))\" fill=\"\(gapColour)\">"
            svg += "gaps</text>\n"
        }
        // Alarms (top) and symptoms (just below).
        // Alarms within 30 px of each other share one marker, labelled with their rules in order.
        var groups: [[SessionReport.Alarm]] = []
        for alarm in report.alarms {
            if let first = groups.last?.first, x(alarm.time) - x(first.time) < 30 {
                groups[groups.count - 1].append(alarm)
            } else {
                groups.append([alarm])
            }
        }
        for group in groups {
            let highest = group.map(\.priority).max() ?? .low
            let colour = highest == .high ? hardCeilingColour : highest == .medium ? ceilingColour : "#d4ac0d"
            let ax = x(group[0].time)
            let details = group.map { alarm in
                "\(alarm.rule) \(alarm.priority.rawValue) at \(SessionText.clock(alarm.time)): \(alarm.text)"
            }
            svg +=
                "<line x1=\"\(f(ax))\" x2=\"\(f(ax))\" y1=\"\(f(top))\" y2=\"\(f(top + plotHeight))\" stroke=\"\(colour)\" "
            svg += "stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\n"
            svg += "<path d=\"M\(f(ax - 6)),\(f(top - 16)) L\(f(ax + 6)),\(f(top - 16)) L\(f(ax)),\(f(top - 5)) Z\" "
            svg += "fill=\"\(colour)\"><title>\(HTMLReport.escape(details.joined(separator: "; ")))</title></path>\n"
            let rules = group.map(\.rule).joined(separator: " ")
            svg += "<text class=\"small\" x=\"\(f(ax + 8))\" y=\"\(f(top - 7))\" fill=\"\(colour)\">\(rules)</text>\n"
        }
        for symptom in report.symptoms {
            let sx = x(symptom.time)
            let sy = top + 10
            svg +=
                "<path d=\"M\(f(sx)),\(f(sy - 7)) L\(f(sx + 7)),\(f(sy)) L\(f(sx)),\(f(sy + 7)) L\(f(sx - 7)),\(f(sy)) Z\" "
            svg += "fill=\"\(symptomColour)\"><title>\(SessionText.symptomName(symptom.symptom)) at "
            svg += "\(SessionText.clock(symptom.time))</title></path>\n"
            svg += "<text class=\"small\" x=\"\(f(sx + 9))\" y=\"\(f(sy + 4))\" fill=\"\(symptomColour)\">"
            svg += "\(SessionText.symptomName(symptom.symptom))</text>\n"
        }
        svg +=
            "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" "
        svg += "stroke=\"#999\"/>\n</svg>"
        return svg
    }

    /// Minutes between two ticks of the time axis, as seconds: 1, 2, 5, 10, 15, 30 or 60 minutes.
    static func tickSeconds(_ duration: Double) -> Double {
        for minutes in [1.0, 2, 5, 10, 15, 30, 60] where duration / (minutes * 60) <= 15 { return minutes * 60 }
        return 7200
    }

    static func description(_ report: SessionReport) -> String {
        var text = "Heart rate over \(SessionText.clock(report.duration))"
        if let max = report.maxBPM { text += ", peak \(max) bpm" }
        text += "; \(report.bouts.count) backward bouts shaded; \(report.alarms.count) alarms, "
        text += "\(report.symptoms.count) symptoms and \(report.gaps.count) signal gaps marked."
        return text
    }
}
