/// What an RR interval is, as the ectopic-beat detector classifies it (SAFETY.md B.2).
///
/// The classes are those of Lipponen & Tarvainen (2019): a normal beat; an ectopic beat (the short–long or
/// long–short dRR pattern of a premature beat); a long or short interval; a missed beat (one interval spanning
/// two beats); an extra beat (a detection that splits one interval in two).
public enum BeatClass: String, Sendable, Hashable, CaseIterable {
    /// A normal (sinus) interval.
    case normal
    /// An ectopic beat.
    case ectopic
    /// An interval too long for its neighbours, not a missed beat.
    case long
    /// An interval too short for its neighbours, not an extra beat.
    case short
    /// A missed beat: the interval covers two beats.
    case missed
    /// An extra beat: this interval and the next add up to one.
    case extra

    /// Whether the class marks a detection artefact: a missed or an extra beat. These count against the
    /// good-signal fraction. Long and short intervals do not: the short interval of a premature beat is a real
    /// beat, and counting it would turn frequent ectopy (R7) into a "poor signal".
    public var isArtefact: Bool {
        switch self {
        case .missed, .extra: true
        case .normal, .ectopic, .long, .short: false
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
