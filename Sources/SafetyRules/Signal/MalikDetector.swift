/// The Malik rule, the documented fallback for ectopic-beat detection (SAFETY.md 3.4, B.2), streaming.
///
/// After `hrvanalysis.preprocessing.remove_ectopic_beats` (Aura-healthcare/hrv-analysis): an interval is abnormal
/// when it differs from the reference by more than `malik_fraction` (20 %) of the reference, and the interval
/// right after an abnormal one is taken as it is (it is the other half of the event). One change: hrv-analysis
/// takes the immediately previous interval as the reference, which after a premature beat is its compensatory
/// pause, so the next normal beat is flagged too; here the reference is the last interval that was neither
/// flagged nor the one right after a flagged one.
///
/// The rule only flags; to feed the rules that need a class, a flagged interval is an *extra* beat when it and
/// the next add up to the reference (within the fraction), *ectopic* when it is otherwise shorter, *missed* when
/// it is twice the reference (within the fraction of the reference) and *long* otherwise. Latency: 1 beat (the
/// extra-beat test needs the next interval).
public struct MalikDetector: Sendable {
    /// Beats after a beat that must be known before it is classified.
    public static let latencyBeats = 1

    /// The relative change that flags an interval.
    public let fraction: Double

    private struct Pending: Sendable {
        var index: Int
        var rr: Double
        var time: Double
        var reference: Double?
        var isFlagged: Bool
        var followsFlagged: Bool
    }

    private var pending: Pending?
    private var reference: Double?
    private var count = 0
    private var output = RingBuffer(
        capacity: 4, filler: ClassifiedBeat(index: 0, time: 0, rrMilliseconds: 0, classification: .normal))

    /// Creates a detector.
    ///
    /// - Parameter fraction: The relative change that flags an interval (0.20).
    public init(fraction: Double = 0.20) { self.fraction = fraction }

    /// Takes the next RR interval; classified beats become available from ``popClassified()``.
    public mutating func append(rrMilliseconds rr: Double, at time: Double) {
        var followsFlagged = false
        if let previous = pending {
            output.append(classify(previous, next: rr))
            if !previous.isFlagged && !previous.followsFlagged { reference = previous.rr }
            followsFlagged = previous.isFlagged
        }
        let isFlagged = !followsFlagged && (reference.map { abs(rr - $0) > fraction * $0 } ?? false)
        pending = Pending(
            index: count, rr: rr, time: time, reference: reference, isFlagged: isFlagged,
            followsFlagged: followsFlagged)
        count += 1
    }

    /// The next beat whose class is final, oldest first.
    public mutating func popClassified() -> ClassifiedBeat? {
        output.isEmpty ? nil : output.removeFirst()
    }

    /// Ends the series: classifies the last beat, then starts a new series.
    public mutating func finish() {
        if let last = pending { output.append(classify(last, next: nil)) }
        reset()
    }

    /// Forgets the series (the beat waiting for its successor is dropped).
    public mutating func reset() {
        pending = nil
        reference = nil
        count = 0
    }

    private func classify(_ beat: Pending, next: Double?) -> ClassifiedBeat {
        var kind = BeatClass.normal
        if beat.isFlagged, let reference = beat.reference {
            if beat.rr < reference {
                let isExtra = next.map { abs(beat.rr + $0 - reference) <= fraction * reference } ?? false
                kind = isExtra ? .extra : .ectopic
            } else {
                kind = abs(beat.rr - 2 * reference) <= fraction * reference ? .missed : .long
            }
        }
        return ClassifiedBeat(index: beat.index, time: beat.time, rrMilliseconds: beat.rr, classification: kind)
    }
}
