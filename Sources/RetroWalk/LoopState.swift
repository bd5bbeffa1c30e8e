import RetroWalkCore
import SafetyRules
import WalkCoach

/// The session loop's bookkeeping: link watch, counts for the summary.
struct LoopState {
    var coach: Coach
    var rules: RuleEngine
    private var lastNotification: Double?
    private var linkIsUp = false
    private var isSilent = false
    private var lastContact: Contact?
    private var samples = 0
    private var maxBPM: Int?
    private var alarms: [String: Int] = [:]

    init(coach: Coach, rules: RuleEngine) {
        self.coach = coach
        self.rules = rules
    }

    /// The GATT client is ready: notifications are enabled.
    mutating func linkUp(at time: Double) {
        linkIsUp = true
        lastNotification = time
    }

    /// A sample arrived; returns a `restored` or contact event when the link state changed.
    mutating func noteSample(_ sample: HeartRateSample) -> SessionEvent? {
        lastNotification = sample.time
        var event: SessionEvent?
        if isSilent {
            isSilent = false
            event = SessionEvent(time: sample.time, kind: .signal(.restored, reason: nil))
        } else if sample.contact != lastContact, lastContact != nil {
            if sample.contact == .notDetected {
                event = SessionEvent(time: sample.time, kind: .signal(.contactLost, reason: "strap reports no skin contact"))
            } else if lastContact == .notDetected {
                event = SessionEvent(time: sample.time, kind: .signal(.contactRestored, reason: nil))
            }
        }
        lastContact = sample.contact
        return event
    }

    /// A `lost` event once no notification has arrived for `limit` seconds.
    mutating func watchSilence(at now: Double, limit: Double) -> SessionEvent? {
        guard linkIsUp, !isSilent, let last = lastNotification, now - last >= limit else { return nil }
        isSilent = true
        return SessionEvent(time: now, kind: .signal(.lost, reason: "no notification for \(Int(limit)) s"))
    }

    /// Counts an emitted event for the summary.
    mutating func count(_ event: SessionEvent) {
        switch event.kind {
        case .sample(let sample):
            samples += 1
            maxBPM = max(maxBPM ?? 0, Int(sample.beatsPerMinute))
        case .alert(let alert) where alert.change == .raised:
            alarms[alert.rule, default: 0] += 1
        default:
            break
        }
    }

    func summary(duration: Double, coach: Coach) -> SessionSummary {
        SessionSummary(
            duration: duration,
            samples: samples,
            maxBPM: maxBPM,
            alarmsPerRule: alarms,
            boutsCompleted: coach.boutsCompleted,
            endedEarly: coach.stoppedEarly || coach.phase != .done
        )
    }
}
