public import RetroWalkCore
public import SafetyRules
import SoundEngine
public import WalkCoach

/// One session's decisions: a pure state machine, the only one every front end drives.
///
/// Inputs (``SessionInput``) go in stamped with the session clock; effects (``SessionEffect``) come out: timeline
/// events for every output (screen, JSON, database, publishers), sound requests for the speaker, link commands for
/// the capture layer, and the end. No I/O and no clock: `walk`, `replay`, `check`, `rest` and `serve` all feed one
/// of these through the same driver, so a recording replays to the events the live session produced.
///
/// What it holds:
/// - the rules (``SafetyRules/RuleEngine``) and the coach (``WalkCoach/Coach``): a high-priority alarm or a
///   symptom key starts the coach's safe stop; acknowledge reaches both; the effort rating goes to the coach when
///   it asked for one, otherwise to the rules (β-blocker RPE prompts);
/// - the link's health as the walker sees it: `connecting`, `connected` with the first notification, `lost` on a
///   transport failure or a stall (no notification for ``stallLimit``), `restored` with the next notification;
///   a stall also asks the capture layer to reconnect (``SessionEffect/restartLink(reason:)``);
/// - the walker's keys: the terminal's or a button's, `--keys` scripted ones, or the ``SimulatedWalker``'s;
/// - the end: the plan's end and the closing words (or the effort rating, when a walker can give one), the end of
///   a recording, a time limit, or a stop request (SIGINT, SIGTERM, Q).
public struct Session: Sendable {
    /// What the session runs.
    public enum Activity: Sendable {
        /// A plan, walked with the coach.
        case plan(Coach)
        /// Walking without a plan: one `walking` phase (a recording replayed without `--plan`).
        case walking
        /// Listening to the strap at rest (`check`, `rest`): no phase, no coach.
        case listening
    }

    /// Where the samples come from.
    public enum Source: Sendable, Hashable {
        /// A strap (real or simulated): a session with a plan ends with the plan.
        case live
        /// A recording: the session also runs until its last sample (``SessionInput/sourceEnded``), and silence
        /// after it is not a lost signal.
        case recording
    }

    /// Session time between two ticks, live and in replay alike.
    public static let tickInterval = Duration.milliseconds(100)
    /// Time without a notification, while the link is up, that counts as a stall.
    public static let stallLimit = 3.0
    /// How long the session goes on after "Session complete" for the last words.
    public static let closingSeconds = 4.0
    /// How long it waits for the effort rating when a walker can give one.
    public static let ratingWaitSeconds = 60.0

    /// The rules.
    public private(set) var rules: RuleEngine
    /// The coach; `nil` without a plan.
    public private(set) var coach: Coach?
    private let activity: ActivityKind
    private let source: Source
    private let walkerCanRate: Bool
    private let timeLimit: Double?
    private var script: KeyScript?
    private var walker: SimulatedWalker?
    private var link = LinkHealth()
    private var lastContact: Contact?
    private var tally = Tally()
    private var startedFreeWalk = false
    private var doneAt: Double?
    private var sourceEndedAt: Double?
    private var stopReason: String?
    private var lastStatusSecond = -1
    private var now = 0.0
    /// The closing summary, once the session is over.
    public private(set) var summary: SessionSummary?
    /// Whether the session has ended (its summary is out). Stored: testing the optional summary copies it.
    public private(set) var isFinished = false
    private let reportsStatus: Bool
    /// The plan's backward bouts, counted once: the plan unrolls its repeat blocks to count them, which the status
    /// of every second did.
    private let plannedBouts: Int
    /// The phase the walker is in (`warmup` before a plan starts; `walking` without a plan), as of the last step.
    ///
    /// Stored, not computed, like ``bout``: the driver reads both on every turn of its loop, and a call to a
    /// computed property of this struct from another module copies the whole session (5 KB) first.
    public private(set) var phase: Phase
    /// The current bout (0 outside bouts), as of the last step.
    public private(set) var bout = 0

    private enum ActivityKind: Sendable { case plan, walking, listening }

    /// Creates a session.
    ///
    /// - Parameters:
    ///   - activity: A plan's coach, free walking, or listening.
    ///   - rules: The rules engine, set up for the walker's profile and rules.yaml.
    ///   - source: A strap (live) or a recording.
    ///   - script: Keys to press at given times (`--keys`), or `nil`.
    ///   - simulatedWalker: Whether a simulated walker answers when no script is given (simulations, replays).
    ///   - walkerCanRate: Whether a walker can type the effort rating (a terminal or buttons): the session then
    ///     waits up to ``ratingWaitSeconds`` for it.
    ///   - timeLimit: End the session at this session time, whatever the plan says (`--duration`, `check`).
    ///   - reportsStatus: Whether steps return ``SessionEffect/status(_:)`` for screens and publishers; a replay,
    ///     which has neither, saves building one every second.
    public init(
        activity: Activity,
        rules: RuleEngine,
        source: Source = .live,
        script: KeyScript? = nil,
        simulatedWalker: Bool = false,
        walkerCanRate: Bool = false,
        timeLimit: Duration? = nil,
        reportsStatus: Bool = true
    ) {
        switch activity {
        case .plan(let coach):
            self.coach = coach
            self.activity = .plan
        case .walking: self.activity = .walking
        case .listening: self.activity = .listening
        }
        self.rules = rules
        self.source = source
        self.script = script
        self.walkerCanRate = walkerCanRate
        self.timeLimit = timeLimit?.inSeconds
        self.reportsStatus = reportsStatus
        walker = simulatedWalker && script == nil && coach != nil ? SimulatedWalker() : nil
        phase = coach?.phase ?? (self.activity == .walking ? .walking : .warmup)
        plannedBouts = coach?.plan.bouts ?? 0
    }

    // MARK: - The one entry point

    /// Takes one input at session time `time` and returns what it causes, in order.
    ///
    /// Inputs must come in time order (a time before the last one counts as the last one). After the session
    /// has ended (``isFinished``), inputs are ignored.
    public mutating func step(_ input: SessionInput, at time: Duration) -> [SessionEffect] {
        guard !isFinished else { return [] }
        now = max(now, time.inSeconds)
        var out = Output()
        switch input {
        case .tick:
            advance(&out)
            if let lost = link.tick(at: now) {
                signal(lost, &out)
                out.effects.append(.restartLink(reason: lost.reason ?? "stall"))
            }
        case .linkConnecting:
            if let event = link.connecting() { signal(event, &out) }
        case .sample(let sample):
            receive(sample, &out)
        case .linkFailed(let reason):
            if let event = link.failed(reason, at: now) { signal(event, &out) }
        case .strapReady(let details):
            out.add(SessionEvent(time: now, kind: .strap(details)), &tally)
            if let percent = details.batteryPercent { battery(percent, &out) }
        case .battery(let percent):
            battery(percent, &out)
        case .key(let key):
            advance(&out)
            handle(key, at: now, &out)
        case .remote(let command):
            advance(&out)
            out.add(SessionEvent(time: now, kind: .remote(command)), &tally)
            out.add(SessionEvent(time: now, kind: .cue(Self.cue(for: command))), &tally)
            handle(command.action == .acknowledge ? .acknowledge : .end, at: now, &out)
        case .audioFault(let reason):
            out.add(SessionEvent(time: now, kind: .audioFault(reason)), &tally)
        case .outputStalled(let sink, let dropped):
            out.add(SessionEvent(time: now, kind: .outputStalled(sink: sink, dropped: dropped)), &tally)
        case .store(let state):
            out.add(SessionEvent(time: now, kind: .store(state)), &tally)
        case .simulatorFault(let fault):
            out.add(SessionEvent(time: now, kind: .simulatorFault(fault)), &tally)
        case .stop(let reason):
            if stopReason == nil {
                stopReason = reason
                out.add(SessionEvent(time: now, kind: .stopRequested(reason: reason)), &tally)
            }
        case .sourceEnded:
            sourceEndedAt = sourceEndedAt ?? now
            link.end()
        }
        if let phase = out.phaseDone, doneAt == nil { doneAt = phase }
        endIfDue(&out)
        updatePosition()
        statusIfDue(&out)
        return out.effects
    }

    /// What the walker hears when a remote command arrives; the text names who sent it, the voice clip (recorded
    /// words only) says that it came from the person supervising.
    static func cue(for command: RemoteCommand) -> Cue {
        switch command.action {
        case .acknowledge:
            Cue(phrases: ["remote_acknowledged"], text: command.text, id: "remote_acknowledged", priority: .medium)
        case .cooldown:
            Cue(phrases: ["remote_cooldown"], text: command.text, id: "remote_cooldown", priority: .medium)
        }
    }

    // MARK: - What the session shows

    /// Stores the phase and bout the step ended in. The coach is read through `inout`, in place: a getter on
    /// `coach!` copied the optional coach (521 bytes) first, four times a step, whatever the activity (6 % of a
    /// replay).
    private mutating func updatePosition() {
        switch activity {
        case .plan: (phase, bout) = Self.position(of: &coach!)
        case .walking: (phase, bout) = (.walking, 0)
        case .listening: (phase, bout) = (.warmup, 0)
        }
    }

    private static func position(of coach: inout Coach) -> (Phase, Int) { (coach.phase, coach.bout) }

    /// Whether the coach asked for the effort rating and waits for it.
    public var isAwaitingRating: Bool { coach?.isAwaitingRPE ?? false }

    /// Whether scripted keys are still to come.
    public var hasScriptedKeys: Bool { !(script?.presses.isEmpty ?? true) }

    /// The state a screen or a publisher shows, at the last input's time.
    public var status: SessionStatus {
        let step = coach?.currentStep
        return SessionStatus(
            time: now,
            phase: phase,
            bout: bout,
            bouts: plannedBouts,
            stepEndsAt: step.map { $0.start + $0.duration },
            beatsPerMinute: rules.hasGoodSignal ? rules.displayBPM : nil,
            band: rules.hasGoodSignal ? rules.band : nil,
            link: link.state,
            contact: lastContact,
            battery: tally.battery,
            alarms: tally.activeAlarms,
            awaiting: awaiting
        )
    }

    private var awaiting: SessionStatus.Awaiting? {
        guard let coach else { return nil }
        if coach.isAwaitingAcknowledge { return .acknowledge }
        if coach.isAwaitingCheckIn { return .checkIn }
        if coach.phase == .paused { return .resumeOrEnd }
        if coach.isAwaitingRPE { return .rating }
        return nil
    }

    // MARK: - Inputs

    /// Everything due by now: scripted and simulated keys, the coach's timeline, the rules' time-based conditions.
    private mutating func advance(_ out: inout Output) {
        // In place (`x!`, never `if var copy = x`): a copy of the coach or of an optional holding it is a memcpy of
        // the whole struct and a retain of all it refers to, on every tick.
        if script != nil {
            for entry in script!.take(upTo: now) { handle(entry.key, at: entry.time, &out) }
        }
        if walker != nil, activity == .plan {
            for entry in walker!.keys(upTo: now, coach: coach!) { handle(entry.key, at: entry.time, &out) }
        }
        if activity == .plan {
            let status = coachStatus
            let time = now
            withCoach(&out) { $0.advance(to: time, status: status) }
        }
        if activity == .walking, !startedFreeWalk {
            startedFreeWalk = true
            coachEvents([SessionEvent(time: 0, kind: .phase(.walking, bout: 0, of: 0))], &out)
        }
        alerts(rules.tick(at: now), at: now, &out)
    }

    private mutating func receive(_ sample: HeartRateSample, _ out: inout Output) {
        if let event = link.sample(at: sample.time) { signal(event, &out) }
        if let contact = contactChange(sample) { signal(contact, &out) }
        out.add(SessionEvent(time: sample.time, kind: .sample(sample)), &tally)
        alerts(rules.receive(sample), at: sample.time, &out)
    }

    private mutating func signal(_ event: LinkHealth.Event, _ out: inout Output) {
        out.add(SessionEvent(time: now, kind: .signal(event.state, reason: event.reason)), &tally)
        alerts(rules.receive(signal: event.state, at: now), at: now, &out)
    }

    private mutating func battery(_ percent: Int, _ out: inout Output) {
        guard tally.battery != percent else { return }
        tally.battery = percent
        out.add(SessionEvent(time: now, kind: .battery(percent)), &tally)
        alerts(rules.receive(battery: percent, at: now), at: now, &out)
    }

    private var coachStatus: CoachStatus {
        CoachStatus(
            heartRateBPM: rules.hasGoodSignal ? rules.displayBPM : nil,
            zone: rules.band,
            alarmActive: rules.alarmActive
        )
    }

    private mutating func handle(_ key: SessionKey, at time: Double, _ out: inout Output) {
        switch key {
        case .symptom(let symptom):
            if coach == nil {
                out.add(SessionEvent(time: time, kind: .symptom(symptom, source: "key")), &tally)
            } else {
                withCoach(&out) { $0.answer(.symptom(symptom), at: time) }
            }
            alerts(rules.report(symptom, at: time), at: time, &out)
        case .stop:
            out.add(SessionEvent(time: time, kind: .user(.stop)), &tally)
            alerts(rules.userStop(at: time), at: time, &out)
        case .acknowledge:
            answer(.acknowledge, at: time, action: .acknowledge, &out)
            alerts(rules.acknowledge(at: time), at: time, &out)
        case .resume:
            answer(.resume, at: time, action: .resume, &out)
        case .end:
            answer(.end, at: time, action: .end, &out)
        case .heartRate:
            answer(.heartRate, at: time, action: .heartRate, &out)
        case .rating(let value):
            if isAwaitingRating {
                withCoach(&out) { $0.answer(.rpe(value), at: time) }
            } else {
                out.add(SessionEvent(time: time, kind: .rpe(value, scale: "borg")), &tally)
                alerts(rules.report(rpe: value, at: time), at: time, &out)
            }
        case .other:
            if coach?.isAwaitingCheckIn == true { withCoach(&out) { $0.answer(.fine, at: time) } }
        }
    }

    /// A key for the coach; without one, the key is only recorded.
    private mutating func answer(_ input: CoachInput, at time: Double, action: UserAction, _ out: inout Output) {
        if coach == nil {
            out.add(SessionEvent(time: time, kind: .user(action)), &tally)
        } else {
            withCoach(&out) { $0.answer(input, at: time) }
        }
    }

    /// Runs `body` on the coach (if there is one) and passes its events through ``coachEvents(_:_:)``.
    private mutating func withCoach(_ out: inout Output, _ body: (inout Coach) -> [SessionEvent]) {
        guard activity == .plan else { return }
        let events = body(&coach!)
        coachEvents(events, &out)
    }

    /// Alerts as events; a raised high alarm starts the coach's safe stop.
    private mutating func alerts(_ alerts: [Alert], at time: Double, _ out: inout Output) {
        for alert in alerts {
            out.add(SessionEvent(time: time, kind: .alert(alert)), &tally)
            if alert.change == .raised, alert.priority == .high {
                withCoach(&out) { $0.safeStop(at: time, reason: .alarm(rule: alert.rule)) }
            }
        }
    }

    /// The coach's events, with the rules told of every phase change.
    private mutating func coachEvents(_ events: [SessionEvent], _ out: inout Output) {
        for event in events {
            out.add(event, &tally)
            if case .phase(let phase, _, _) = event.kind {
                if phase == .done { out.phaseDone = out.phaseDone ?? event.time }
                alerts(rules.enter(phase, at: event.time), at: event.time, &out)
            }
        }
    }

    private mutating func contactChange(_ sample: HeartRateSample) -> LinkHealth.Event? {
        defer { lastContact = sample.contact }
        guard let lastContact, sample.contact != lastContact else { return nil }
        if sample.contact == .notDetected {
            return LinkHealth.Event(state: .contactLost, reason: "strap reports no skin contact")
        }
        if lastContact == .notDetected { return LinkHealth.Event(state: .contactRestored, reason: nil) }
        return nil
    }

    // MARK: - The end

    private mutating func endIfDue(_ out: inout Output) {
        let endState: EndState
        if stopReason != nil {
            endState = .endedBySignal
        } else if let timeLimit, now >= timeLimit {
            endState = .endedEarly
        } else {
            switch activity {
            case .plan:
                guard let doneAt else { return }
                let canRate = isAwaitingRating && (walkerCanRate || hasScriptedKeys)
                guard now >= doneAt + (canRate ? Self.ratingWaitSeconds : Self.closingSeconds) else { return }
                guard source == .live || sourceEndedAt != nil else { return }
            case .walking:
                guard sourceEndedAt != nil else { return }
            case .listening:
                return
            }
            endState = .finished
        }
        let summary = makeSummary(endState: endState)
        self.summary = summary
        isFinished = true
        out.add(SessionEvent(time: now, kind: .summary(summary)), &tally)
        out.effects.append(.finished(summary))
    }

    private func makeSummary(endState: EndState) -> SessionSummary {
        let endedEarly =
            endState != .finished || (coach.map { $0.stoppedEarly || $0.phase != .done } ?? false)
        return SessionSummary(
            duration: now,
            samples: tally.samples,
            maxBPM: tally.maxBPM,
            alarmsPerRule: tally.alarms,
            boutsCompleted: coach?.boutsCompleted ?? 0,
            endedEarly: endedEarly,
            timeInZones: rules.timeInZones,
            symptoms: tally.symptoms,
            missedCheckIns: tally.missedCheckIns,
            rpe: tally.rpe,
            endState: endState == .finished && endedEarly ? .endedEarly : endState
        )
    }

    /// A status once per second of session time, and after anything that changes what a screen shows.
    private mutating func statusIfDue(_ out: inout Output) {
        guard reportsStatus else { return }
        let second = Int(now)
        guard second != lastStatusSecond || out.changesStatus else { return }
        lastStatusSecond = second
        out.effects.append(.status(status))
    }

    /// The effects of one step, and what the step learned on the way.
    private struct Output {
        var effects: [SessionEffect] = []
        var phaseDone: Double?
        var changesStatus = false

        /// Adds an event and the sound it makes; keeps the tally.
        mutating func add(_ event: SessionEvent, _ tally: inout Tally) {
            tally.count(event)
            effects.append(.event(event))
            switch event.kind {
            case .cue(let cue):
                effects.append(.sound(.cue(cue)))
            case .alert(let alert):
                changesStatus = true
                switch alert.change {
                case .raised: if !alert.phrase.isEmpty { effects.append(.sound(.alarm(alert))) }
                case .cleared, .acknowledged: effects.append(.sound(.clear(rule: alert.rule)))
                }
            case .phase, .signal, .symptom, .checkIn, .battery, .strap:
                changesStatus = true
            default:
                break
            }
        }
    }
}

/// The counts the summary reports.
struct Tally: Sendable {
    var samples = 0
    var maxBPM: Int?
    var alarms: [String: Int] = [:]
    var symptoms = 0
    var missedCheckIns = 0
    var rpe: Int?
    var battery: Int?
    /// The alarms raised and not cleared, in the order raised, with whether they were acknowledged.
    var activeAlarms: [SessionStatus.ActiveAlarm] = []
    private var done = false

    mutating func count(_ event: SessionEvent) {
        switch event.kind {
        case .sample(let sample):
            samples += 1
            maxBPM = max(maxBPM ?? 0, Int(sample.beatsPerMinute))
        case .alert(let alert) where alert.priority > .info:
            switch alert.change {
            case .raised:
                alarms[alert.rule, default: 0] += 1
                activeAlarms.removeAll { $0.alert.rule == alert.rule }
                activeAlarms.append(SessionStatus.ActiveAlarm(alert: alert, acknowledged: false))
            case .acknowledged:
                for index in activeAlarms.indices where activeAlarms[index].alert.rule == alert.rule {
                    activeAlarms[index].acknowledged = true
                }
            case .cleared:
                activeAlarms.removeAll { $0.alert.rule == alert.rule }
            }
        case .symptom:
            symptoms += 1
        case .checkIn(.missed, _):
            missedCheckIns += 1
        case .phase(.done, _, _):
            done = true
        case .rpe(let value, _) where done:
            rpe = value
        default:
            break
        }
    }
}
