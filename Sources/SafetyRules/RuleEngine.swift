public import RetroWalkCore

/// The rule set of SAFETY.md ("Proposed default rule set") run over a session: fed with notifications, link
/// events, battery readings, the walker's reports, phase changes and time, it returns the alerts raised, cleared
/// or acknowledged.
///
/// Pure: every input carries its time (seconds since the session started) and nothing reads a clock, so a
/// recording replays exactly. Each call returns its alerts in the rule table's order (U1, U2, R1, RPE, R2, R3,
/// R4, R5, R6, R6b, R7, R8, R9, C1, C2, S1, S2, S3), each rule at most once.
///
/// The signal pipeline (SAFETY.md B): every RR of every notification is used; RR outside `rr_min_ms`…`rr_max_ms`
/// are implausible (longer ones still go to R6/R6b); the plausible ones feed the display HR
/// (``DisplayHeartRate``), the ectopic detector (``EctopicDetector``, latency 5 beats for Lipponen–Tarvainen) and
/// the rhythm rules. R1–R9 and C1's HR watch use only beats and HR taken while the signal is good (contact, ≥ 80 %
/// valid beats in 10 s, no notification gap > 3 s); otherwise S1/S2 speak. A notification gap > 3 s or a lost
/// link breaks the RR series: the detector, R7's run, R8's window and R9's history start again.
///
/// Phases: everything is evaluated in the monitored phases (warm-up, backward, recovery, cool-down, paused), and
/// nothing after `done`. R4, R5, R9 and the RPE prompt judge walking only (warm-up, backward, recovery); R5 and
/// R9 are also suspended for `r5.suspend_after_stop_s` after a planned stop (entering cool-down or paused from a
/// walking phase). Entering cool-down or paused after a backward bout starts C1's watch and C2's reading. Raised
/// alerts whose rule no longer raises in a phase still clear by their own hysteresis (R4 and the RPE stop prompt
/// clear at once when walking stops).
///
/// Variants (from ``Profile``): β-blocker — limits on Brawner or the clinician's values (``HeartRateLimits``), R4
/// off, R1 replaced by the RPE prompt; known AF — R7/R8 off, R2/R3 on the median HR of the last
/// `known_af.median_beats` beats; pacemaker — R4/R5 off; rehab phase I and outpatient — through the limits.
public struct RuleEngine: Sendable {
    /// The limits the rules use.
    public let limits: HeartRateLimits
    /// The settings the rules use.
    public let settings: RuleSettings
    /// The phase the engine was last told.
    public private(set) var phase: Phase = .warmup

    private let knownAF: Bool
    private var display: DisplayHeartRate
    private var quality: SignalQuality
    private var detector: EctopicDetector
    private var classifier: RhythmClassifier
    private var recentRR = SortedWindow(capacity: 11)
    private var afRR: SortedWindow
    private var zones = TimeInZones()
    private var currentBand = ZoneBand.unknown
    private var lastTime = 0.0
    private var lastSampleTime: Double?
    private var walkingSeconds = 0.0
    private var suspendedUntil = -Double.infinity
    private var boutSinceStop = false
    private var isSignalGood = false
    private var hasNewReading = false

    private var userStopRule = UserStopRule()
    private var symptomCheck: SymptomCheckRule?
    private var aboveZone: AboveZoneRule?
    private var effortPrompt: EffortPromptRule?
    private var nearCeiling: NearCeilingRule?
    private var hardCeiling: HardCeilingRule?
    private var notRising: HeartRateNotRisingRule?
    private var suddenDrop: SuddenDropRule?
    private var pause: PauseRule?
    private var longGap: LongBeatGapRule?
    private var ectopy: FrequentEctopyRule?
    private var irregular: IrregularRhythmRule?
    private var jump: AbruptJumpRule?
    private var cooldownGuard: CooldownGuardRule?
    private var recovery: RecoveryLogRule?
    private var poorContact: PoorContactRule?
    private var monitoringLost: MonitoringLostRule?
    private var battery: BatteryLowRule?

    private var raised = [Alert?](repeating: nil, count: RuleSlot.allCases.count)
    private var acknowledged = [Bool](repeating: false, count: RuleSlot.allCases.count)

    /// Creates the engine for a walker.
    ///
    /// - Parameters:
    ///   - profile: The walker's set-up values and variants.
    ///   - settings: Every threshold (the defaults of SAFETY.md unless the user's `rules.yaml` says otherwise).
    ///   - sessionNumber: The walker's session count, starting at 1 (for the outpatient-rehab zone cap).
    public init(profile: Profile, settings: RuleSettings = .defaults, sessionNumber: Int = 1) {
        let limits = HeartRateLimits(profile: profile, settings: settings, sessionNumber: sessionNumber)
        self.limits = limits
        self.settings = settings
        knownAF = profile.knownAF
        display = DisplayHeartRate(settings: settings)
        quality = SignalQuality(settings: settings)
        detector = EctopicDetector(settings: settings)
        classifier = RhythmClassifier(settings: settings)
        afRR = SortedWindow(capacity: max(1, Int(settings.afMedianBeats)))
        let resting = limits.restingBPM
        if settings.u2Enabled { symptomCheck = SymptomCheckRule(settings: settings) }
        if profile.betaBlocker {
            effortPrompt = EffortPromptRule(settings: settings)
        } else if settings.r1Enabled {
            aboveZone = AboveZoneRule(upperBPM: limits.zoneBPM.upperBound, settings: settings)
        }
        if settings.r2Enabled { nearCeiling = NearCeilingRule(ceilingBPM: limits.ceilingBPM, settings: settings) }
        if settings.r3Enabled { hardCeiling = HardCeilingRule(thresholdBPM: limits.hardCeilingBPM, settings: settings) }
        if settings.r4Enabled, !profile.betaBlocker, !profile.pacemaker {
            notRising = HeartRateNotRisingRule(restingBPM: resting, settings: settings)
        }
        if settings.r5Enabled, !profile.pacemaker { suddenDrop = SuddenDropRule(settings: settings) }
        if settings.r6Enabled { pause = PauseRule(settings: settings) }
        if settings.r6bEnabled { longGap = LongBeatGapRule(settings: settings) }
        if settings.r7Enabled, !profile.knownAF { ectopy = FrequentEctopyRule(settings: settings) }
        if settings.r8Enabled, !profile.knownAF { irregular = IrregularRhythmRule(settings: settings) }
        if settings.r9Enabled { jump = AbruptJumpRule(settings: settings) }
        if settings.c1Enabled { cooldownGuard = CooldownGuardRule(restingBPM: resting, settings: settings) }
        if settings.c2Enabled { recovery = RecoveryLogRule(settings: settings) }
        if settings.s1Enabled { poorContact = PoorContactRule(settings: settings) }
        if settings.s2Enabled { monitoringLost = MonitoringLostRule(settings: settings) }
        if settings.s3Enabled { battery = BatteryLowRule(settings: settings) }
    }

    // MARK: State for the screen and the summary

    /// The current display heart rate, bpm (`nil` before any data or after a lost link).
    public var displayBPM: Double? { display.beatsPerMinute }

    /// Whether the signal was good at the last input.
    public var hasGoodSignal: Bool { isSignalGood }

    /// Where the display HR sits (``ZoneBand/unknown`` without a good signal; `nil` before any data).
    public var band: ZoneBand? {
        guard let bpm = display.beatsPerMinute else { return nil }
        return limits.band(for: isSignalGood ? bpm : nil)
    }

    /// Seconds spent in each band so far, keyed by ``ZoneBand`` raw value (`time_in_zones_s`).
    public var timeInZones: [String: Double] { zones.secondsByBand }

    /// Ids of the alerts currently raised (info prompts are never raised), in the rule table's order.
    public var raisedRules: [String] { raised.compactMap { $0?.rule } }

    /// Whether any raised alert is of medium or high priority.
    public var alarmActive: Bool { raised.contains { ($0?.priority ?? .info) >= .medium } }

    // MARK: Inputs

    /// Tells the engine the plan entered `phase` at `time`.
    ///
    /// - Returns: Alerts the change causes: U1 cleared on resuming after a pause, R4 and the RPE stop prompt
    ///   cleared when walking stops, C1's spoken prompt at a stop after a bout. Nothing once `done`.
    public mutating func enter(_ newPhase: Phase, at time: Double) -> [Alert] {
        guard phase != .done else { return [] }
        let now = advanceClock(to: time)
        let previous = phase
        phase = newPhase
        guard newPhase != .done else { return [] }
        var alerts = AlertBatch()
        if previous == .paused, newPhase.isWalking { alerts.add(.u1, userStopRule.walkerResumed()) }
        let wasWalking = Self.isWalking(previous)
        if wasWalking, !Self.isWalking(newPhase) {
            suspendedUntil = now + settings.walkingSuspendSeconds
            suddenDrop?.suspend()
            alerts.add(.r4, notRising?.stopWalking())
            alerts.add(.rpe, effortPrompt?.walkerStopped())
        }
        jump?.interrupt(at: now)
        if newPhase == .backward || newPhase == .walking { boutSinceStop = true }
        if newPhase == .paused || newPhase == .cooldown, boutSinceStop {
            boutSinceStop = false
            let highRaised = raised.contains { $0?.priority == .high }
            alerts.add(.c1, cooldownGuard?.start(at: now, speak: !highRaised))
            recovery?.stop(at: now)
        }
        symptomCheck?.enter(newPhase, from: previous, at: now)
        return record(alerts)
    }

    /// Takes one Heart Rate Measurement notification.
    public mutating func receive(_ sample: HeartRateSample) -> [Alert] {
        let gapped = lastSampleTime.map { sample.time - $0 > settings.maxGapSeconds } ?? false
        if gapped { breakSeries(at: sample.time) }
        lastSampleTime = sample.time
        quality.noteSample(sample)
        quality.expire(at: sample.time)
        let monitored = phase != .done
        let gate = monitored && !gapped && quality.isGood(at: sample.time)
        monitoringLost?.noteData(at: sample.time)
        display.noteReportedRate(sample.beatsPerMinute)

        var total = 0.0
        for raw in sample.rrIntervals { total += RRInterval.milliseconds(fromRaw: raw) }
        var beatTime = sample.time - total / 1000
        for raw in sample.rrIntervals {
            let rr = RRInterval.milliseconds(fromRaw: raw)
            beatTime += rr / 1000
            process(rr: rr, at: beatTime, sampleTime: sample.time, gate: gate)
        }
        drainClassified(gate: gate, at: sample.time)
        hasNewReading = true
        guard monitored else { return [] }
        return record(evaluate(at: sample.time))
    }

    /// Takes a link event.
    public mutating func receive(signal state: SignalState, at time: Double) -> [Alert] {
        guard phase != .done else { return [] }
        if state == .lost {
            display.reset()
            quality.forgetBeats()
            breakSeries(at: time)
        }
        monitoringLost?.noteLink(state, at: time)
        return record(evaluate(at: time))
    }

    /// Takes a battery reading of the strap (or the phone), percent (rule S3).
    public mutating func receive(battery percent: Int, at time: Double) -> [Alert] {
        guard phase != .done else { return [] }
        var alerts = AlertBatch()
        alerts.add(.s3, battery?.receive(batteryPercent: percent))
        return record(alerts)
    }

    /// The walker reported a symptom (a key, a check-in, a "yes" to U2): U1 is raised; a raised low R4 becomes
    /// medium.
    public mutating func report(_ symptom: Symptom, at time: Double) -> [Alert] {
        guard phase != .done else { return [] }
        var alerts = AlertBatch()
        alerts.add(.u1, userStopRule.report())
        alerts.add(.r4, notRising?.noteSymptom(at: time))
        return record(alerts)
    }

    /// The walker rated their effort (Borg 6–20); on a β-blocker a rating at or above `rpe_stop` raises the stop
    /// prompt.
    public mutating func report(rpe: Int, at time: Double) -> [Alert] {
        guard phase != .done else { return [] }
        var alerts = AlertBatch()
        alerts.add(.rpe, effortPrompt?.report(rating: rpe, at: time))
        return record(alerts)
    }

    /// The walker pressed stop (or said "stop"): U1 is raised.
    public mutating func userStop(at time: Double) -> [Alert] {
        guard phase != .done else { return [] }
        var alerts = AlertBatch()
        alerts.add(.u1, userStopRule.report())
        return record(alerts)
    }

    /// The walker acknowledged the sounding alarm: every raised high alarm not yet acknowledged is returned as
    /// `.acknowledged` (it stops repeating in sound and stays raised until its condition clears).
    public mutating func acknowledge(at time: Double) -> [Alert] {
        var alerts: [Alert] = []
        for slot in RuleSlot.allCases {
            guard let alert = raised[slot.rawValue], alert.priority == .high, !acknowledged[slot.rawValue] else {
                continue
            }
            acknowledged[slot.rawValue] = true
            var copy = alert
            copy.change = .acknowledged
            alerts.append(copy)
        }
        return alerts
    }

    /// Lets time-based conditions fire without new samples; call it every 0.1–1 s.
    public mutating func tick(at time: Double) -> [Alert] {
        guard phase != .done else { return [] }
        return record(evaluate(at: time))
    }

    // MARK: The pipeline

    private static func isWalking(_ phase: Phase) -> Bool {
        phase == .warmup || phase == .backward || phase == .recovery || phase == .walking
    }

    /// Whether R5's bradycardia test applies: the walker is on their feet (cool-down too). In cool-down C1 may
    /// speak for the same low rate later: it watches the display HR, which lags 6–16 s at these rates, where R5
    /// times the beats themselves.
    private func bradycardiaApplies(at now: Double) -> Bool {
        Self.isWalking(phase) || phase == .cooldown
    }

    private func walkingRulesApply(at now: Double) -> Bool {
        Self.isWalking(phase) && now + timeTolerance >= suspendedUntil
    }

    /// Moves the session clock: walking time and time in zones up to `time` (never backwards).
    private mutating func advanceClock(to time: Double) -> Double {
        let now = max(time, lastTime)
        if Self.isWalking(phase) { walkingSeconds += now - lastTime }
        lastTime = now
        zones.record(currentBand, at: now)
        return now
    }

    /// A gap in the data: intervals across it are not successive.
    private mutating func breakSeries(at now: Double) {
        detector.reset()
        classifier.reset()
        irregular?.reset()
        ectopy?.interrupt()
        jump?.interrupt(at: now)
    }

    private mutating func process(rr: Double, at time: Double, sampleTime: Double, gate: Bool) {
        let plausible = rr >= settings.rrMinMs && rr <= settings.rrMaxMs
        var isPause = false
        if gate {
            let median = recentRR.count > 0 ? recentRR.median : nil
            isPause = pause?.receive(rrMilliseconds: rr, medianRR: median) ?? false
            longGap?.receive(rrMilliseconds: rr, isPause: isPause)
        }
        // A pause R6 recognised is the heart's, not the strap's: it does not make the signal poor.
        quality.addBeat(at: time, rrMilliseconds: rr, isValid: plausible || isPause)
        guard plausible else { return }
        display.add(rrMilliseconds: rr)
        recentRR.append(rr)
        afRR.append(rr)
        detector.append(rrMilliseconds: rr, at: time)
        classifier.append(rrMilliseconds: rr, at: time)
        if gate { suddenDrop?.receive(rrMilliseconds: rr, at: time) }
    }

    /// Hands the beats whose class is final to the rhythm rules; R9 takes them here too, so that a detection
    /// artefact (a missed beat halves the beat rate) is never a rise to jump from.
    private mutating func drainClassified(gate: Bool, at sampleTime: Double) {
        while let beat = detector.popClassified() { classifier.receive(beat) }
        while let beat = classifier.popClassified() {
            if beat.classification.isArtefact { quality.markArtefact(at: beat.time) }
            guard gate else {
                ectopy?.interrupt()
                irregular?.reset()
                continue
            }
            if beat.classification == .missed { longGap?.noteMissedBeat(at: beat.time) }
            if !beat.classification.isArtefact, walkingRulesApply(at: sampleTime) {
                jump?.receive(rrMilliseconds: beat.rrMilliseconds, at: beat.time)
            }
            ectopy?.receive(beat)
            if beat.classification == .normal {
                irregular?.receive(normalRRMilliseconds: beat.rrMilliseconds, heartRate: display.beatsPerMinute)
            }
        }
    }

    /// Every rule at `time`, in table order.
    private mutating func evaluate(at time: Double) -> AlertBatch {
        quality.expire(at: max(time, lastTime))
        let good = quality.isGood(at: max(time, lastTime))
        isSignalGood = good
        let bpm = good ? display.beatsPerMinute : nil
        currentBand = limits.band(for: bpm)
        let now = advanceClock(to: time)
        let newReading = hasNewReading
        hasNewReading = false
        let walking = Self.isWalking(phase)
        var alerts = AlertBatch()

        alerts.add(.u2, symptomCheck?.evaluate(at: now))
        if let bpm {
            alerts.add(.r1, aboveZone?.receive(heartRate: bpm, at: now))
        } else {
            aboveZone?.suspend()
        }
        alerts.add(.rpe, effortPrompt?.evaluate(at: now, walking: walking))

        let ceilingBPM = knownAF ? (good && afRR.count > 0 ? 60_000 / afRR.median : nil) : bpm
        if let ceilingBPM {
            alerts.add(.r2, nearCeiling?.receive(heartRate: ceilingBPM, at: now))
            alerts.add(.r3, hardCeiling?.receive(heartRate: ceilingBPM, at: now))
        } else {
            nearCeiling?.suspend()
            hardCeiling?.suspend()
        }

        if let bpm {
            if walking {
                alerts.add(.r4, notRising?.receive(heartRate: bpm, walkingSeconds: walkingSeconds, at: now))
            }
            let dropApplies = walkingRulesApply(at: now)
            let slowApplies = bradycardiaApplies(at: now)
            alerts.add(
                .r5,
                suddenDrop?.receive(
                    heartRate: bpm, isNewReading: newReading, dropApplies: dropApplies,
                    bradycardiaApplies: slowApplies, at: now))
        } else {
            notRising?.suspend()
            suddenDrop?.suspend()
        }

        alerts.add(.r6, pause?.evaluate(at: now, signalIsGood: good))
        alerts.add(.r6b, longGap?.evaluate(at: now, signalIsGood: good))
        alerts.add(.r7, ectopy?.evaluate(at: now, signalIsGood: good))
        alerts.add(.r8, irregular?.evaluate(at: now, signalIsGood: good))
        alerts.add(.r9, jump?.evaluate(heartRate: bpm, at: now))

        if let bpm {
            alerts.add(.c1, cooldownGuard?.receive(heartRate: bpm, at: now))
            if phase == .backward || phase == .walking { recovery?.noteExercise(heartRate: bpm) }
        } else {
            cooldownGuard?.suspend()
        }
        alerts.add(.c2, recovery?.evaluate(heartRate: bpm, at: now))

        let poor = quality.isPoor(at: now)
        alerts.add(.s1, poorContact?.update(isPoor: poor, at: now))
        monitoringLost?.notePoorSignal(poor, at: now)
        alerts.add(.s2, monitoringLost?.evaluate(at: now))
        return alerts
    }

    /// Updates the raised-alert table and returns the alerts in table order.
    private mutating func record(_ batch: AlertBatch) -> [Alert] {
        guard !batch.isEmpty else { return [] }
        let entries = batch.sorted
        for (slot, alert) in entries {
            switch alert.change {
            case .raised:
                if alert.priority != .info {
                    raised[slot.rawValue] = alert
                    acknowledged[slot.rawValue] = false
                }
            case .cleared:
                raised[slot.rawValue] = nil
                acknowledged[slot.rawValue] = false
            case .acknowledged:
                acknowledged[slot.rawValue] = true
            }
        }
        return entries.map(\.alert)
    }
}

/// The rules in table order; the engine's raised-alert table is indexed by it.
enum RuleSlot: Int, CaseIterable, Sendable {
    case u1, u2, r1, rpe, r2, r3, r4, r5, r6, r6b, r7, r8, r9, c1, c2, s1, s2, s3
}

/// The alerts of one engine call, at most one per rule (a later one for the same rule replaces the earlier).
struct AlertBatch: Sendable {
    private var entries: [(slot: RuleSlot, alert: Alert)] = []

    var isEmpty: Bool { entries.isEmpty }

    /// Inlined: evaluate calls it for every rule on every tick, and almost always with `nil`.
    @inline(__always)
    mutating func add(_ slot: RuleSlot, _ alert: Alert?) {
        if let alert { insert(slot, alert) }
    }

    private mutating func insert(_ slot: RuleSlot, _ alert: Alert) {
        if let index = entries.firstIndex(where: { $0.slot == slot }) {
            entries[index].alert = alert
        } else {
            entries.append((slot, alert))
        }
    }

    /// The alerts in table order.
    var sorted: [(slot: RuleSlot, alert: Alert)] {
        entries.count > 1 ? entries.sorted { $0.slot.rawValue < $1.slot.rawValue } : entries
    }
}
