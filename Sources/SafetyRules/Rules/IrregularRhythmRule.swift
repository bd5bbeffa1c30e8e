public import RetroWalkCore

/// R8, AF-like irregularity: over the last `r8.window_beats` (128) normal beats (ectopic and artefact beats
/// removed), nRMSSD > 0.1, Shannon entropy > 0.7 and 0.54 < TPR < 0.77 (Dash et al. 2009, see
/// ``IrregularityMetrics``): a medium "Heartbeat very irregular. Stop and rest.", high when the display HR is
/// also above `r8.high_bpm` (110) (a raised medium alert is raised again as high). It clears once the window has
/// not met the condition for `clear_s`, with a good signal. Until 128 clean beats exist (about 75–90 s) the rule
/// cannot fire; a gap in the data starts the window again. Off with known AF. A screening flag, not a diagnosis.
public struct IrregularRhythmRule: Sendable {
    /// The rule id.
    public static let id = "R8"
    /// The alert's message at medium priority (phrase key `alarm_r8`; the high variant uses the same phrase).
    public static let message = RuleMessage(
        rule: id, priority: .medium, phrase: "alarm_r8", text: "Heartbeat very irregular. Stop and rest.")

    private let settings: RuleSettings
    private var window: IrregularityWindow
    private var tracker: EventTracker
    private var isIrregular = false
    private var isFast = false
    /// The priority of the raised (or last raised) alert.
    public private(set) var priority = Priority.medium

    /// Creates the rule.
    public init(settings: RuleSettings = .defaults) {
        self.settings = settings
        window = IrregularityWindow(capacity: Int(settings.r8WindowBeats))
        tracker = EventTracker(
            clearSeconds: settings.clearSeconds, gate: RaiseGate(priority: .medium, settings: settings))
    }

    /// Whether the alert is raised.
    public var isRaised: Bool { tracker.isRaised }

    /// The metrics of the current window, once it is full.
    public var metrics: IrregularityMetrics? { window.metrics }

    /// Takes one normal beat (while the signal is good).
    ///
    /// - Parameters:
    ///   - rr: The interval, ms.
    ///   - bpm: The display HR now, for the high variant.
    public mutating func receive(normalRRMilliseconds rr: Double, heartRate bpm: Double?) {
        window.append(rr)
        isIrregular = window.isAFLike(settings: settings)
        isFast = isIrregular && (bpm.map { $0 > settings.r8HighBPM } ?? false)
    }

    /// Starts the window again (a gap in the data).
    public mutating func reset() {
        window.removeAll()
        isIrregular = false
        isFast = false
    }

    /// Evaluates at `now`.
    public mutating func evaluate(at now: Double, signalIsGood: Bool) -> Alert? {
        switch tracker.update(active: isIrregular, at: now, canClear: signalIsGood) {
        case .raised:
            priority = isFast ? .high : .medium
            return Self.message.with(priority: priority).alert(.raised)
        case .cleared:
            return Self.message.with(priority: priority).alert(.cleared)
        case .acknowledged, nil:
            guard tracker.isRaised, isFast, priority == .medium else { return nil }
            priority = .high
            return Self.message.with(priority: .high).alert(.raised)
        }
    }
}
