public import RetroWalkCore
public import SessionEngine

/// What the live view knows of a session: the latest status and the few events a screen keeps on show.
public struct LiveScreen: Sendable {
    /// The walker's heart-rate limits, for the zone bar.
    public struct Limits: Sendable, Hashable {
        public var zone: ClosedRange<Double>
        public var ceiling: Double
        public var hardCeiling: Double

        public init(zone: ClosedRange<Double>, ceiling: Double, hardCeiling: Double) {
            self.zone = zone
            self.ceiling = ceiling
            self.hardCeiling = hardCeiling
        }
    }

    /// One line of the readiness check.
    public struct CheckLine: Sendable, Hashable {
        public var step: String
        public var status: String
        public var detail: String

        public init(step: String, status: String, detail: String) {
            self.step = step
            self.status = status
            self.detail = detail
        }
    }

    /// The plan's name, for the header.
    public var planName: String
    public var limits: Limits
    /// The latest status; `nil` before the session starts.
    public var status: SessionStatus?
    /// Session time of the last heart-rate notification.
    public var lastSampleTime: Double?
    /// The last symptom or check-in answer, for people (`1:05 check-in bout 2: fine`).
    public var lastAnswer: String?
    /// The last thing said, for people.
    public var lastCue: String?
    /// The readiness check, as far as it has gone.
    public var checks: [CheckLine] = []
    /// A question the view asks (`End the session now? y/n`).
    public var prompt: String?
    /// The newest log lines (swift-log), when they have nowhere else to go.
    public var logLines: [String] = []
    /// The closing line once the session is over.
    public var closing: String?

    public init(planName: String, limits: Limits) {
        self.planName = planName
        self.limits = limits
    }

    /// Takes one timeline event.
    public mutating func take(_ event: SessionEvent) {
        switch event.kind {
        case .sample(let sample):
            lastSampleTime = sample.time
        case .symptom(let symptom, let source):
            lastAnswer = HumanLog.clock(event.time) + "  symptom: " + Self.words(symptom.rawValue) + " (\(source))"
        case .checkIn(let answer, let bout):
            lastAnswer = HumanLog.clock(event.time) + "  check-in bout \(bout): " + Self.words(answer.rawValue)
        case .cue(let cue):
            lastCue = cue.text
        case .summary(let summary):
            closing =
                "Session over: \(summary.boutsCompleted) bouts, max HR "
                + (summary.maxBPM.map { "\($0) bpm" } ?? "none") + (summary.endedEarly ? ", ended early" : "")
        default:
            break
        }
    }

    /// Adds a log line, keeping the last few.
    public mutating func log(_ line: String) {
        logLines.append(line.trimmingTrailingNewline)
        if logLines.count > 3 { logLines.removeFirst(logLines.count - 3) }
    }

    static func words(_ raw: String) -> String { raw.replacingUnderscores }
}

// MARK: - Rendering

extension LiveScreen {
    /// The screen for a terminal of `columns` × `rows`, one ``StyledLine`` per row (never more than `rows`).
    public func render(columns: Int, rows: Int) -> [StyledLine] {
        guard columns >= 20, rows >= 6 else {
            return [StyledLine("retrowalk: terminal too small", TextStyle(bold: true))]
        }
        var body: [Block] = []
        if let status {
            body += sessionBlocks(status, columns: columns)
        } else {
            body += checkBlocks(columns: columns, rows: rows)
        }
        if let prompt { body.append(.line(StyledLine(" " + prompt + " ", TextStyle(bold: true, reverse: true)))) }
        for line in logLines.suffix(rows >= 24 ? 2 : 1) {
            body.append(.line(StyledLine("log: " + line, TextStyle(dim: true))))
        }
        let footer = Self.footer(columns: columns)
        var lines = Self.layout(body, rows: rows - footer.count)
        // The keys sit on the bottom rows.
        lines += Array(repeating: StyledLine(), count: max(0, rows - footer.count - lines.count)) + footer
        return Array(lines.prefix(rows))
    }

    /// A part of the screen: a line, a spacer that goes first when rows are short, or big digits that shrink.
    enum Block {
        case line(StyledLine)
        case spacer
        case digits(big: [StyledLine], small: StyledLine)
    }

    /// Fits the blocks in `rows`: spacers go first, then the big digits shrink to one line, then the bottom is cut.
    static func layout(_ blocks: [Block], rows: Int) -> [StyledLine] {
        func lines(spacers: Bool, big: Bool) -> [StyledLine] {
            blocks.flatMap { block -> [StyledLine] in
                switch block {
                case .line(let line): [line]
                case .spacer: spacers ? [StyledLine()] : []
                case .digits(let digits, let small): big ? digits : [small]
                }
            }
        }
        for (spacers, big) in [(true, true), (false, true), (false, false)] {
            let candidate = lines(spacers: spacers, big: big)
            if candidate.count <= rows { return candidate }
        }
        return Array(lines(spacers: false, big: false).prefix(max(0, rows)))
    }

    /// The keys, on one line or two when the terminal is narrow.
    static func footer(columns: Int) -> [StyledLine] {
        let keys = [
            ("D", "dizzy"), ("K", "knee"), ("S", "stop"), ("A", "ack"), ("R", "resume"), ("E", "end"), ("H", "HR"),
            ("Q", "quit"),
        ]
        var lines: [StyledLine] = [StyledLine()]
        for (key, meaning) in keys {
            let width = 1 + key.count + 1 + meaning.count + 1
            if lines[lines.count - 1].width + width > columns { lines.append(StyledLine()) }
            lines[lines.count - 1].add(" ")
            lines[lines.count - 1].add(key, TextStyle(bold: true, reverse: true))
            lines[lines.count - 1].add(" " + meaning)
        }
        return lines
    }

    private func checkBlocks(columns: Int, rows: Int) -> [Block] {
        var blocks: [Block] = [
            .line(StyledLine(" RETROWALK  readiness check before the session", TextStyle(bold: true))), .spacer,
        ]
        for check in checks {
            var line = StyledLine(" ")
            let color: TextStyle.Color = check.status == "pass" ? .green : check.status == "warn" ? .yellow : .red
            line.add(check.status.uppercased().padded(to: 5), TextStyle(bold: true, color: color))
            line.add(check.step.padded(to: 20) + check.detail)
            blocks.append(.line(line))
        }
        if checks.isEmpty { blocks.append(.line(StyledLine(" checking…", TextStyle(dim: true)))) }
        return blocks
    }

    private func sessionBlocks(_ status: SessionStatus, columns: Int) -> [Block] {
        var blocks: [Block] = []
        // Header: the phase and its countdown, the session clock on the right.
        var header = StyledLine(" ")
        header.add(Self.phaseText(status), TextStyle(bold: true))
        if let ends = status.stepEndsAt, status.phase.isWalking {
            header.add(
                " — " + HumanLog.clock(max(0, (ends - status.time).rounded(.up))) + " left", TextStyle(bold: true))
        }
        let clock = HumanLog.clock(status.time) + " "
        let gap = columns - header.width - clock.count
        if gap > 0 { header.add(String(repeating: " ", count: gap) + clock, TextStyle(dim: true)) }
        blocks.append(.line(header))
        blocks.append(.line(StyledLine(" Next: " + Self.nextStep(status), TextStyle(dim: true))))
        blocks.append(.spacer)

        // The heart rate, big, with its zone beside it.
        let bpmText = status.beatsPerMinute.map { String(Int($0.rounded())) } ?? "--"
        let band = status.band ?? .unknown
        let color = Self.color(of: band)
        let digits = BigDigits.render(bpmText)
        let label = [
            "", "bpm", Self.bandText(band), status.beatsPerMinute == nil ? "no heart rate" : "", "",
        ]
        var big: [StyledLine] = []
        for (index, row) in digits.enumerated() {
            var line = StyledLine("  ")
            line.add(row, TextStyle(bold: true, color: color))
            line.add("   ")
            line.add(label[index], index == 2 ? TextStyle(bold: true, color: color) : .plain)
            big.append(line)
        }
        var small = StyledLine("  HR ")
        small.add(bpmText + " bpm", TextStyle(bold: true, color: color))
        small.add("  " + Self.bandText(band), TextStyle(color: color))
        blocks.append(.digits(big: big, small: small))
        blocks.append(.spacer)
        blocks += zoneBar(status, columns: columns).map(Block.line)
        blocks.append(.spacer)
        blocks.append(.line(signalLine(status)))

        // The alarm, in reverse video.
        if let alarm = status.alarms.last(where: { !$0.acknowledged }) ?? status.alarms.last {
            let state = alarm.acknowledged ? "acknowledged" : "ALARM"
            let text = " \(state) \(alarm.alert.rule) (\(alarm.alert.priority.rawValue)): \(alarm.alert.text) "
            blocks.append(
                .line(StyledLine(text, TextStyle(bold: true, reverse: !alarm.acknowledged, color: .red))))
        } else {
            blocks.append(.line(StyledLine(" no alarm", TextStyle(dim: true))))
        }
        if let awaiting = status.awaiting {
            blocks.append(.line(StyledLine(" " + Self.awaitingText(awaiting), TextStyle(bold: true, color: .yellow))))
        }
        if let lastAnswer { blocks.append(.line(StyledLine(" Last: " + lastAnswer))) }
        if let lastCue { blocks.append(.line(StyledLine(" Said: " + lastCue, TextStyle(dim: true)))) }
        if let closing { blocks.append(.line(StyledLine(" " + closing, TextStyle(bold: true)))) }
        return blocks
    }

    /// `Backward 2/5`, `Warm-up`, `Safe stop (paused)`.
    static func phaseText(_ status: SessionStatus) -> String {
        switch status.phase {
        case .warmup: "Warm-up"
        case .backward: "Backward \(status.bout)/\(status.bouts)"
        case .recovery: "Recovery (forward) after bout \(status.bout)"
        case .cooldown: "Cool-down"
        case .paused: "SAFE STOP (paused)"
        case .walking: "Walking"
        case .done: "Done"
        }
    }

    /// What comes after the current step.
    static func nextStep(_ status: SessionStatus) -> String {
        switch status.phase {
        case .warmup: status.bouts > 0 ? "backward bout 1 of \(status.bouts)" : "walking"
        case .backward: status.bout < status.bouts ? "recovery, walking forward" : "cool-down"
        case .recovery: status.bout < status.bouts ? "backward bout \(status.bout + 1) of \(status.bouts)" : "cool-down"
        case .cooldown: "the end: rate your effort (6–20, then Enter)"
        case .paused: "R resumes the plan, E ends with the cool-down"
        case .walking: "walk on"
        case .done: "Q leaves"
        }
    }

    static func awaitingText(_ awaiting: SessionStatus.Awaiting) -> String {
        switch awaiting {
        case .acknowledge: "Press A to acknowledge the safe stop"
        case .checkIn: "Check-in: any key if fine, D dizzy, K knee pain"
        case .resumeOrEnd: "Safe stop acknowledged: R resume, E end"
        case .rating: "How hard was it? Type 6–20, then Enter"
        }
    }

    static func bandText(_ band: ZoneBand) -> String {
        switch band {
        case .below: "below zone"
        case .zone: "in zone"
        case .above: "above zone"
        case .ceiling: "AT CEILING"
        case .hardCeiling: "HARD CEILING"
        case .unknown: "no signal"
        }
    }

    static func color(of band: ZoneBand) -> TextStyle.Color? {
        switch band {
        case .below: .cyan
        case .zone: .green
        case .above: .yellow
        case .ceiling, .hardCeiling: .red
        case .unknown: nil
        }
    }

    /// The zone as a bar (`.` below, `=` zone, `-` above, `!` ceiling, `#` hard ceiling), a marker under the heart
    /// rate, and the limits' numbers under their places.
    func zoneBar(_ status: SessionStatus, columns: Int) -> [StyledLine] {
        let width = max(10, min(columns - 4, 72))
        let low = max(30, limits.zone.lowerBound - 25)
        let high = limits.hardCeiling + 15
        func column(_ bpm: Double) -> Int {
            min(width - 1, max(0, Int(((bpm - low) / (high - low) * Double(width)).rounded(.down))))
        }
        var bar = StyledLine("  ")
        var runs: [(Character, TextStyle.Color)] = []
        for index in 0..<width {
            let bpm = low + (Double(index) + 0.5) / Double(width) * (high - low)
            let mark: (Character, TextStyle.Color) =
                bpm < limits.zone.lowerBound
                ? (".", .cyan)
                : bpm <= limits.zone.upperBound
                    ? ("=", .green)
                    : bpm < limits.ceiling ? ("-", .yellow) : bpm < limits.hardCeiling ? ("!", .red) : ("#", .red)
            runs.append(mark)
        }
        var start = 0
        while start < runs.count {
            var end = start
            while end < runs.count, runs[end].0 == runs[start].0 { end += 1 }
            bar.add(String(repeating: runs[start].0, count: end - start), TextStyle(color: runs[start].1))
            start = end
        }
        var marker = Array(repeating: Character(" "), count: width + 2)
        if let bpm = status.beatsPerMinute {
            let at = column(bpm) + 2
            marker[at] = "^"
            let value = Array(" \(Int(bpm.rounded()))")
            for (offset, character) in value.enumerated() where at + 1 + offset < marker.count {
                marker[at + 1 + offset] = character
            }
        }
        var numbers = Array(repeating: Character(" "), count: width + 8)
        for bpm in [limits.zone.lowerBound, limits.zone.upperBound, limits.ceiling, limits.hardCeiling] {
            let text = Array("|\(Int(bpm.rounded()))")
            let at = column(bpm) + 2
            guard at + text.count <= numbers.count, numbers[at..<(at + text.count)].allSatisfy({ $0 == " " }) else {
                continue
            }
            numbers.replaceSubrange(at..<(at + text.count), with: text)
        }
        return [
            bar, StyledLine(String(marker), TextStyle(bold: true)),
            StyledLine(String(numbers).trimmingTrailingSpaces, TextStyle(dim: true)),
        ]
    }

    /// `link up · contact yes · battery 83 % · data 0.4 s old`.
    func signalLine(_ status: SessionStatus) -> StyledLine {
        var line = StyledLine(" Signal: ")
        let linkColor: TextStyle.Color = status.link == .up ? .green : status.link == .lost ? .red : .yellow
        line.add("link \(status.link.rawValue)", TextStyle(bold: status.link != .up, color: linkColor))
        let contact: String =
            switch status.contact {
            case .detected: "yes"
            case .notDetected: "NO"
            case .unsupported: "not reported"
            case nil: "?"
            }
        line.add(" · contact ")
        line.add(
            contact, TextStyle(bold: status.contact == .notDetected, color: status.contact == .notDetected ? .red : nil)
        )
        line.add(" · battery " + (status.battery.map { "\($0) %" } ?? "?"))
        if let last = lastSampleTime {
            let age = max(0, status.time - last)
            line.add(" · data \(Int(age.rounded())) s old", TextStyle(bold: age >= 3, color: age >= 3 ? .red : nil))
        } else {
            line.add(" · no data yet")
        }
        return line
    }
}

/// Digits five rows high, drawn with full blocks, two columns per font pixel.
enum BigDigits {
    static let font: [Character: [String]] = [
        "0": ["###", "# #", "# #", "# #", "###"],
        "1": ["## ", " # ", " # ", " # ", "###"],
        "2": ["###", "  #", "###", "#  ", "###"],
        "3": ["###", "  #", "###", "  #", "###"],
        "4": ["# #", "# #", "###", "  #", "  #"],
        "5": ["###", "#  ", "###", "  #", "###"],
        "6": ["###", "#  ", "###", "# #", "###"],
        "7": ["###", "  #", "  #", "  #", "  #"],
        "8": ["###", "# #", "###", "# #", "###"],
        "9": ["###", "# #", "###", "  #", "###"],
        "-": ["   ", "   ", "###", "   ", "   "],
    ]

    /// Five rows for `text` (digits and `-`).
    static func render(_ text: String) -> [String] {
        (0..<5).map { row in
            text.map { character in
                let pixels = font[character]?[row] ?? "   "
                return pixels.map { $0 == "#" ? "██" : "  " }.joined()
            }.joined(separator: "  ")
        }
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }

    var trimmingTrailingNewline: String {
        var text = self
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text
    }

    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
