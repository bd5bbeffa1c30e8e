import RetroWalkCore
import SafetyRules
import WalkCoach

/// The session loop's bookkeeping: coach, rules, contact changes, counts for the summary.
struct LoopState {
    var coach: Coach
    var rules: RuleEngine
    private var lastContact: Contact?
    private var samples = 0
    private var maxBPM: Int?
    private var alarms: [String: Int] = [:]

    init(coach: Coach, rules: RuleEngine) {
        self.coach = coach
        self.rules = rules
    }

    /// Returns a contact event when the strap's contact report changed ("unsupported" is never a loss).
    mutating func noteContact(_ sample: HeartRateSample) -> SessionEvent? {
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

    func summary(duration: Double, coach: Coach, interrupted: Bool) -> SessionSummary {
        SessionSummary(
            duration: duration,
            samples: samples,
            maxBPM: maxBPM,
            alarmsPerRule: alarms,
            boutsCompleted: coach.boutsCompleted,
            endedEarly: interrupted || coach.stoppedEarly || coach.phase != .done
        )
    }
}
