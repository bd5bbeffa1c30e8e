public import RetroWalkCore

/// C2, heart-rate recovery log: at a stop after a bout, the peak display HR of the bouts since the previous stop
/// minus the display HR `c2.delay_s` (60 s) later (Cole et al. 1999). Report only: an info alert with an empty
/// phrase (silent) and a text such as "Heart-rate recovery 14 bpm in 60 s.", once per stop; a drop of at most
/// `c2.blunted_bpm` (12) is marked, but it is not an alarm (the cut-off comes from maximal tests, SAFETY.md 3.6).
public struct RecoveryLogRule: Sendable {
    /// The rule id.
    public static let id = "C2"

    private let delay: Double
    private let blunted: Double
    private var peak: Double?
    private var pending: (stop: Double, peak: Double)?
    /// The last recovery measured (peak HR minus HR after the delay), bpm.
    public private(set) var lastRecoveryBPM: Double?

    /// Creates the rule.
    public init(settings: RuleSettings = .defaults) {
        delay = settings.c2DelaySeconds
        blunted = settings.c2BluntedBPM
    }

    /// Takes the display HR during a backward bout.
    public mutating func noteExercise(heartRate bpm: Double) { peak = max(peak ?? bpm, bpm) }

    /// A stop after a bout: the reading is due `c2.delay_s` later.
    public mutating func stop(at now: Double) {
        if let peak { pending = (now, peak) }
        peak = nil
    }

    /// Emits the log line once the delay has passed.
    ///
    /// - Parameters:
    ///   - bpm: The display HR now, `nil` without a good signal.
    ///   - now: Seconds since the session started.
    public mutating func evaluate(heartRate bpm: Double?, at now: Double) -> Alert? {
        guard let due = pending, now + timeTolerance >= due.stop + delay else { return nil }
        pending = nil
        let seconds = Int(delay.rounded())
        guard let bpm else {
            return Self.alert("Heart-rate recovery not measured: no heart rate \(seconds) s after the stop.")
        }
        let drop = due.peak - bpm
        lastRecoveryBPM = drop
        let rounded = Int(drop.rounded())
        let mark = drop <= blunted ? " (\(Int(blunted.rounded())) bpm or less)" : ""
        return Self.alert("Heart-rate recovery \(rounded) bpm in \(seconds) s\(mark).")
    }

    private static func alert(_ text: String) -> Alert {
        RuleMessage(rule: id, priority: .info, phrase: "", text: text).alert(.raised)
    }
}
