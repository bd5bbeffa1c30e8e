public import RetroWalkCore

/// Runs a plan on the session clock: phase changes and spoken cues at the right times.
///
/// Pure: the caller passes `now`; ``advance(to:)`` returns everything due up to then, in time order, each
/// stamped with the time it was due. A safe stop (``stop(at:)``) ends the bouts and moves to cool-down.
public struct Coach: Sendable {
    /// The plan being run.
    public let plan: Plan
    private var steps: [Plan.Step]
    private var stepIndex = -1
    private var pendingCues: [(time: Double, cue: Cue)] = []
    /// Backward bouts finished so far.
    public private(set) var boutsCompleted = 0
    /// Whether a safe stop cut the plan short.
    public private(set) var stoppedEarly = false

    /// Creates a coach for a plan, before its first step.
    public init(plan: Plan) {
        self.plan = plan
        steps = plan.steps
    }

    /// The current phase (`warmup` before the start).
    public var phase: Phase {
        guard stepIndex >= 0 else { return .warmup }
        return stepIndex < steps.count ? steps[stepIndex].phase : .done
    }

    /// The bout number of the current step (0 in warm-up).
    public var bout: Int { stepIndex >= 0 && stepIndex < steps.count ? steps[stepIndex].bout : plan.bouts }

    /// When the session ends (the end of the last step), seconds.
    public var endTime: Double { steps.last?.end ?? 0 }

    /// Everything due up to `now`.
    public mutating func advance(to now: Double) -> [SessionEvent] {
        var events: [SessionEvent] = []
        while true {
            let nextStepTime = stepIndex + 1 <= steps.count ? stepStart(stepIndex + 1) : .infinity
            let nextCueTime = pendingCues.first?.time ?? .infinity
            let next = min(nextStepTime, nextCueTime)
            guard next <= now else { break }
            if nextCueTime <= nextStepTime {
                let cue = pendingCues.removeFirst()
                events.append(SessionEvent(time: cue.time, kind: .cue(cue.cue)))
            } else {
                events += enterStep(stepIndex + 1, at: nextStepTime)
            }
        }
        return events
    }

    /// Safe stop: leaves the bouts and goes to cool-down at `now` (nothing happens in cool-down or later).
    public mutating func stop(at now: Double) -> [SessionEvent] {
        guard phase != .cooldown, phase != .done else { return [] }
        stoppedEarly = true
        pendingCues.removeAll()
        let cooldown = Plan.Step(phase: .cooldown, start: now, duration: Double(plan.cooldownSeconds), bout: bout)
        steps = Array(steps[0...max(0, stepIndex)]) + (cooldown.duration > 0 ? [cooldown] : [])
        return enterStep(stepIndex + 1, at: now)
    }

    private func stepStart(_ index: Int) -> Double {
        index < steps.count ? steps[index].start : (steps.last?.end ?? 0)
    }

    private mutating func enterStep(_ index: Int, at time: Double) -> [SessionEvent] {
        let leavingBackward = stepIndex >= 0 && stepIndex < steps.count && steps[stepIndex].phase == .backward
        if leavingBackward, time >= steps[stepIndex].end { boutsCompleted += 1 }
        stepIndex = index
        guard index < steps.count else {
            return [
                SessionEvent(time: time, kind: .phase(.done, bout: 0, of: plan.bouts)),
                SessionEvent(time: time, kind: .cue(CueWording.sessionComplete)),
            ]
        }
        let step = steps[index]
        var events = [
            SessionEvent(
                time: time,
                kind: .phase(
                    step.phase, bout: [.backward, .recovery].contains(step.phase) ? step.bout : 0, of: plan.bouts)
            )
        ]
        switch step.phase {
        case .warmup:
            events.append(SessionEvent(time: time, kind: .cue(CueWording.warmup)))
        case .backward:
            events.append(
                SessionEvent(
                    time: time,
                    kind: .cue(CueWording.turnAround(seconds: Int(step.duration), bout: step.bout, of: plan.bouts))
                )
            )
            if step.duration >= 30 { pendingCues.append((time + step.duration / 2, CueWording.halfway)) }
        case .recovery:
            events.append(SessionEvent(time: time, kind: .cue(CueWording.forwardNow)))
        case .cooldown:
            events.append(
                SessionEvent(
                    time: time, kind: .cue(leavingBackward ? CueWording.forwardThenCooldown : CueWording.cooldown))
            )
        case .paused, .done:
            break
        }
        return events
    }
}
