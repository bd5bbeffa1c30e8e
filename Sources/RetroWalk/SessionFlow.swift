public import RetroWalkCore
public import SafetyRules
public import WalkCoach

/// The decisions of a session, shared by `walk` and `replay`: samples, link events, keys and time go in; the
/// timeline of phases, cues, alarms, check-ins and symptoms comes out. No I/O: the caller emits the events (screen,
/// sound, database) and passes the time.
///
/// - A high-priority alarm or a symptom key starts the coach's safe stop (the plan pauses, the script for the
///   phase repeats until acknowledged). A symptom also raises U1 in the rules.
/// - `acknowledge` acknowledges the rules' raised high alarms (their sound stops repeating) and the coach's script.
/// - An effort rating goes to the coach when it asked for one at the end, otherwise to the rules (β-blocker RPE
///   prompts).
/// - In simulated and replayed sessions without scripted keys, ``SimulatedWalker`` answers like a well walker:
///   "fine" at check-ins, and after a safe stop it acknowledges, then ends the session (cool-down).
public struct SessionFlow: Sendable {
    /// The coach; `nil` for a recording replayed without a plan (one `walking` phase).
    public private(set) var coach: Coach?
    private var startedFreeWalk = false
    /// The rules.
    public private(set) var rules: RuleEngine
    private var script: KeyScript?
    private var walker: SimulatedWalker?
    private var lastContact: Contact?
    private var samples = 0
    private var maxBPM: Int?
    private var alarms: [String: Int] = [:]
    private var symptoms = 0
    private var missedCheckIns = 0
    private var rpe: Int?

    /// Creates the flow.
    ///
    /// - Parameters:
    ///   - script: keys to press at given times (`--keys`), or `nil`.
    ///   - simulatedWalker: whether a simulated walker answers when no script is given.
    public init(coach: Coach?, rules: RuleEngine, script: KeyScript? = nil, simulatedWalker: Bool = false) {
        self.coach = coach
        self.rules = rules
        self.script = script
        walker = simulatedWalker && script == nil ? SimulatedWalker() : nil
    }

    // MARK: Inputs

    /// Everything due by `now`: the coach's timeline, the rules' time-based conditions, scripted keys.
    public mutating func advance(to now: Double) -> [SessionEvent] {
        var events: [SessionEvent] = []
        if var pending = script {
            for entry in pending.take(upTo: now) { events += handle(entry.key, at: entry.time) }
            script = pending
        }
        if var simulated = walker {
            if let coach {
                for entry in simulated.keys(upTo: now, coach: coach) { events += handle(entry.key, at: entry.time) }
            }
            walker = simulated
        }
        let status = self.status
        events += withCoach { $0.advance(to: now, status: status) }
        if coach == nil, !startedFreeWalk {
            startedFreeWalk = true
            events += coachEvents([SessionEvent(time: 0, kind: .phase(.walking, bout: 0, of: 0))])
        }
        events += alertEvents(rules.tick(at: now), at: now)
        return count(events)
    }

    /// One notification from the strap.
    public mutating func receive(_ sample: HeartRateSample) -> [SessionEvent] {
        var events: [SessionEvent] = []
        if let contact = contactChange(sample) { events.append(contact) }
        events.append(SessionEvent(time: sample.time, kind: .sample(sample)))
        events += alertEvents(rules.receive(sample), at: sample.time)
        return count(events)
    }

    /// A change of the link to the strap.
    public mutating func receive(signal: SignalState, reason: String?, at time: Double) -> [SessionEvent] {
        var events = [SessionEvent(time: time, kind: .signal(signal, reason: reason))]
        events += alertEvents(rules.receive(signal: signal, at: time), at: time)
        return count(events)
    }

    /// The strap's battery level.
    public mutating func receive(battery percent: Int, at time: Double) -> [SessionEvent] {
        count(alertEvents(rules.receive(battery: percent, at: time), at: time))
    }

    /// A key the walker pressed.
    public mutating func press(_ key: SessionKey, at time: Double) -> [SessionEvent] {
        count(handle(key, at: time))
    }

    // MARK: Outputs

    /// Whether scripted keys are still to come.
    public var hasScriptedKeys: Bool { !(script?.presses.isEmpty ?? true) }

    /// The closing summary.
    public func summary(duration: Double, interrupted: Bool) -> SessionSummary {
        SessionSummary(
            duration: duration,
            samples: samples,
            maxBPM: maxBPM,
            alarmsPerRule: alarms,
            boutsCompleted: coach?.boutsCompleted ?? 0,
            endedEarly: interrupted || (coach.map { $0.stoppedEarly || $0.phase != .done } ?? false),
            timeInZones: rules.timeInZones,
            symptoms: symptoms,
            missedCheckIns: missedCheckIns,
            rpe: rpe
        )
    }

    /// The phase the walker is in.
    public var phase: Phase { coach?.phase ?? (startedFreeWalk ? .walking : .warmup) }

    /// The current bout (0 outside bouts).
    public var bout: Int { coach?.bout ?? 0 }

    /// Whether the coach asked for the effort rating and waits for it.
    public var isAwaitingRating: Bool { coach?.isAwaitingRPE ?? false }

    // MARK: Internals

    /// Runs `body` on the coach (if there is one) and passes its events through ``coachEvents(_:)``.
    private mutating func withCoach(_ body: (inout Coach) -> [SessionEvent]) -> [SessionEvent] {
        guard var current = coach else { return [] }
        let events = body(&current)
        coach = current
        return coachEvents(events)
    }

    /// A key for the coach; without one, the key is only recorded.
    private mutating func answer(_ input: CoachInput, at time: Double, action: UserAction) -> [SessionEvent] {
        coach == nil ? [SessionEvent(time: time, kind: .user(action))] : withCoach { $0.answer(input, at: time) }
    }

    private var status: CoachStatus {
        CoachStatus(
            heartRateBPM: rules.hasGoodSignal ? rules.displayBPM : nil,
            zone: rules.band,
            alarmActive: rules.alarmActive
        )
    }

    private mutating func handle(_ key: SessionKey, at time: Double) -> [SessionEvent] {
        var events: [SessionEvent] = []
        switch key {
        case .symptom(let symptom):
            events +=
                coach == nil
                ? [SessionEvent(time: time, kind: .symptom(symptom, source: "key"))]
                : withCoach { $0.answer(.symptom(symptom), at: time) }
            events += alertEvents(rules.report(symptom, at: time), at: time)
        case .stop:
            events.append(SessionEvent(time: time, kind: .user(.stop)))
            events += alertEvents(rules.userStop(at: time), at: time)
        case .acknowledge:
            events += answer(.acknowledge, at: time, action: .acknowledge)
            events += alertEvents(rules.acknowledge(at: time), at: time)
        case .resume:
            events += answer(.resume, at: time, action: .resume)
        case .end:
            events += answer(.end, at: time, action: .end)
        case .heartRate:
            events += answer(.heartRate, at: time, action: .heartRate)
        case .rating(let value):
            if isAwaitingRating {
                events += withCoach { $0.answer(.rpe(value), at: time) }
            } else {
                events.append(SessionEvent(time: time, kind: .rpe(value, scale: "borg")))
                events += alertEvents(rules.report(rpe: value, at: time), at: time)
            }
        case .other:
            if coach?.isAwaitingCheckIn == true { events += withCoach { $0.answer(.fine, at: time) } }
        }
        return events
    }

    /// Alerts as events; a raised high alarm starts the coach's safe stop.
    private mutating func alertEvents(_ alerts: [Alert], at time: Double) -> [SessionEvent] {
        var events: [SessionEvent] = []
        for alert in alerts {
            events.append(SessionEvent(time: time, kind: .alert(alert)))
            if alert.change == .raised, alert.priority == .high {
                events += withCoach { $0.safeStop(at: time, reason: .alarm(rule: alert.rule)) }
            }
        }
        return events
    }

    /// The coach's events, with the rules told of every phase change.
    private mutating func coachEvents(_ events: [SessionEvent]) -> [SessionEvent] {
        var out: [SessionEvent] = []
        for event in events {
            out.append(event)
            if case .phase(let phase, _, _) = event.kind {
                out += alertEvents(rules.enter(phase, at: event.time), at: event.time)
            }
        }
        return out
    }

    private mutating func contactChange(_ sample: HeartRateSample) -> SessionEvent? {
        defer { lastContact = sample.contact }
        guard let lastContact, sample.contact != lastContact else { return nil }
        if sample.contact == .notDetected {
            return SessionEvent(time: sample.time, kind: .signal(.contactLost, reason: "strap reports no skin contact"))
        }
        if lastContact == .notDetected {
            return SessionEvent(time: sample.time, kind: .signal(.contactRestored, reason: nil))
        }
        return nil
    }

    private mutating func count(_ events: [SessionEvent]) -> [SessionEvent] {
        for event in events {
            switch event.kind {
            case .sample(let sample):
                samples += 1
                maxBPM = max(maxBPM ?? 0, Int(sample.beatsPerMinute))
            case .alert(let alert) where alert.change == .raised && alert.priority > .info:
                alarms[alert.rule, default: 0] += 1
            case .symptom:
                symptoms += 1
            case .checkIn(.missed, _):
                missedCheckIns += 1
            case .rpe(let value, _) where phase == .done:
                rpe = value
            default:
                break
            }
        }
        return events
    }
}

/// The walker of a simulated or replayed session without scripted keys: well, attentive and cautious.
///
/// It answers each check-in "fine" 2 s after it is asked; after a safe stop it acknowledges the script 6 s after
/// it starts, then ends the session 4 s later (the cool-down follows), as a walker who was told to stop would.
struct SimulatedWalker: Sendable {
    static let answerDelay = 2.0
    static let acknowledgeDelay = 6.0
    static let endDelay = 4.0

    private var checkInSince: Double?
    private var scriptSince: Double?
    private var pausedSince: Double?

    mutating func keys(upTo now: Double, coach: Coach) -> [(time: Double, key: SessionKey)] {
        var keys: [(time: Double, key: SessionKey)] = []
        func due(_ active: Bool, _ since: inout Double?, after delay: Double, _ key: SessionKey) {
            guard active else {
                since = nil
                return
            }
            let start = since ?? now
            since = start
            if now - start >= delay {
                keys.append((now, key))
                since = nil
            }
        }
        due(coach.isAwaitingCheckIn, &checkInSince, after: Self.answerDelay, .other)
        due(coach.isAwaitingAcknowledge, &scriptSince, after: Self.acknowledgeDelay, .acknowledge)
        due(coach.phase == .paused && !coach.isAwaitingAcknowledge, &pausedSince, after: Self.endDelay, .end)
        return keys
    }
}
