public import RetroWalkCore

/// Runs a plan on the session clock: phases, spoken cues, check-ins, the recovery gate and the safe stop.
///
/// Pure: the caller passes `now` (seconds since the session started) and what it knows (``CoachStatus``);
/// ``advance(to:status:)`` returns everything due up to then, in time order, each stamped with the time it was due.
/// Keys go to ``answer(_:at:)``, high-priority alarms to ``safeStop(at:reason:)``; both first catch up to `now`
/// and stamp what they cause at `now` (pass the time the key was pressed or the alarm raised).
/// The coach records every input it is given (`user`, `symptom`, `checkin`, `rpe` events), so the runner must not
/// record them again.
///
/// The timeline of a backward bout starting at T (see README, "Plans"):
/// - T − 10: the recovery gate. When it passes: "Turn around. Backward walking for one minute. Bout one of five."
///   (about 5 s of speech), then "Three." at T − 3, "Two." at T − 2, "One." at T − 1: one cue a second, so the
///   count lands on its seconds whatever the voice. When it holds: the spoken reason, and the forward stretch
///   grows by `gate.extension_step_s` (the gate runs again 10 s before the new end), up to
///   `gate.max_extension_s`; past that the session goes to its cool-down.
/// - T: the bout (phase `backward`); "Check behind you." every `look_behind.steps` steps at the backward cadence,
///   moved past the other cues rather than talking over them, silent while an alarm sounds.
/// - T + d/2 "Halfway.", T + d − 10 "Ten seconds left." (bouts of 30 s or more).
/// - T + d: "Forward now." (phase `recovery`, or the cool-down after the last bout), and 2 s later the check-in
///   "Any dizziness or knee pain? Press D or K. Other key if fine.", asked again after `check_in.timeout_s`
///   without an answer, then recorded as missed; the next bout waits for a "fine".
public struct Coach: Sendable {
    /// The plan being run.
    public let plan: Plan
    /// The heart-rate figures of the recovery gate.
    public let limits: CoachLimits
    /// Which bout of the day the run's first bout is (``Plan/split``: one bout per run).
    public let firstBout: Int

    /// Seconds before a bout that the gate runs and the turn-around is spoken.
    public static let countdownLead = 10.0
    /// Seconds after a bout's end that the check-in is asked (after "Forward now.").
    public static let checkInDelay = 2.0
    /// Seconds between two repetitions of the safe-stop script until it is acknowledged.
    public static let safeStopRepeat = 8.0

    /// A step of the run as the coach walks it (the plan's, or a recovery inserted on resuming).
    private struct Segment: Sendable {
        var kind: Plan.StepKind
        var duration: Double
        /// The day's bout number: a backward step's own, a forward step the one it follows, 0 before any.
        var bout: Int
        var speed: Plan.Speed?
        var inclinePercent: Double?
        var keyPath: String
    }

    private enum CheckInState: Sendable, Equatable {
        case none
        case pending(bout: Int, at: Double)
        case asking(bout: Int, deadline: Double, repeated: Bool)
        case missed(bout: Int)
        case answered(CheckInAnswer, bout: Int)

        var openBout: Int? {
            switch self {
            case .asking(let bout, _, _), .missed(let bout): bout
            case .none, .pending, .answered: nil
            }
        }
    }

    private struct Pause: Sendable {
        var script: Cue
        var acknowledged: Bool
        var nextRepeat: Double?
    }

    private enum Due {
        case timedCue, safeStopRepeat, cooldownStopRepeat, checkInQuestion, checkInDeadline, gate, stepEnd
        case lookBehind, heartRate
    }

    private var segments: [Segment]
    private var index = -1
    private var stepStart = 0.0
    private var stepEnd = 0.0
    private var extensionSeconds = 0.0
    private var gateAt: Double?
    private var timedCues: [(time: Double, cue: Cue)] = []
    /// Times when a cue is being said, so that routine cues (look-behind, periodic heart rate) move past them.
    private var claims: [(start: Double, end: Double)] = []
    private var nextLookBehind: Double?
    private var nextHeartRate: Double?
    private var checkIn = CheckInState.none
    private var pause: Pause?
    private var cooldownStopRepeat: Double?
    private var status = CoachStatus()
    private var clock = 0.0
    private var preBoutBPM: Double?
    private var lastBout = 0

    /// Backward bouts finished so far in this run.
    public private(set) var boutsCompleted = 0
    /// Whether the plan was cut short: a bout interrupted by a safe stop, or bouts skipped by the end key, a held
    /// gate past its limit or ``stop(at:)``.
    public private(set) var stoppedEarly = false
    /// Whether the session is over and the effort question waits for its answer (``CoachInput/rpe(_:)``).
    public private(set) var isAwaitingRPE = false
    /// Why the last safe stop started.
    public private(set) var lastSafeStopReason: SafeStopReason?

    /// Creates a coach for a plan, before its first step.
    ///
    /// - Parameters:
    ///   - plan: A valid plan (``Plan/validate()``).
    ///   - limits: HRmax and resting HR, for the gate's fraction of heart-rate reserve.
    ///   - firstBout: Which bout of the day this run's first bout is, from 1; the cues count from it ("Bout three
    ///     of five"). Check it with ``Plan/validate(firstBout:)``; it is kept within the plan's bouts.
    public init(plan: Plan, limits: CoachLimits, firstBout: Int = 1) {
        self.plan = plan
        self.limits = limits
        let first = min(max(1, firstBout), max(1, plan.totalBouts - plan.bouts + 1))
        self.firstBout = first
        segments = plan.steps.map { step in
            Segment(
                kind: step.kind, duration: step.duration, bout: step.bout == 0 ? 0 : step.bout + first - 1,
                speed: step.speed, inclinePercent: step.inclinePercent, keyPath: step.keyPath)
        }
        if plan.heartRateEverySeconds > 0 { nextHeartRate = Double(plan.heartRateEverySeconds) }
    }

    /// The current phase (`warmup` before the start, `paused` after a safe stop until resumed or ended).
    public var phase: Phase {
        if pause != nil { return .paused }
        guard index >= 0 else { return .warmup }
        return index < segments.count ? segments[index].kind.phase : .done
    }

    /// The day's number of the current bout, or of the bout the current forward step follows (0 before any).
    public var bout: Int { index >= 0 && index < segments.count ? segments[index].bout : lastBout }

    /// The current step as the coach walks it: its start, its length so far (a held gate lengthens it), the day's
    /// bout number, the treadmill speed and incline; `nil` before the start and after the end (while paused, the
    /// step the safe stop interrupted).
    public var currentStep: Plan.Step? {
        guard index >= 0, index < segments.count else { return nil }
        let segment = segments[index]
        return Plan.Step(
            kind: segment.kind, start: stepStart, duration: stepEnd - stepStart, bout: segment.bout,
            speed: segment.speed, inclinePercent: segment.inclinePercent, keyPath: segment.keyPath)
    }

    /// Whether a check-in question is open: any key but D and K answers "fine". A missed check-in stays open,
    /// so that a late answer still releases the next bout.
    public var isAwaitingCheckIn: Bool { checkIn.openBout != nil }

    /// Whether the safe-stop script is repeating until the walker acknowledges it.
    public var isAwaitingAcknowledge: Bool {
        (pause.map { !$0.acknowledged } ?? false) || cooldownStopRepeat != nil
    }

    /// Seconds between two look-behind cues (``Plan/lookBehindInterval``).
    public var lookBehindInterval: Double { plan.lookBehindInterval }

    /// Everything due up to `now`, in time order, each stamped with its due time.
    ///
    /// - Parameters:
    ///   - now: Seconds since the session started; not earlier than the last call.
    ///   - status: Heart rate, zone and alarm state now; used for everything that falls due in this call.
    public mutating func advance(to now: Double, status: CoachStatus) -> [SessionEvent] {
        self.status = status
        var events: [SessionEvent] = []
        if index < 0 { events += enter(0, at: 0) }
        while let (time, due) = nextDue(), time <= now {
            events += perform(due, at: time)
        }
        clock = max(clock, now)
        claims.removeAll { $0.end < clock - 1 }
        return events
    }

    /// Takes a key the walker pressed; returns what it caused, after everything due before it.
    ///
    /// - Parameters:
    ///   - input: The key, as the runner maps it.
    ///   - now: When it was pressed, seconds since the session started.
    public mutating func answer(_ input: CoachInput, at now: Double) -> [SessionEvent] {
        var events = advance(to: now, status: status)
        let time = now
        switch input {
        case .symptom(let symptom):
            if let bout = checkIn.openBout, let answer = CheckInAnswer(symptom) {
                events.append(SessionEvent(time: time, kind: .checkIn(answer, bout: bout)))
                events.append(SessionEvent(time: time, kind: .symptom(symptom, source: "checkin")))
                checkIn = .answered(answer, bout: bout)
            } else {
                events.append(SessionEvent(time: time, kind: .symptom(symptom, source: "key")))
            }
            events += startSafeStop(at: time, reason: .symptom(symptom))
        case .fine:
            if let bout = checkIn.openBout {
                events.append(SessionEvent(time: time, kind: .checkIn(.fine, bout: bout)))
                checkIn = .answered(.fine, bout: bout)
            }
        case .acknowledge:
            events.append(SessionEvent(time: time, kind: .user(.acknowledge)))
            if var current = pause, !current.acknowledged {
                current.acknowledged = true
                current.nextRepeat = nil
                pause = current
                events.append(say(CueWording.pauseOptions, at: time))
            }
            cooldownStopRepeat = nil
        case .resume:
            events.append(SessionEvent(time: time, kind: .user(.resume)))
            if pause != nil { events += resume(at: time) }
        case .end:
            events.append(SessionEvent(time: time, kind: .user(.end)))
            if [.warmup, .backward, .recovery, .paused].contains(phase) { events += moveToCooldown(at: time) }
        case .heartRate:
            events.append(SessionEvent(time: time, kind: .user(.heartRate)))
            events.append(say(CueWording.heartRate(bpm: status.heartRateBPM, zone: status.zone), at: time))
        case .rpe(let value):
            if (6...20).contains(value) {
                events.append(SessionEvent(time: time, kind: .rpe(value, scale: "borg")))
                isAwaitingRPE = false
            } else {
                events.append(say(CueWording.rpeScale, at: time))
            }
        }
        return events
    }

    /// Safe stop for a high-priority alarm or a symptom: the plan pauses and the script for the phase and the
    /// setting repeats every 8 s until acknowledged; then the walker resumes (a recovery, the gate, the next bout)
    /// or ends (the cool-down) when they choose.
    ///
    /// During a backward bout on a treadmill the script is "Hold the rails. Slow the belt. Turn to face forward.
    /// Stand still.", otherwise "Stop. Stand still." (priority `high`, id `safe_stop`). In the cool-down the
    /// cool-down goes on and the forward script repeats until acknowledged; after the end it is said once. A safe
    /// stop while already paused and acknowledged speaks the forward script again and waits for a new
    /// acknowledgement; while still repeating it changes nothing.
    public mutating func safeStop(at now: Double, reason: SafeStopReason) -> [SessionEvent] {
        let due = advance(to: now, status: status)
        return due + startSafeStop(at: now, reason: reason)
    }

    /// Ends the bouts now and goes to the cool-down (what ``CoachInput/end`` does, without recording a key);
    /// nothing happens in the cool-down or later.
    public mutating func stop(at now: Double) -> [SessionEvent] {
        let events = advance(to: now, status: status)
        guard [.warmup, .backward, .recovery, .paused].contains(phase) else { return events }
        return events + moveToCooldown(at: now)
    }

    // MARK: - The timeline

    private func nextDue() -> (Double, Due)? {
        var best: (Double, Due)?
        func consider(_ time: Double?, _ due: Due) {
            guard let time else { return }
            if let current = best, current.0 <= time { return }
            best = (time, due)
        }
        consider(timedCues.first?.time, .timedCue)
        consider(pause?.nextRepeat, .safeStopRepeat)
        consider(cooldownStopRepeat, .cooldownStopRepeat)
        switch checkIn {
        case .pending(_, let at): consider(at, .checkInQuestion)
        case .asking(_, let deadline, _): consider(deadline, .checkInDeadline)
        case .none, .missed, .answered: break
        }
        if pause == nil {
            consider(gateAt, .gate)
            if index >= 0, index < segments.count { consider(stepEnd, .stepEnd) }
            consider(nextLookBehind, .lookBehind)
        }
        consider(nextHeartRate, .heartRate)
        return best
    }

    private mutating func perform(_ due: Due, at time: Double) -> [SessionEvent] {
        switch due {
        case .timedCue:
            let (_, cue) = timedCues.removeFirst()
            return [SessionEvent(time: time, kind: .cue(cue))]
        case .safeStopRepeat:
            guard var current = pause else { return [] }
            current.nextRepeat = time + Self.safeStopRepeat
            pause = current
            return [SessionEvent(time: time, kind: .cue(current.script))]
        case .cooldownStopRepeat:
            cooldownStopRepeat = time + Self.safeStopRepeat
            return [SessionEvent(time: time, kind: .cue(forwardScript))]
        case .checkInQuestion:
            guard case .pending(let bout, _) = checkIn else { return [] }
            checkIn = .asking(bout: bout, deadline: time + Double(plan.checkIn.timeoutSeconds), repeated: false)
            return [say(CueWording.checkIn, at: time)]
        case .checkInDeadline:
            guard case .asking(let bout, _, let repeated) = checkIn else { return [] }
            if !repeated {
                checkIn = .asking(bout: bout, deadline: time + Double(plan.checkIn.timeoutSeconds), repeated: true)
                return [say(CueWording.checkIn, at: time)]
            }
            checkIn = .missed(bout: bout)
            return [SessionEvent(time: time, kind: .checkIn(.missed, bout: bout))]
        case .gate:
            return runGate(at: time)
        case .stepEnd:
            return finishStep(at: time)
        case .lookBehind:
            return lookBehind(at: time)
        case .heartRate:
            return periodicHeartRate(at: time)
        }
    }

    private var total: Int { plan.totalBouts }

    private mutating func enter(_ newIndex: Int, at time: Double, announcement: Cue? = nil) -> [SessionEvent] {
        let previous = index >= 0 && index < segments.count ? segments[index].kind : nil
        index = newIndex
        gateAt = nil
        extensionSeconds = 0
        nextLookBehind = nil
        timedCues.removeAll()
        guard newIndex < segments.count else { return finishSession(at: time) }
        let segment = segments[newIndex]
        stepStart = time
        stepEnd = time + segment.duration
        let shownBout = [.backward, .recovery].contains(segment.kind.phase) ? segment.bout : 0
        var events = [SessionEvent(time: time, kind: .phase(segment.kind.phase, bout: shownBout, of: total))]
        var cue = announcement
        switch segment.kind {
        case .warmup:
            cue = cue ?? CueWording.warmup
        case .backward:
            lastBout = segment.bout
            preBoutBPM = status.heartRateBPM
            checkIn = .none
            if segment.duration >= 30 {
                schedule(CueWording.halfway, at: time + segment.duration / 2)
                schedule(CueWording.tenSecondsLeft, at: stepEnd - 10)
            }
            nextLookBehind = time + plan.lookBehindInterval
            claim(from: stepEnd + Self.checkInDelay, cue: CueWording.checkIn)
        case .recovery, .forward:
            if previous == .backward { cue = cue ?? CueWording.forwardNow }
        case .cooldown:
            cue = cue ?? (previous == .backward ? CueWording.forwardThenCooldown : CueWording.cooldown)
        }
        if let cue { events.append(say(cue, at: time)) }
        claims.append((stepEnd, stepEnd + 2.5))  // whatever the next step says as it starts
        if newIndex + 1 < segments.count, segments[newIndex + 1].kind == .backward {
            gateAt = max(time, stepEnd - Self.countdownLead)
            claims.append((stepEnd - Self.countdownLead, stepEnd + 1))
        }
        return events
    }

    private mutating func finishSession(at time: Double) -> [SessionEvent] {
        nextHeartRate = nil
        cooldownStopRepeat = nil
        checkIn = .none
        isAwaitingRPE = true
        return [
            SessionEvent(time: time, kind: .phase(.done, bout: 0, of: total)),
            SessionEvent(time: time, kind: .cue(CueWording.sessionComplete)),
            SessionEvent(time: time, kind: .cue(CueWording.rpeQuestion)),
        ]
    }

    private mutating func finishStep(at time: Double) -> [SessionEvent] {
        let segment = segments[index]
        if segment.kind == .backward {
            boutsCompleted += 1
            checkIn = .pending(bout: segment.bout, at: time + Self.checkInDelay)
        }
        return enter(index + 1, at: time)
    }

    // MARK: - The recovery gate

    private mutating func runGate(at time: Double) -> [SessionEvent] {
        gateAt = nil
        guard let hold = gateHoldReason() else {
            let next = segments[index + 1]
            for count in [3, 2, 1] { schedule(CueWording.countdown(count), at: stepEnd - Double(count)) }
            return [
                say(CueWording.turnAround(seconds: Int(next.duration.rounded()), bout: next.bout, of: total), at: time)
            ]
        }
        let step = Double(plan.gate.extensionStepSeconds)
        guard extensionSeconds + step <= Double(plan.gate.maxExtensionSeconds) else {
            return [say(CueWording.gateLimit, at: time)] + moveToCooldown(at: time)
        }
        extensionSeconds += step
        stepEnd += step
        gateAt = stepEnd - Self.countdownLead
        claims.append((stepEnd - Self.countdownLead, stepEnd + 1))
        return [say(hold, at: time)]
    }

    /// Why the next bout must wait, or `nil` when it may start.
    private func gateHoldReason() -> Cue? {
        switch checkIn {
        case .none, .answered(.fine, _): break
        default: return CueWording.gateHoldCheckIn
        }
        let gate = plan.gate
        guard gate.maxHRRFraction != nil || gate.withinBPMOfPreBout != nil else { return nil }
        guard let bpm = status.heartRateBPM else { return CueWording.gateHoldNoHeartRate }
        if let fraction = gate.maxHRRFraction, bpm <= limits.heartRate(atReserveFraction: fraction) { return nil }
        if let within = gate.withinBPMOfPreBout {
            guard let pre = preBoutBPM else { return gate.maxHRRFraction == nil ? nil : CueWording.gateHoldHeartRate }
            if bpm <= pre + within { return nil }
        }
        return CueWording.gateHoldHeartRate
    }

    // MARK: - Stops

    /// The safe-stop script while facing forward: on a treadmill the belt still moves, so the rails come first.
    private var forwardScript: Cue {
        plan.setting == .treadmill ? CueWording.safeStopTreadmillForward : CueWording.safeStopForward
    }

    private mutating func startSafeStop(at time: Double, reason: SafeStopReason) -> [SessionEvent] {
        lastSafeStopReason = reason
        switch phase {
        case .done:
            return [SessionEvent(time: time, kind: .cue(forwardScript))]
        case .cooldown:
            guard cooldownStopRepeat == nil else { return [] }
            cooldownStopRepeat = time + Self.safeStopRepeat
            return [SessionEvent(time: time, kind: .cue(forwardScript))]
        case .paused:
            guard var current = pause, current.acknowledged else { return [] }
            current = Pause(
                script: forwardScript, acknowledged: false, nextRepeat: time + Self.safeStopRepeat)
            pause = current
            return [SessionEvent(time: time, kind: .cue(current.script))]
        case .warmup, .backward, .recovery, .walking:
            let from = phase
            let script =
                from == .backward && plan.setting == .treadmill ? CueWording.safeStopTreadmill : forwardScript
            if from == .backward { stoppedEarly = true }
            pause = Pause(script: script, acknowledged: false, nextRepeat: time + Self.safeStopRepeat)
            timedCues.removeAll()
            gateAt = nil
            nextLookBehind = nil
            checkIn = .none
            let shownBout = from == .warmup ? 0 : segments[index].bout
            return [
                SessionEvent(time: time, kind: .phase(.paused, bout: shownBout, of: total)),
                SessionEvent(time: time, kind: .cue(script)),
            ]
        }
    }

    /// After a safe stop: a recovery as long as the forward stretch before the next bout, a check-in, then the gate
    /// and that bout (the interrupted bout is not walked again); the cool-down when no bout is left.
    private mutating func resume(at time: Double) -> [SessionEvent] {
        pause = nil
        guard let next = segments.indices.first(where: { $0 > index && segments[$0].kind == .backward }) else {
            return moveToCooldown(at: time)
        }
        let stretch = segments[next - 1]
        let recovery = Segment(
            kind: .recovery, duration: stretch.duration, bout: lastBout, speed: stretch.speed,
            inclinePercent: stretch.inclinePercent, keyPath: stretch.keyPath)
        segments = Array(segments[...index]) + [recovery] + Array(segments[next...])
        let events = enter(index + 1, at: time, announcement: CueWording.resume)
        checkIn = .pending(bout: lastBout, at: time + Self.checkInDelay)
        return events
    }

    private mutating func moveToCooldown(at time: Double) -> [SessionEvent] {
        guard index >= 0, let cooldown = segments.last, cooldown.kind == .cooldown else { return [] }
        pause = nil
        let current = segments[index]
        let unfinished = current.kind == .backward || segments[(index + 1)...].contains { $0.kind == .backward }
        if unfinished { stoppedEarly = true }
        segments = Array(segments[...index]) + [cooldown]
        return enter(index + 1, at: time)
    }

    // MARK: - Routine cues

    private mutating func lookBehind(at time: Double) -> [SessionEvent] {
        let interval = plan.lookBehindInterval
        guard index >= 0, index < segments.count, segments[index].kind == .backward else {
            nextLookBehind = nil
            return []
        }
        if status.alarmActive || isAwaitingAcknowledge {
            nextLookBehind = time + interval
            return []
        }
        guard let slot = freeSlot(from: time, for: CueWording.lookBehind, before: stepEnd) else {
            nextLookBehind = nil
            return []
        }
        if slot > time {
            nextLookBehind = slot
            return []
        }
        nextLookBehind = time + interval
        return [say(CueWording.lookBehind, at: time)]
    }

    private mutating func periodicHeartRate(at time: Double) -> [SessionEvent] {
        let every = Double(plan.heartRateEverySeconds)
        let cue = CueWording.heartRate(bpm: status.heartRateBPM, zone: status.zone)
        let onGrid = (time / every).rounded(.down) * every
        let following = onGrid + every
        guard phase.isWalking, !status.alarmActive, !isAwaitingAcknowledge else {
            nextHeartRate = following
            return []
        }
        if let slot = freeSlot(from: time, for: cue, before: .infinity), slot > time {
            nextHeartRate = slot
            return []
        }
        nextHeartRate = max(following, time + every / 2)
        return [say(cue, at: time)]
    }

    // MARK: - Talk time

    /// The cue as an event, its speaking time claimed.
    private mutating func say(_ cue: Cue, at time: Double) -> SessionEvent {
        claim(from: time, cue: cue)
        return SessionEvent(time: time, kind: .cue(cue))
    }

    private mutating func schedule(_ cue: Cue, at time: Double) {
        timedCues.append((time, cue))
        timedCues.sort { $0.time < $1.time }
        claim(from: time, cue: cue)
    }

    private mutating func claim(from time: Double, cue: Cue) {
        claims.append((time, time + CueWording.estimatedSeconds(cue)))
    }

    /// The earliest time from `time` when `cue` can be said without overlapping a claimed one (0.5 s apart), or
    /// `nil` when it would not end before `limit`.
    private func freeSlot(from time: Double, for cue: Cue, before limit: Double) -> Double? {
        let length = CueWording.estimatedSeconds(cue) + 0.5
        var slot = time
        var moved = true
        while moved {
            moved = false
            for claim in claims where slot < claim.end && slot + length > claim.start {
                slot = claim.end
                moved = true
            }
        }
        return slot + length <= limit ? slot : nil
    }
}

extension CheckInAnswer {
    /// The answer a symptom key gives to a check-in (`nil` for symptoms a check-in does not ask about).
    init?(_ symptom: Symptom) {
        switch symptom {
        case .dizzy: self = .dizzy
        case .kneePain: self = .kneePain
        case .chestPain, .breathless: return nil
        }
    }
}
