import RetroWalkCore

/// The session report as one self-contained HTML page (`retrowalk report SESSION --html FILE`).
///
/// No script, no network: the CSS and the SVG chart (``HeartRateChart``) are inline, so the file can be mailed to
/// a physio, opened offline and printed. The layout is one column that fits a phone (the chart scales to the
/// width, wide tables scroll sideways) and prints on A4 without the shading of screens.
public enum HTMLReport {
    /// Renders the page.
    public static func render(_ report: SessionReport) -> String {
        let title = "retrowalk session \(report.id), \(report.start?.localDateTime ?? report.startedAt)"
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="retrowalk">
            <title>\(escape(title))</title>
            <style>
            \(css)
            </style>
            </head>
            <body>
            <main>
            <header>
            <h1>Backward-walking session \(report.id)</h1>
            <p class="sub">\(escape(subtitle(report)))</p>
            </header>

            """
        html += figures(report)
        html +=
            "<section class=\"chart\">\n<h2>Heart rate</h2>\n<div class=\"plot\">\(HeartRateChart.render(report))</div>\n"
        html += legend(report)
        html += "</section>\n"
        html += boutsTable(report)
        html += zonesTable(report)
        html += eventsSection(report)
        html += energySection(report)
        html += limitsSection(report)
        html += """
            <footer>
            <p>Computed by retrowalk from the session's stored samples and events. HR recovery after slow walking is \
            expected to be small: it is a log, not a test result (SAFETY.md 3.6). Limits are estimates from \
            population equations unless a clinician set them. retrowalk is not a medical device.</p>
            </footer>
            </main>
            </body>
            </html>

            """
        return html
    }

    static let css = """
        :root{color-scheme:light}
        body{margin:0;background:#f4f5f7;color:#222;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif}
        main{max-width:980px;margin:0 auto;padding:16px}
        header h1{font-size:1.45rem;margin:0 0 4px}
        .sub{margin:0 0 14px;color:#555}
        h2{font-size:1.1rem;margin:0 0 8px}
        section{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:12px 14px;margin:0 0 14px}
        .figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(118px,1fr));gap:8px;background:none;border:0;padding:0}
        .figure{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:8px 10px}
        .figure b{display:block;font-size:1.25rem}
        .figure span{color:#555;font-size:.85rem}
        .state-interrupted b,.state-ended_by_signal b{color:#b9770e}
        .alarm-yes b{color:#c0392b}
        .plot{overflow-x:auto}
        svg{width:100%;height:auto;display:block;min-width:620px}
        .legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:8px 0 0;padding:0;list-style:none;font-size:.85rem;color:#444}
        .legend i{display:inline-block;width:14px;height:10px;margin-right:5px;vertical-align:middle;border-radius:2px}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-size:.92rem}
        th,td{padding:5px 8px;border-bottom:1px solid #e6e8eb;text-align:right;white-space:nowrap}
        th:first-child,td:first-child{text-align:left}
        td.text,th.text{text-align:left;white-space:normal}
        .bar{display:inline-block;height:9px;background:#8fb8e8;border-radius:2px;vertical-align:middle}
        ul.events{margin:0;padding-left:18px}
        footer{color:#666;font-size:.85rem}
        @media (max-width:600px){body{font-size:15px}main{padding:10px}.figure b{font-size:1.1rem}}
        @media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}svg{min-width:0}
        section,.figure{border:1px solid #bbb;break-inside:avoid}.chart{break-inside:avoid}}
        """

    static func subtitle(_ report: SessionReport) -> String {
        var text = report.start?.localDateTime ?? report.startedAt
        if let end = report.end { text += "–" + String(end.localDateTime.suffix(5)) }
        text += " · plan \(report.plan) · "
        text += report.isSimulated ? "simulated strap (\(report.source))" : report.source
        return text
    }

    static func figures(_ report: SessionReport) -> String {
        let state = report.endState?.rawValue ?? "running"
        var cells: [(String, String, String)] = [
            (SessionText.clock(report.duration), "duration", ""),
            ("\(report.boutsDone)\(report.boutsPlanned.map { " of \($0)" } ?? "")", "bouts done", ""),
            (report.meanBPM.map { "\(Int($0.rounded()))" } ?? "–", "mean HR, bpm", ""),
            (report.maxBPM.map(String.init) ?? "–", "max HR, bpm", ""),
            ("\(report.alarms.count)", "alarms", report.alarms.isEmpty ? "" : "alarm-yes"),
            ("\(report.symptoms.count)", "symptoms", report.symptoms.isEmpty ? "" : "alarm-yes"),
            (report.endState?.displayName ?? "running", "end", "state-\(state)"),
        ]
        if let range = report.energy?.range {
            cells.append(
                ("\(Int(range.lowerBound.rounded()))–\(Int(range.upperBound.rounded()))", "kcal (estimate)", ""))
        }
        if let effort = report.effort { cells.append(("\(effort.value)", "RPE (\(effort.scale.displayName))", "")) }
        var html = "<section class=\"figures\">\n"
        for (value, label, cls) in cells {
            html += "<div class=\"figure \(cls)\"><b>\(escape(value))</b><span>\(escape(label))</span></div>\n"
        }
        return html + "</section>\n"
    }

    static func legend(_ report: SessionReport) -> String {
        var items = [
            "<li><i style=\"background:\(HeartRateChart.lineColour)\"></i>heart rate</li>",
            "<li><i style=\"background:\(HeartRateChart.zoneColour)\"></i>training zone</li>",
            "<li><i style=\"background:\(HeartRateChart.ceilingColour)\"></i>ceiling (R2)</li>",
            "<li><i style=\"background:\(HeartRateChart.hardCeilingColour)\"></i>hard ceiling (R3)</li>",
            "<li><i style=\"background:\(HeartRateChart.boutColour);border:1px solid #b9c8e4\"></i>backward bout</li>",
        ]
        if report.steps.contains(where: { $0.phase == "paused" }) {
            items.append(
                "<li><i style=\"background:\(HeartRateChart.pauseColour);border:1px solid #ccc\"></i>safe-stop pause</li>"
            )
        }
        items.append("<li><span style=\"color:#c0392b\">▼</span> alarm (red high, orange medium, yellow low)</li>")
        items.append("<li><span style=\"color:\(HeartRateChart.symptomColour)\">◆</span> symptom</li>")
        items.append("<li><i style=\"background:\(HeartRateChart.gapColour)\"></i>signal gap</li>")
        return "<ul class=\"legend\">" + items.joined() + "</ul>\n"
    }

    static func boutsTable(_ report: SessionReport) -> String {
        var html = "<section>\n<h2>Bouts</h2>\n"
        guard !report.bouts.isEmpty else { return html + "<p>No backward bout was walked.</p>\n</section>\n" }
        html += "<div class=\"scroll\"><table>\n<thead><tr><th>bout</th><th>start</th><th>length</th><th>done</th>"
        html +=
            "<th>mean HR</th><th>peak HR</th><th>time to peak</th><th>HRR 30 s</th><th>HRR 60 s</th></tr></thead>\n<tbody>\n"
        for row in report.bouts.map(SessionText.boutRow) {
            html += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
        }
        html += "</tbody></table></div>\n"
        html += "<p>HRR: the bout's peak heart rate minus the heart rate 30 s and 60 s after it ended (bpm). "
        html += "After the session: \(escape(SessionText.sessionRecoveryText(report))).</p>\n"
        return html + "</section>\n"
    }

    static func zonesTable(_ report: SessionReport) -> String {
        var html = "<section>\n<h2>Time in zones</h2>\n<div class=\"scroll\"><table>\n<tbody>\n"
        let total = max(report.duration, 1)
        for (band, name) in SessionText.zoneNames {
            let seconds = report.timeInZones[band.rawValue] ?? 0
            let percent = seconds / total * 100
            html += "<tr><td>\(name)</td><td>\(SessionText.clock(seconds))</td><td>\(Int(percent.rounded())) %</td>"
            html +=
                "<td class=\"text\"><span class=\"bar\" style=\"width:\(JSONValue.format(percent * 2, decimals: 0))px\"></span></td></tr>\n"
        }
        html += "</tbody></table></div>\n"
        html += "<p>From the strap's heart rate in each notification, against the limits below; "
        html += "\"unknown\" is time without a heart rate (no data or no skin contact).</p>\n"
        return html + "</section>\n"
    }

    static func eventsSection(_ report: SessionReport) -> String {
        var html = "<section>\n<h2>Alarms, symptoms, check-ins, signal</h2>\n<ul class=\"events\">\n"
        if report.alarms.isEmpty { html += "<li>No alarm.</li>\n" }
        for alarm in report.alarms {
            html += "<li><b>\(SessionText.clock(alarm.time))</b> alarm \(escape(alarm.rule)) "
            html += "(\(alarm.priority.rawValue)): “\(escape(alarm.text))”"
            if let cleared = alarm.clearedAt { html += ", cleared at \(SessionText.clock(cleared))" }
            html += "</li>\n"
        }
        if report.symptoms.isEmpty { html += "<li>No symptom reported.</li>\n" }
        for symptom in report.symptoms {
            html +=
                "<li><b>\(SessionText.clock(symptom.time))</b> symptom: \(escape(SessionText.symptomName(symptom.symptom))) "
            html += "(\(escape(symptom.source)))</li>\n"
        }
        html += "<li>Check-ins: \(escape(SessionText.checkInsText(report)))</li>\n"
        if report.gaps.isEmpty { html += "<li>No signal gap.</li>\n" }
        for gap in report.gaps {
            html += "<li><b>\(SessionText.clock(gap.start))</b> signal gap: \(escape(SessionText.gapLine(gap)))</li>\n"
        }
        html += "<li>Effort: \(escape(SessionText.effortText(report)))</li>\n"
        html += "<li>End: \(escape(SessionText.endText(report)))</li>\n"
        return html + "</ul>\n</section>\n"
    }

    static func energySection(_ report: SessionReport) -> String {
        let lines = SessionText.energyLines(report)
        var html = "<section>\n<h2>Energy (estimate)</h2>\n<ul class=\"events\">\n"
        for line in lines { html += "<li>\(escape(line.trimmingPrefix("  ")))</li>\n" }
        return html + "</ul>\n</section>\n"
    }

    static func limitsSection(_ report: SessionReport) -> String {
        "<section>\n<h2>Limits</h2>\n<p>\(escape(SessionText.limitsText(report)))</p>\n</section>\n"
    }

    /// HTML escaping for text and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

extension String {
    fileprivate func trimmingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
