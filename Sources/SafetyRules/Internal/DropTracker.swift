/// A fall of a rate by at least `drop` within `window` that then holds for `persistence` (R5's drop test, on one
/// source: the display HR or the beat rate).
///
/// The level a fall is measured from is a held level: at each value, the lowest value of the last `hold`
/// seconds, so a single high reading (a random HR field, one short interval) is not a level. The reference is the
/// highest held level of the last `window` seconds, but no higher than the mean held level of the last `baseline`
/// seconds: the fall must take HR below the level the walker was at, not only back from a passing rise (at rest,
/// HR swings 20–35 bpm up and back within 15 s after a sigh or an arousal; MIT-BIH NSRDB). A value at least
/// `drop` below the reference starts a candidate (from `since`, when the caller knows the fall began earlier), which
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
    let baseline: Double
    private var recent = RingBuffer(capacity: 64, filler: Point(time: 0, value: 0))
    private var levels = RingBuffer(capacity: 256, filler: Point(time: 0, value: 0))
    private var levelSum = 0.0
    private var candidate: (since: Double, reference: Double)?

    init(drop: Double, window: Double, persistence: Double, hold: Double, baseline: Double) {
        self.drop = drop
        self.window = window
        self.persistence = persistence
        self.hold = hold
        self.baseline = max(baseline, window)
    }

    /// Whether a fall is in progress (not yet held for the persistence, or held).
    var isFalling: Bool { candidate != nil }

    /// The level the fall in progress is measured from.
    var reference: Double? { candidate?.reference }

    /// Takes the next value, with its time (non-decreasing); `since` is when the fall it may show began.
    mutating func add(_ value: Double, at time: Double, since: Double? = nil) {
        while let oldest = recent.first, oldest.time < time - hold - timeTolerance { recent.removeFirst() }
        recent.append(Point(time: time, value: value))
        var held = value
        for offset in 0..<recent.count { held = min(held, recent[offset].value) }
        // A level is held only once the readings span the hold time (the first reading of a session is none)
        guard let oldest = recent.first, time - oldest.time + timeTolerance >= hold || hold == 0 else { return }
        while let oldest = levels.first, oldest.time < time - baseline - timeTolerance {
            levelSum -= levels.removeFirst().value
        }
        var highest = held
        var offset = levels.count - 1
        while offset >= 0, levels[offset].time >= time - window - timeTolerance {
            highest = max(highest, levels[offset].value)
            offset -= 1
        }
        let mean = levels.isEmpty ? held : levelSum / Double(levels.count)
        let reference = min(highest, max(mean, held))
        if let evicted = levels.append(Point(time: time, value: held)) { levelSum -= evicted.value }
        levelSum += held
        if let current = candidate,
            value > current.reference - drop || time - current.since > persistence + window + timeTolerance
        {
            candidate = nil
        }
        if candidate == nil, value <= reference - drop { candidate = (min(since ?? time, time), reference) }
    }

    /// Whether the fall has held for the persistence, as far as the data go (`time`: the latest time they confirm).
    func holds(at time: Double) -> Bool {
        candidate.map { time - $0.since + timeTolerance >= persistence } ?? false
    }

    /// Forgets everything (no good signal, or the rule does not apply).
    mutating func reset() {
        recent.removeAll()
        levels.removeAll()
        levelSum = 0
        candidate = nil
    }
}

/// A run of slow beats (R5's bradycardia test on the beats): the median of the last 3 intervals is longer than
/// 60 000 / `thresholdBPM` ms at every beat of the run.
///
/// The median ignores one long interval between normal ones (a missed beat) and one short one in a slow run (a
/// premature beat); in bigeminy it alternates, so the compensatory pauses never make a run. The heart has been
/// slow since the *start* of the first long interval of the run. The run is known to go on up to the last beat, or
/// up to the latest notification when the interval in progress is already longer than the limit (no beat has come
/// for that long).
struct SlowBeatRun: Sendable {
    let limitMilliseconds: Double
    let persistence: Double
    private var start: Double?
    private var lastThree = RingBuffer(capacity: 3, filler: (end: 0.0, rr: 0.0))
    private var lastBeat = 0.0

    init(thresholdBPM: Double, persistence: Double) {
        limitMilliseconds = 60_000 / thresholdBPM
        self.persistence = persistence
    }

    /// Takes one plausible interval and when it ended.
    mutating func add(rrMilliseconds rr: Double, at time: Double) {
        lastThree.append((time, rr))
        lastBeat = time
        guard lastThree.isFull else { return }
        var slow = 0
        for offset in 0..<3 where lastThree[offset].rr > limitMilliseconds { slow += 1 }
        guard slow >= 2 else {
            start = nil
            return
        }
        if start == nil {
            for offset in 0..<3 where lastThree[offset].rr > limitMilliseconds {
                start = lastThree[offset].end - lastThree[offset].rr / 1000
                break
            }
        }
    }

    /// Whether the run has lasted the persistence as of `time`, the latest notification.
    func holds(at time: Double) -> Bool {
        guard let start else { return false }
        let known = time - lastBeat >= limitMilliseconds / 1000 ? time : lastBeat
        return known - start + timeTolerance >= persistence
    }

    /// Whether slow beats are coming (a run has begun).
    var isSlow: Bool { start != nil }

    mutating func reset() {
        start = nil
        lastThree.removeAll()
    }
}
