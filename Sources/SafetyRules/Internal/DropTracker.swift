/// A fall of a rate by at least `drop` within `window` that then holds for `persistence` (R5's drop test, on one
/// source: the display HR or the beat rate).
///
/// The level a fall is measured from is a held level: at each value, the lowest value of the last `hold`
/// seconds, so a single high reading (a random HR field, one short interval) is not a level. The reference is the
/// highest held level of the last `window` seconds; a value at least `drop` below it starts a candidate, which
/// keeps that reference and is cancelled as soon as a value comes back above reference − `drop`. The fall holds
/// once the candidate has lasted `persistence`; `window` after that it is over (the lower rate is the level from
/// then on, and a new fall is measured from it). Fixed storage.
struct DropTracker: Sendable {
    private struct Point: Sendable {
        var time: Double
        var value: Double
    }

    let drop: Double
    let window: Double
    let persistence: Double
    let hold: Double
    private var recent = RingBuffer(capacity: 64, filler: Point(time: 0, value: 0))
    private var levels = RingBuffer(capacity: 128, filler: Point(time: 0, value: 0))
    private var candidate: (since: Double, reference: Double)?

    init(drop: Double, window: Double, persistence: Double, hold: Double) {
        self.drop = drop
        self.window = window
        self.persistence = persistence
        self.hold = hold
    }

    /// Whether a fall is in progress (not yet held for the persistence, or held).
    var isFalling: Bool { candidate != nil }

    /// The level the fall in progress is measured from.
    var reference: Double? { candidate?.reference }

    /// Takes the next value, with its time (non-decreasing).
    mutating func add(_ value: Double, at time: Double) {
        while let oldest = recent.first, oldest.time < time - hold - timeTolerance { recent.removeFirst() }
        recent.append(Point(time: time, value: value))
        var held = value
        for offset in 0..<recent.count { held = min(held, recent[offset].value) }
        while let oldest = levels.first, oldest.time < time - window - timeTolerance { levels.removeFirst() }
        var highest = held
        for offset in 0..<levels.count { highest = max(highest, levels[offset].value) }
        levels.append(Point(time: time, value: held))
        if let current = candidate,
            value > current.reference - drop || time - current.since > persistence + window + timeTolerance
        {
            candidate = nil
        }
        if candidate == nil, value <= highest - drop { candidate = (time, highest) }
    }

    /// Whether the fall has held for the persistence, as far as the data go (`time`: the latest time they confirm).
    func holds(at time: Double) -> Bool {
        candidate.map { time - $0.since + timeTolerance >= persistence } ?? false
    }

    /// Forgets everything (no good signal, or the rule does not apply).
    mutating func reset() {
        recent.removeAll()
        levels.removeAll()
        candidate = nil
    }
}

/// A run of slow beats (R5's bradycardia test on the beats): intervals longer than 60 000 / `thresholdBPM` ms.
///
/// The heart has been slow since the *start* of the first long interval of the run. One interval that is not long
/// (a premature beat) does not end the run; two in a row do, and so does a run of a single long interval (a missed
/// beat between normal ones is not bradycardia). The run is known to go on up to the last beat, or up to the latest
/// notification when the interval in progress is already longer than the limit (no beat has come for that long).
struct SlowBeatRun: Sendable {
    let limitMilliseconds: Double
    let persistence: Double
    private var start: Double?
    private var slowBeats = 0
    private var fastInRow = 0
    private var lastBeat = 0.0

    init(thresholdBPM: Double, persistence: Double) {
        limitMilliseconds = 60_000 / thresholdBPM
        self.persistence = persistence
    }

    /// Takes one plausible interval and when it ended.
    mutating func add(rrMilliseconds rr: Double, at time: Double) {
        if rr > limitMilliseconds {
            if start == nil {
                start = time - rr / 1000
                slowBeats = 0
            }
            slowBeats += 1
            fastInRow = 0
        } else if start != nil {
            fastInRow += 1
            if fastInRow >= 2 || slowBeats < 2 { reset() }
        }
        lastBeat = time
    }

    /// Whether the run has lasted the persistence as of `time`, the latest notification.
    func holds(at time: Double) -> Bool {
        guard let start, slowBeats >= 2 else { return false }
        let known = time - lastBeat >= limitMilliseconds / 1000 ? time : lastBeat
        return known - start + timeTolerance >= persistence
    }

    /// Whether slow beats are coming (a run has begun).
    var isSlow: Bool { start != nil }

    mutating func reset() {
        start = nil
        slowBeats = 0
        fastInRow = 0
    }
}
