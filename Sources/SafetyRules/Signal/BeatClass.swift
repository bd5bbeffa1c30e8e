/// What an RR interval is, as the ectopic-beat detector classifies it (SAFETY.md B.2).
///
/// The first six classes are those of Lipponen & Tarvainen (2019): a normal beat; an ectopic beat (the
/// short–long or long–short dRR pattern of a premature beat); a long or short interval; a missed beat (one
/// interval spanning two beats); an extra beat (a detection that splits one interval in two). The last two come
/// from ``RhythmClassifier``'s pattern test, relative to the local sinus rhythm: the coupling interval of a
/// premature beat, and the compensatory pause after it (or after a run of them).
public enum BeatClass: String, Sendable, Hashable, CaseIterable {
    /// A normal (sinus) interval.
    case normal
    /// An ectopic beat by the detector's thresholds, not confirmed as premature by the pattern test (too little
    /// prematurity, or no pause): left out of the NN intervals, not counted by R7.
    case ectopic
    /// An interval too long for its neighbours, not a missed beat.
    case long
    /// An interval too short for its neighbours, not an extra beat.
    case short
    /// A missed beat: the interval covers two beats.
    case missed
    /// An extra beat: this interval and the next add up to one.
    case extra
    /// The coupling interval of a premature beat: at most `signal.premature_fraction` (85 %) of the local sinus
    /// RR, coming early after the interval before it, and followed by a compensatory pause (or the detector's
    /// ectopic call, or two more premature beats). The beat R7 counts.
    case premature
    /// The pause after a premature beat (or run): at least `signal.pause_fraction` (110 %) of the local sinus RR.
    case compensatory

    /// Whether the class marks a detection artefact: a missed or an extra beat. These count against the
    /// good-signal fraction. Long and short intervals do not: the short interval of a premature beat is a real
    /// beat, and counting it would turn frequent ectopy (R7) into a "poor signal".
    public var isArtefact: Bool {
        switch self {
        case .missed, .extra: true
        case .normal, .ectopic, .long, .short, .premature, .compensatory: false
        }
    }
}

/// One RR interval with its class, as a detector hands it back.
public struct ClassifiedBeat: Sendable, Hashable {
    /// The interval's position in the series the detector was fed since its start or last reset (0-based).
    public var index: Int
    /// When the beat ended, seconds (as the caller passed it).
    public var time: Double
    /// The interval, milliseconds.
    public var rrMilliseconds: Double
    /// The class.
    public var classification: BeatClass

    /// Creates a classified beat.
    public init(index: Int, time: Double, rrMilliseconds: Double, classification: BeatClass) {
        self.index = index
        self.time = time
        self.rrMilliseconds = rrMilliseconds
        self.classification = classification
    }
}
