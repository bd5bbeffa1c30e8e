import RetroWalkCore

/// Whether the strap's signal is good enough for the HR and rhythm rules (SAFETY.md B.4).
///
/// Good signal = data flowing (no notification gap longer than `signal.max_gap_s`, 3 s), contact detected or
/// contact sensing unsupported, and at least `signal.good_valid_fraction` (80 %) valid beats among the beats that
/// ended in the last `signal.good_window_s` (10 s), counted by the time they cover: each beat weighs its RR
/// interval, so a spurious tiny value that some straps append to a notification (a Garmin HRM-Dual sent 52 ms
/// after the real intervals) does not count as one bad beat in five, while a missed beat, which covers two beat
/// times, weighs as much as the two. A beat is valid when its RR is plausible and the ectopic
/// detector has not called it a detection artefact (a missed or extra beat); ectopic beats and long or short
/// intervals are real beats and count as valid; beats not yet classified (the detector's latency) count as valid
/// until they are. A strap that has never sent an RR interval is judged on its HR field instead (> 0).
///
/// Poor signal (rule S1's condition) = data flowing, and either no contact or too few valid beats.
struct SignalQuality: Sendable {
    private struct Beat: Sendable {
        var time: Double
        var isValid: Bool
        /// The RR interval in microseconds (whole, so that the running sums are exact).
        var weight: Int
    }

    private let window: Double
    private let minimumFraction: Double
    private let maxGap: Double
    private var beats = RingBuffer(capacity: 256, filler: Beat(time: 0, isValid: false, weight: 0))
    private var validWeight = 0
    private var totalWeight = 0
    private(set) var lastSampleTime: Double?
    private var contact = Contact.unsupported
    private var hasSeenRR = false
    private var reportedRate: UInt16 = 0

    init(settings: RuleSettings) {
        window = settings.goodSignalWindowSeconds
        minimumFraction = settings.goodSignalValidFraction
        maxGap = settings.maxGapSeconds
    }

    /// Takes a notification's contact state and HR field.
    mutating func noteSample(_ sample: HeartRateSample) {
        lastSampleTime = sample.time
        contact = sample.contact
        reportedRate = sample.beatsPerMinute
        if !sample.rrIntervals.isEmpty { hasSeenRR = true }
    }

    /// Takes one beat as it arrives, with its RR interval in milliseconds.
    mutating func addBeat(at time: Double, rrMilliseconds: Double, isValid: Bool) {
        let beat = Beat(time: time, isValid: isValid, weight: Int((max(0, rrMilliseconds) * 1000).rounded()))
        if let evicted = beats.append(beat) { forget(evicted) }
        totalWeight += beat.weight
        if isValid { validWeight += beat.weight }
    }

    private mutating func forget(_ beat: Beat) {
        totalWeight -= beat.weight
        if beat.isValid { validWeight -= beat.weight }
    }

    /// Marks the beat that ended at `time` as an artefact (its class came after it arrived).
    mutating func markArtefact(at time: Double) {
        var offset = beats.count - 1
        while offset >= 0, beats[offset].time >= time {
            if beats[offset].time == time {
                if beats[offset].isValid {
                    beats[offset].isValid = false
                    validWeight -= beats[offset].weight
                }
                return
            }
            offset -= 1
        }
    }

    /// Drops the beats older than the window.
    mutating func expire(at now: Double) {
        while let oldest = beats.first, oldest.time <= now - window {
            forget(oldest)
            beats.removeFirst()
        }
    }

    /// Forgets the beats (a lost link: the next ones start afresh).
    mutating func forgetBeats() {
        beats.removeAll()
        validWeight = 0
        totalWeight = 0
    }

    /// Whether notifications arrive (the last one at most `max_gap_s` ago).
    func isDataFlowing(at now: Double) -> Bool {
        lastSampleTime.map { now - $0 <= maxGap } ?? false
    }

    /// The fraction of the window's beat time covered by valid beats (call ``expire(at:)`` first); `nil` for a
    /// strap without RR.
    var validFraction: Double? {
        guard totalWeight > 0 else { return hasSeenRR ? 0 : nil }
        return Double(validWeight) / Double(totalWeight)
    }

    private var hasEnoughValidBeats: Bool {
        validFraction.map { $0 >= minimumFraction } ?? (reportedRate > 0)
    }

    /// Good signal at `now` (call ``expire(at:)`` first).
    func isGood(at now: Double) -> Bool {
        isDataFlowing(at: now) && contact != .notDetected && hasEnoughValidBeats
    }

    /// Rule S1's condition at `now` (call ``expire(at:)`` first).
    func isPoor(at now: Double) -> Bool {
        isDataFlowing(at: now) && (contact == .notDetected || !hasEnoughValidBeats)
    }
}
