/// The final class of each beat: the ectopic detector's class, corrected by two tests relative to the local sinus
/// rhythm that adaptive thresholds cannot make (SAFETY.md B.2, 3.4; issue 12).
///
/// The local sinus RR is the median of the last `signal.sinus_window_beats` (16) two-beat half-sums
/// (RRᵢ₋₁ + RRᵢ)/2 before the beat. A premature beat and its compensatory pause add up to two sinus cycles (the
/// pause of a ventricular premature beat is fully compensatory, about 2 × sinus RR − the coupling interval), so the
/// half-sums stay at the sinus RR even through sustained bigeminy, where no two sinus beats are adjacent and a
/// detector that learns "normal" variability from the series itself (Lipponen–Tarvainen's quartile deviations)
/// takes the short–long alternation for normal.
///
/// 1. **Premature beats by pattern.** An interval is `premature` when it is at most `signal.premature_fraction`
///    (0.85) of the local sinus RR and of the interval before it (the beat comes early; coupling intervals of
///    ventricular premature beats are 60–80 % of the sinus RR, atrial ones somewhat later), confirmed by a
///    compensatory pause of at least `signal.pause_fraction` (1.10) × the sinus RR after it or after the run of
///    such intervals it starts (within ``lookaheadBeats``), or by the detector's ectopic or short call; the
///    intervals of the run after a confirmed first one are premature too, and the pause after the run is
///    `compensatory`. A sinus acceleration (each interval a little shorter, no pause) is not confirmed. Bigeminy (every other beat premature), trigeminy (every third)
///    and couplets are found as such, however often they come. The detector's `ectopic` calls that this test does
///    not confirm (a few percent of prematurity in a noisy series) stay `ectopic`: out of the NN intervals, but
///    not counted as premature beats by R7. A detection artefact (missed or extra beat) is never premature.
/// 2. **A consistent rhythm is the heart.** A `missed` or `extra` call whose interval the next two intervals
///    repeat (each within `signal.rhythm_consistency` (15 %) of it) is a new rate, not a detection artefact: a
///    sudden bradycardia or 2:1 conduction doubles the RR and keeps it doubled, while a missed detection doubles
///    one interval between normal ones. It becomes `long` or `short` (a real beat, not in the NN intervals).
///
/// Streaming, with fixed storage: raw intervals go in with ``append(rrMilliseconds:at:)`` as they arrive, the
/// detector's classes with ``receive(_:)`` as it hands them out; a beat is final once ``lookaheadBeats`` later
/// intervals are known (fewer at ``finish()``). Behind Lipponen–Tarvainen (latency 5) that adds no delay.
public struct RhythmClassifier: Sendable {
    /// Later intervals needed before a beat's class is final.
    public static let lookaheadBeats = 4
    /// Half-sums needed before the local sinus RR is trusted.
    static let minimumReferenceSums = 4
    private static let slotCount = 64

    /// Coupling interval limit, fraction of the local sinus RR.
    public let prematureFraction: Double
    /// Compensatory pause, at least this multiple of the local sinus RR.
    public let pauseFraction: Double
    /// Successive intervals within this fraction are one rhythm.
    public let consistency: Double

    private struct Slot: Sendable {
        var rr = 0.0
        var time = 0.0
        var detected = BeatClass.normal
        var final = BeatClass.normal
    }

    private var slots = ContiguousArray(repeating: Slot(), count: slotCount)
    private var received = 0
    private var detected = 0
    private var finalised = 0
    private var runLength = 0
    private var finished = false
    private var sums: SortedWindow
    private var output = RingBuffer(
        capacity: slotCount, filler: ClassifiedBeat(index: 0, time: 0, rrMilliseconds: 0, classification: .normal))

    /// Creates a classifier from `signal.*` settings.
    public init(settings: RuleSettings = .defaults) {
        prematureFraction = settings.prematureFraction
        pauseFraction = settings.pauseFraction
        consistency = settings.rhythmConsistency
        sums = SortedWindow(capacity: max(Self.minimumReferenceSums, Int(settings.sinusWindowBeats)))
    }

    private subscript(index: Int) -> Slot {
        get { slots[index & (Self.slotCount - 1)] }
        set { slots[index & (Self.slotCount - 1)] = newValue }
    }

    /// The local sinus RR now, ms (`nil` until enough beats are final).
    public var sinusRRMilliseconds: Double? {
        sums.count >= Self.minimumReferenceSums ? sums.median : nil
    }

    /// Takes the next plausible interval of the series, as the detector is given it.
    public mutating func append(rrMilliseconds rr: Double, at time: Double) {
        if finished { resetSeries() }
        self[received] = Slot(rr: rr, time: time)
        received += 1
        finaliseReady()
    }

    /// Takes the detector's class of a beat (in order, as ``EctopicDetector/popClassified()`` hands them out).
    public mutating func receive(_ beat: ClassifiedBeat) {
        guard beat.index == detected, beat.index < received else { return }
        self[beat.index].detected = beat.classification
        detected += 1
        finaliseReady()
    }

    /// The next beat whose final class is known, oldest first.
    public mutating func popClassified() -> ClassifiedBeat? {
        output.isEmpty ? nil : output.removeFirst()
    }

    /// Ends the series (after the detector's `finish()` and its classes): the waiting beats are finalised with the
    /// intervals there are.
    public mutating func finish() {
        finished = true
        finaliseReady()
    }

    /// Forgets the series (a gap in the data): beats not yet final are dropped.
    public mutating func reset() { resetSeries() }

    private mutating func resetSeries() {
        received = 0
        detected = 0
        finalised = 0
        runLength = 0
        finished = false
        sums.removeAll()
    }

    private mutating func finaliseReady() {
        while finalised < detected, finished || finalised + Self.lookaheadBeats < received {
            let index = finalised
            let kind = classify(index)
            self[index].final = kind
            runLength = kind == .premature ? runLength + 1 : 0
            output.append(
                ClassifiedBeat(
                    index: index, time: self[index].time, rrMilliseconds: self[index].rr, classification: kind))
            if index > 0 { sums.append((self[index - 1].rr + self[index].rr) / 2) }
            finalised += 1
        }
    }

    private func isConsistent(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= consistency * max(a, b)
    }

    private func classify(_ index: Int) -> BeatClass {
        let slot = self[index]
        let rr = slot.rr
        var kind = slot.detected
        let previous = index > 0 ? self[index - 1].rr : nil
        if kind.isArtefact, index + 2 < received, isConsistent(rr, self[index + 1].rr),
            isConsistent(rr, self[index + 2].rr)
        {
            kind = rr >= (previous ?? rr) ? .long : .short
        }
        guard !kind.isArtefact, let sinus = sinusRRMilliseconds else { return kind }
        let limit = prematureFraction * sinus
        if rr <= limit {
            let continuesRun = runLength > 0
            let comesEarly = previous.map { rr <= prematureFraction * $0 } ?? false
            guard continuesRun || comesEarly else { return kind }
            if continuesRun { return .premature }
            var next = index + 1
            while next < received, next <= index + Self.lookaheadBeats, self[next].rr <= limit { next += 1 }
            let pauseFollows = next < received && self[next].rr >= pauseFraction * sinus
            return pauseFollows || slot.detected == .ectopic || slot.detected == .short ? .premature : kind
        }
        if runLength > 0, rr >= pauseFraction * sinus { return .compensatory }
        return kind
    }

    /// Classifies a whole series: the configured detector, then this classifier.
    ///
    /// - Parameters:
    ///   - rr: Plausible RR intervals, ms, in order.
    ///   - settings: The detector and the pattern thresholds.
    /// - Returns: One final class per interval.
    public static func classify(_ rr: [Double], settings: RuleSettings = .defaults) -> [BeatClass] {
        var detector = EctopicDetector(settings: settings)
        var classifier = RhythmClassifier(settings: settings)
        var classes = [BeatClass](repeating: .normal, count: rr.count)
        func drain() {
            while let beat = detector.popClassified() { classifier.receive(beat) }
            while let beat = classifier.popClassified() { classes[beat.index] = beat.classification }
        }
        for (index, value) in rr.enumerated() {
            detector.append(rrMilliseconds: value, at: Double(index))
            classifier.append(rrMilliseconds: value, at: Double(index))
            drain()
        }
        detector.finish()
        while let beat = detector.popClassified() { classifier.receive(beat) }
        classifier.finish()
        drain()
        return classes
    }
}
