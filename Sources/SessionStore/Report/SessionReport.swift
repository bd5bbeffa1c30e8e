public import RetroWalkCore

/// The summary of one session, per session and per bout, computed from its stored samples and events.
///
/// Everything is derived from what was stored, never from the closing summary the runner wrote, so a session
/// that was killed mid-way (closed as interrupted at its last sample) has the same report as one that finished.
/// Pure: it takes rows, reads no clock and opens nothing (``build(session:samples:events:fallbackSetup:)``).
///
/// Definitions:
/// - **Steps** (laps): each `phase` event starts a step that lasts until the next one; the last step runs to the
///   session's end (the closing words after "Session complete" belong to it). No phase event: one `walking` step.
/// - **Heart rate**: the strap's reported bpm of each notification with skin contact (or contact sensing
///   unsupported). Mean and maximum are over those samples.
/// - **Time in zones**: each such sample counts from its arrival until the next notification, at most
///   ``signalGapSeconds``; its bpm is placed in the band of the session's limits (``SessionSetup``) as the rules
///   do (ceilings inclusive). Time without such a sample is `unknown`.
/// - **Per bout**: mean and peak HR, time from the bout's start to its first sample at the peak, and HR recovery
///   30 s and 60 s after the bout's end: the peak minus the HR then (rule C2's definition, Cole et al. 1999). A bout
///   is *done* when it ran its full length and the plan moved on (not a safe stop, not the end of the session).
/// - **After the session**: the session's peak HR in its bouts minus the HR 30 s and 60 s into the cool-down (the
///   end of the last bout when there is no cool-down), as Cole measured it after exercise.
/// - **Signal gaps**: no notification for more than ``signalGapSeconds`` (the link supervisor's stall limit), and
///   runs of notifications reporting no skin contact.
public struct SessionReport: Sendable, Hashable {
    /// Longest interval a notification stands for; a longer silence is a signal gap (LinkSupervisor's 3 s).
    public static let signalGapSeconds = 3.0
    /// How far from the wanted time a sample may be to give "the HR at" that time.
    public static let sampleTolerance = 3.0

    /// One step of the plan as walked (a lap of the exports).
    public struct Step: Sendable, Hashable {
        /// `warmup`, `backward`, `recovery`, `cooldown`, `paused` or `walking`.
        public var phase: String
        /// The backward bout (0 outside bouts; the bout a recovery or pause follows).
        public var bout: Int
        /// Start and end, seconds since the session started.
        public var start: Double
        public var end: Double
        /// Mean and maximum HR of the step, `nil` without a sample.
        public var meanBPM: Double?
        public var maxBPM: Int?
        /// The samples of the step (indices into the report's samples).
        public var sampleRange: Range<Int>

        public var duration: Double { end - start }
    }

    /// One backward bout.
    public struct Bout: Sendable, Hashable {
        public var number: Int
        public var start: Double
        public var end: Double
        /// Whether it ran its full length and the plan moved on.
        public var isDone: Bool
        public var meanBPM: Double?
        public var peakBPM: Int?
        /// Seconds from the bout's start to its first sample at the peak.
        public var timeToPeak: Double?
        /// Peak minus HR 30 s and 60 s after the bout's end, bpm.
        public var recovery30: Int?
        public var recovery60: Int?

        public var duration: Double { end - start }
    }

    /// One alarm raised (priority above info).
    public struct Alarm: Sendable, Hashable {
        public var time: Double
        public var rule: String
        public var priority: Priority
        public var text: String
        /// When it cleared, if it did.
        public var clearedAt: Double?
    }

    /// A time without a usable signal.
    public struct SignalGap: Sendable, Hashable {
        /// `no_data` (no notification) or `no_contact` (the strap reported no skin contact).
        public var kind: String
        public var start: Double
        public var end: Double
        /// The capture layer's reason, when a `signal` event gave one.
        public var reason: String?

        public var duration: Double { end - start }
    }

    /// A symptom report.
    public struct SymptomReport: Sendable, Hashable {
        public var time: Double
        public var symptom: String
        /// `key`, `checkin` or `question`.
        public var source: String
    }

    /// A check-in answer.
    public struct CheckIn: Sendable, Hashable {
        public var time: Double
        public var bout: Int
        /// `fine`, `dizzy`, `knee_pain` or `missed`.
        public var answer: String
    }

    // MARK: Identity

    public var id: Int64
    /// The local start, ISO 8601 with its offset, as stored.
    public var startedAt: String
    public var start: WallTime?
    public var plan: String
    public var source: String
    public var isSimulated: Bool
    /// How it ended; `nil` while it is running.
    public var endState: SessionEndState?

    // MARK: Limits

    /// The limits and walker values the session is measured against.
    public var setup: SessionSetup?
    /// Whether ``setup`` is the one stored with the session (otherwise: the profile in force now).
    public var isSetupStored: Bool

    // MARK: Summary

    /// Seconds from the start to the end (the last sample for an interrupted session).
    public var duration: Double
    /// The notifications stored.
    public var samples: [HeartRateSample]
    public var meanBPM: Double?
    public var maxBPM: Int?
    /// Seconds per band (`ZoneBand` raw values; every band present).
    public var timeInZones: [String: Double]
    public var steps: [Step]
    public var bouts: [Bout]
    /// Bouts the plan had (`nil` when unknown).
    public var boutsPlanned: Int?
    /// Length of each backward bout, seconds, as planned.
    public var backwardSeconds: Int?
    public var sessionRecovery30: Int?
    public var sessionRecovery60: Int?
    public var alarms: [Alarm]
    public var symptoms: [SymptomReport]
    public var checkIns: [CheckIn]
    public var gaps: [SignalGap]
    public var effort: EffortRating?
    public var energy: EnergyEstimate?

    /// Bouts done.
    public var boutsDone: Int { bouts.filter(\.isDone).count }

    /// Alarms per rule.
    public var alarmsByRule: [String: Int] {
        alarms.reduce(into: [:]) { counts, alarm in counts[alarm.rule, default: 0] += 1 }
    }

    /// The highest alarm, first raised at its priority.
    public var highestAlarm: Alarm? {
        alarms.reduce(nil) { best, alarm in
            guard let best else { return alarm }
            return alarm.priority > best.priority ? alarm : best
        }
    }

    /// Missed check-ins.
    public var missedCheckIns: Int { checkIns.filter { $0.answer == "missed" }.count }

    /// The wall-clock end, when the start is known.
    public var end: WallTime? { start?.adding(seconds: duration) }
}

extension SessionReport {
    /// Builds the report of a session from its stored rows.
    ///
    /// - Parameters:
    ///   - session: The session row.
    ///   - samples: Its notifications, in time order.
    ///   - events: Its timeline events (samples need not be among them), in time order.
    ///   - fallbackSetup: The limits to use when the session stored none (the profile in force).
    /// - Returns: The report. Never fails: what cannot be computed is `nil`.
    public static func build(
        session: SessionRecord,
        samples: [HeartRateSample],
        events: [TimelineEvent],
        fallbackSetup: SessionSetup? = nil
    ) -> SessionReport {
        let events = events.filter { $0.event != "sample" }
        let lastTime = max(samples.last?.time ?? 0, events.last?.t ?? 0)
        let duration = session.durationSeconds ?? lastTime
        let setup = session.setup ?? fallbackSetup
        let usable = samples.map { $0.beatsPerMinute > 0 && $0.contact != .notDetected }

        var report = SessionReport(
            id: session.id ?? 0,
            startedAt: session.startedAt,
            start: WallTime(iso: session.startedAt),
            plan: session.plan,
            source: session.source,
            isSimulated: session.isSimulated,
            endState: session.end,
            setup: setup,
            isSetupStored: session.setup != nil,
            duration: duration,
            samples: samples,
            meanBPM: nil,
            maxBPM: nil,
            timeInZones: [:],
            steps: [],
            bouts: [],
            boutsPlanned: session.boutsPlanned,
            backwardSeconds: session.backwardSeconds,
            alarms: [],
            symptoms: [],
            checkIns: [],
            gaps: [],
            effort: nil,
            energy: nil
        )

        // Heart rate over the session.
        let rates = samples.indices.filter { usable[$0] }.map { Int(samples[$0].beatsPerMinute) }
        report.meanBPM = rates.isEmpty ? nil : Double(rates.reduce(0, +)) / Double(rates.count)
        report.maxBPM = rates.max()

        // Time in zones.
        var zones = [String: Double]()
        for band in ZoneBand.allCases { zones[band.rawValue] = 0 }
        var known = 0.0
        for index in samples.indices where usable[index] {
            let next = index + 1 < samples.count ? samples[index + 1].time : duration
            let span = max(0, min(next, duration, samples[index].time + signalGapSeconds) - samples[index].time)
            guard span > 0 else { continue }
            let zone = setup.map { Self.band(Double(samples[index].beatsPerMinute), $0) } ?? ZoneBand.unknown
            zones[zone.rawValue, default: 0] += span
            known += span
        }
        zones[ZoneBand.unknown.rawValue, default: 0] += max(0, duration - known)
        report.timeInZones = zones

        // Steps and bouts.
        report.steps = steps(events: events, samples: samples, usable: usable, duration: duration)
        report.bouts = bouts(
            steps: report.steps, samples: samples, usable: usable, backwardSeconds: session.backwardSeconds)
        (report.sessionRecovery30, report.sessionRecovery60) = sessionRecovery(
            steps: report.steps, bouts: report.bouts, samples: samples, usable: usable)

        // Alarms, symptoms, check-ins, effort.
        for (index, event) in events.enumerated() {
            switch event.event {
            case "alarm":
                guard let rule = event.rule, let priority = event.priority.flatMap(Priority.init(rawValue:)),
                    priority > .info
                else { continue }
                let cleared = events[(index + 1)...].first { $0.event == "clear" && $0.rule == rule }?.t
                report.alarms.append(
                    Alarm(time: event.t, rule: rule, priority: priority, text: event.text ?? "", clearedAt: cleared))
            case "symptom":
                report.symptoms.append(
                    SymptomReport(time: event.t, symptom: event.symptom ?? "unknown", source: event.source ?? "key"))
            case "checkin":
                report.checkIns.append(
                    CheckIn(time: event.t, bout: event.bout ?? 0, answer: event.answer ?? "missed"))
            default:
                break
            }
        }
        if let value = session.rpe, let scale = session.rpeScale.flatMap(EffortScale.init(rawValue:)) {
            report.effort = EffortRating(value: value, scale: scale)
        } else if let rated = events.last(where: { $0.event == "rpe" }), let value = rated.value,
            let scale = rated.scale.flatMap(EffortScale.init(rawValue:))
        {
            report.effort = EffortRating(value: value, scale: scale)
        }

        report.gaps = gaps(samples: samples, events: events, duration: duration)
        report.energy = setup.map { EnergyEstimate(steps: report.steps, samples: samples, usable: usable, setup: $0) }
        return report
    }

    /// The band of a heart rate, as `HeartRateLimits.band(for:)` places it.
    static func band(_ bpm: Double, _ setup: SessionSetup) -> ZoneBand {
        if bpm >= setup.hardCeilingBPM { return .hardCeiling }
        if bpm >= setup.ceilingBPM { return .ceiling }
        if bpm > setup.zoneBPM.upperBound { return .above }
        if bpm >= setup.zoneBPM.lowerBound { return .zone }
        return .below
    }

    static func steps(events: [TimelineEvent], samples: [HeartRateSample], usable: [Bool], duration: Double)
        -> [Step]
    {
        var marks: [(t: Double, phase: String, bout: Int)] = []
        for event in events where event.event == "phase" {
            marks.append((event.t, event.phase ?? "walking", event.bout ?? 0))
        }
        if marks.isEmpty { marks = [(0, "walking", 0)] }
        var steps: [Step] = []
        var sampleIndex = 0
        for (index, mark) in marks.enumerated() where mark.phase != "done" {
            // The step ends at the next phase event; the last one that is not `done` runs to the session's end.
            let laterSteps = marks[(index + 1)...].contains { $0.phase != "done" }
            let nextMark = index + 1 < marks.count ? marks[index + 1].t : duration
            let end = laterSteps ? nextMark : max(duration, mark.t)
            let start = steps.isEmpty ? min(0, mark.t) : mark.t
            while sampleIndex < samples.count, samples[sampleIndex].time < start { sampleIndex += 1 }
            let first = sampleIndex
            while sampleIndex < samples.count, samples[sampleIndex].time < end || !laterSteps {
                sampleIndex += 1
            }
            let range = first..<sampleIndex
            let rates = range.filter { usable[$0] }.map { Int(samples[$0].beatsPerMinute) }
            steps.append(
                Step(
                    phase: mark.phase, bout: mark.bout, start: start, end: end,
                    meanBPM: rates.isEmpty ? nil : Double(rates.reduce(0, +)) / Double(rates.count),
                    maxBPM: rates.max(), sampleRange: range))
        }
        // Steps of no length (two phase events at one time) carry nothing.
        return steps.filter { $0.end > $0.start || $0.sampleRange.count > 0 }
    }

    static func bouts(steps: [Step], samples: [HeartRateSample], usable: [Bool], backwardSeconds: Int?) -> [Bout] {
        var bouts: [Bout] = []
        for (index, step) in steps.enumerated() where step.phase == "backward" {
            let next = index + 1 < steps.count ? steps[index + 1] : nil
            let fullLength = backwardSeconds.map { step.duration >= Double($0) - 1 } ?? true
            let done = next != nil && next?.phase != "paused" && fullLength
            var peak: (bpm: Int, time: Double)?
            for sampleIndex in step.sampleRange where usable[sampleIndex] {
                let bpm = Int(samples[sampleIndex].beatsPerMinute)
                if bpm > (peak?.bpm ?? -1) { peak = (bpm, samples[sampleIndex].time) }
            }
            let after30 = heartRate(at: step.end + 30, samples: samples, usable: usable)
            let after60 = heartRate(at: step.end + 60, samples: samples, usable: usable)
            bouts.append(
                Bout(
                    number: step.bout, start: step.start, end: step.end, isDone: done, meanBPM: step.meanBPM,
                    peakBPM: peak?.bpm, timeToPeak: peak.map { $0.time - step.start },
                    recovery30: peak.flatMap { p in after30.map { p.bpm - $0 } },
                    recovery60: peak.flatMap { p in after60.map { p.bpm - $0 } }))
        }
        return bouts
    }

    static func sessionRecovery(steps: [Step], bouts: [Bout], samples: [HeartRateSample], usable: [Bool]) -> (
        Int?, Int?
    ) {
        guard let peak = bouts.compactMap(\.peakBPM).max(), let lastBout = bouts.last else { return (nil, nil) }
        let stop = steps.first { $0.phase == "cooldown" && $0.start >= lastBout.start }?.start ?? lastBout.end
        let after30 = heartRate(at: stop + 30, samples: samples, usable: usable)
        let after60 = heartRate(at: stop + 60, samples: samples, usable: usable)
        return (after30.map { peak - $0 }, after60.map { peak - $0 })
    }

    /// The HR of the last usable sample at or before `time`, if it arrived within ``sampleTolerance`` of it.
    static func heartRate(at time: Double, samples: [HeartRateSample], usable: [Bool]) -> Int? {
        var low = 0
        var high = samples.count
        while low < high {
            let middle = (low + high) / 2
            if samples[middle].time <= time { low = middle + 1 } else { high = middle }
        }
        var index = low - 1
        while index >= 0, !usable[index] { index -= 1 }
        guard index >= 0, time - samples[index].time <= sampleTolerance else { return nil }
        return Int(samples[index].beatsPerMinute)
    }

    static func gaps(samples: [HeartRateSample], events: [TimelineEvent], duration: Double) -> [SignalGap] {
        var gaps: [SignalGap] = []
        func reason(in range: ClosedRange<Double>, states: Set<String>) -> String? {
            events.first { $0.event == "signal" && states.contains($0.state ?? "") && range.contains($0.t) }?.reason
        }
        var previous = 0.0
        for sample in samples {
            if sample.time - previous > signalGapSeconds {
                gaps.append(
                    SignalGap(
                        kind: "no_data", start: previous, end: sample.time,
                        reason: reason(in: previous...sample.time, states: ["lost"])))
            }
            previous = sample.time
        }
        if !samples.isEmpty, duration - previous > signalGapSeconds {
            gaps.append(
                SignalGap(
                    kind: "no_data", start: previous, end: duration,
                    reason: reason(in: previous...duration, states: ["lost"])))
        }
        var contactLostSince: Double?
        for sample in samples {
            if sample.contact == .notDetected {
                contactLostSince = contactLostSince ?? sample.time
            } else if let since = contactLostSince {
                gaps.append(SignalGap(kind: "no_contact", start: since, end: sample.time, reason: nil))
                contactLostSince = nil
            }
        }
        if let since = contactLostSince {
            gaps.append(SignalGap(kind: "no_contact", start: since, end: max(since, samples.last?.time ?? since)))
        }
        return gaps.sorted { $0.start < $1.start }
    }
}
