import RetroWalkCore

/// The priority scheduler of everything the product says or sounds: a pure, pull-based state machine.
///
/// The scheduler has its own frame clock, ``position``: the number of frames rendered so far. An output pulls the
/// next block with ``render(frames:)`` (live playback pulls ~20 ms blocks in real time; offline rendering pulls
/// up to a session time with ``render(until:)``), and ``submit(_:)`` enqueues a request at the current position.
/// Nothing here reads a clock, so the same requests at the same positions always give the same samples.
///
/// Rules (SAFETY.md, section D):
/// - One queue, by rank: high alarm > medium alarm > low alarm > speech cue > info alert; equal ranks play in
///   submission order. Nothing plays over anything else.
/// - An alarm pre-empts speech (and lower alarms, and info) at once: the playing clip fades out over 5 ms from
///   the next rendered frame and the alarm starts right after, within the same render call. A cut cue is not
///   replayed; a cut alarm waits to sound again in full.
/// - An alarm is its priority's ``AlarmTone`` burst, 300 ms of silence, then its spoken message.
/// - High alarms repeat until cleared: a cycle starts every 4 s (start to start) or 1 s after the message ends,
///   whichever is later. Speech cues and info alerts wait while a high alarm is active.
/// - Medium alarms repeat once, 10 s after their first start (or 1 s after it ends, if later), unless cleared.
/// - Low alarms never repeat, and a low alarm of a rule that started less than 30 s ago is dropped.
/// - Info alerts (a chime then the message) wait until nothing else is queued.
/// - A cue whose ``Cue/priority`` is above `info` (the coach's safe-stop script is `high`) ranks with the alarms of
///   its priority: it is not held back by them, is never cut by them, and an alarm repeat that falls due while it
///   speaks waits for it. So the script is spoken between the bursts of the alarm that caused it.
/// - Nothing lower starts when it would still be playing at the next repeat of a higher alarm.
/// - Cues that cannot start within their `maxDelaySeconds` are dropped; alarms are never dropped for lateness.
///
/// Levels: an alarm's burst and message play at its priority's gain, cues at the speech gain (``SoundGains``); at
/// 0 dB (the default) every sample is exactly the clip's or the burst's.
///
/// ``log`` records what started, when, and whether it was cut; ``dropped`` records what will not be heard.
public struct SoundScheduler: Sendable {
    /// Frames per second of the time base; must equal the catalogue's rate and ``AudioFormat/sampleRate`` (the
    /// rate the alarm tones are synthesised at).
    public let sampleRate: Int
    /// The clips cues and alarm messages are composed from.
    public let catalog: ClipCatalog
    /// The level of each priority and of speech.
    public let gains: SoundGains

    /// Frames rendered so far: the scheduler's clock.
    public private(set) var position = 0
    /// What started playing, in order, with its start frame and whether it was cut.
    public private(set) var log: [PlayedSound] = []
    /// Requests that will not be heard, with the reason.
    public private(set) var dropped: [DroppedSound] = []

    private var pending: [Pending] = []
    private var playing: Playing?
    private var alarms: [String: AlarmState] = [:]
    private var lastLowStart: [String: Int] = [:]
    private var nextSequence = 0

    /// Creates an idle scheduler at position 0.
    ///
    /// - Parameters:
    ///   - catalog: The voice clips.
    ///   - sampleRate: Frames per second of the time base; defaults to 16000 (``AudioFormat/sampleRate``).
    ///   - gains: The level of each priority and of speech; defaults to 0 dB for all (``SoundGains/unity``).
    public init(catalog: ClipCatalog, sampleRate: Int = AudioFormat.sampleRate, gains: SoundGains = .unity) {
        self.catalog = catalog
        self.sampleRate = sampleRate
        self.gains = gains
    }

    /// The rule ids whose alarms are sounding, waiting to sound, or repeating, sorted.
    public var activeAlarms: [String] { alarms.keys.sorted() }

    /// Whether nothing is playing, queued or due to repeat.
    public var isIdle: Bool { playing == nil && pending.isEmpty && alarms.isEmpty }

    /// Whether nothing is playing or queued right now (alarm repeats may still be due later).
    public var isQuiet: Bool { playing == nil && pending.isEmpty }

    /// The part of the scheduler that makes a request's samples, for a thread that submits to a scheduler another
    /// thread plays: it composes and synthesises outside the player's lock (``submit(_:)-(PreparedSound)``).
    public var preparer: SoundPreparer { SoundPreparer(catalog: catalog, gains: gains, sampleRate: sampleRate) }

    /// Enqueues a request at the current ``position``.
    ///
    /// An alarm that outranks what is playing cuts it at the next rendered frame.
    ///
    /// - Parameter request: The cue, alarm or clear.
    public mutating func submit(_ request: SoundRequest) {
        submit(preparer.prepare(request))
    }

    /// Enqueues a request whose samples are ready, at the current ``position``: no composing or synthesis here.
    ///
    /// - Parameter prepared: A request made ready by ``SoundPreparer/prepare(_:)`` of this scheduler's catalogue
    ///   and gains.
    public mutating func submit(_ prepared: PreparedSound) {
        switch prepared.request {
        case .cue(let cue, let maxDelaySeconds):
            guard !prepared.samples.isEmpty else {
                dropped.append(DroppedSound(item: .cue(cue), frame: position, reason: .noClips))
                return
            }
            enqueue(
                item: .cue(cue), cycle: 0, samples: prepared.samples,
                deadline: position + frames(seconds: maxDelaySeconds))
        case .alarm(let alert) where alert.change == .cleared:
            clear(rule: alert.rule)
        case .alarm(let alert):
            raise(alert, samples: prepared.samples)
        case .clear(let rule):
            clear(rule: rule)
        }
    }

    /// Renders the next `frames` frames and advances ``position`` by that much.
    ///
    /// - Parameter frames: How many frames to render; 0 or less gives an empty array.
    /// - Returns: Exactly `max(0, frames)` samples; silence when idle.
    public mutating func render(frames: Int) -> [Int16] {
        var out = [Int16]()
        guard frames > 0 else { return out }
        out.reserveCapacity(frames)
        let end = position + frames
        while position < end {
            fireDueRepeats()
            dropStaleCues()
            if playing == nil { startNext() }
            let chunkEnd = min(end, nextEventFrame())
            if var current = playing {
                let count = min(chunkEnd - position, current.samples.count - current.offset)
                out += current.samples[current.offset..<(current.offset + count)]
                current.offset += count
                position += count
                if current.offset == current.samples.count {
                    finish(current)
                } else {
                    playing = current
                }
            } else {
                out += repeatElement(0, count: chunkEnd - position)
                position = chunkEnd
            }
        }
        return out
    }

    /// Renders up to the session time `seconds` (the offline path: the scheduler pulled in session time).
    ///
    /// - Parameter seconds: Session time in seconds; the position becomes `round(seconds × sampleRate)`.
    /// - Returns: The frames from the current position up to that time; empty if it is not ahead.
    public mutating func render(until seconds: Double) -> [Int16] {
        render(frames: frames(seconds: seconds) - position)
    }

    // MARK: - Internals

    private struct Pending {
        var sequence: Int
        var item: SoundItem
        var cycle: Int
        var samples: [Int16]
        /// Last frame a cue may start at; `nil` for alarms.
        var deadline: Int?
        var rank: Int

        var rule: String? {
            if case .alarm(let alert) = item { alert.rule } else { nil }
        }
    }

    private struct Playing {
        var samples: [Int16]
        var offset = 0
        /// The request, to requeue an alarm that is cut; `nil` for a fade-out tail.
        var source: Pending?
        var logIndex: Int?
        /// Repeat bookkeeping done at start, undone if the alarm is cut.
        var armedRepeat = false
        var consumedRepeat = false
    }

    private struct AlarmState {
        var alert: Alert
        /// The burst and message, made once when raised and played again at each repeat.
        var samples: [Int16]
        /// Repeats still to arm; `nil` = until cleared.
        var repeatsLeft: Int?
        var nextDue: Int?
        var cycles = 0
        var isCleared = false
    }

    private enum Rank {
        static let info = 0
        static let cue = 1
        static func alarm(_ priority: Priority) -> Int {
            switch priority {
            case .info: info
            case .low: 2
            case .medium: 3
            case .high: 4
            }
        }
    }

    private static let cutFadeMilliseconds = 5.0
    private static let highCycleSeconds = 4.0
    private static let pauseAfterMessageSeconds = 1.0
    private static let mediumRepeatSeconds = 10.0
    private static let lowQuietSeconds = 30.0

    /// Frames in `seconds`, clamped to 0…10⁹ s (NaN counts as 0) so that no input can trap.
    private func frames(seconds: Double) -> Int {
        let clamped = seconds.isNaN ? 0 : min(max(seconds, 0), 1e9)
        return Int((clamped * Double(sampleRate)).rounded())
    }

    private mutating func enqueue(item: SoundItem, cycle: Int, samples: [Int16], deadline: Int?) {
        let rank: Int
        switch item {
        case .cue(let cue): rank = cue.priority == .info ? Rank.cue : Rank.alarm(cue.priority)
        case .alarm(let alert): rank = Rank.alarm(alert.priority)
        }
        pending.append(
            Pending(sequence: nextSequence, item: item, cycle: cycle, samples: samples, deadline: deadline, rank: rank))
        nextSequence += 1
        preemptIfOutranked()
    }

    private mutating func raise(_ alert: Alert, samples: [Int16]) {
        if alert.priority == .low, let last = lastLowStart[alert.rule],
            position - last < frames(seconds: Self.lowQuietSeconds)
        {
            dropped.append(DroppedSound(item: .alarm(alert), frame: position, reason: .lowPriorityWithin30Seconds))
            return
        }
        let repeats: Int? =
            switch alert.priority {
            case .high: nil
            case .medium: 1
            case .low, .info: 0
            }
        if var state = alarms[alert.rule] {
            guard state.isCleared else {
                dropped.append(DroppedSound(item: .alarm(alert), frame: position, reason: .alreadySounding))
                return
            }
            // Cleared but its last sounding is still playing or waiting: re-arm it as a new raise.
            state = AlarmState(
                alert: alert, samples: samples, repeatsLeft: repeats, nextDue: nil, cycles: state.cycles)
            alarms[alert.rule] = state
        } else {
            alarms[alert.rule] = AlarmState(alert: alert, samples: samples, repeatsLeft: repeats, nextDue: nil)
        }
        enqueue(item: .alarm(alert), cycle: 0, samples: samples, deadline: nil)
    }

    private mutating func clear(rule: String) {
        guard var state = alarms[rule] else { return }
        state.isCleared = true
        state.nextDue = nil
        state.repeatsLeft = 0
        alarms[rule] = state
        pending.removeAll { $0.rule == rule && $0.cycle > 0 }
        retireIfDone(rule)
    }

    /// Removes a rule from the active set once it is neither playing, waiting nor due to repeat.
    private mutating func retireIfDone(_ rule: String) {
        guard let state = alarms[rule], state.nextDue == nil, state.isCleared || state.repeatsLeft == 0 else { return }
        if playing?.source?.rule == rule || pending.contains(where: { $0.rule == rule }) { return }
        alarms[rule] = nil
    }

    private mutating func fireDueRepeats() {
        let due = alarms.filter { $0.value.nextDue.map { $0 <= position } ?? false }.keys.sorted()
        for rule in due {
            guard var state = alarms[rule] else { continue }
            state.nextDue = nil
            alarms[rule] = state
            enqueue(item: .alarm(state.alert), cycle: state.cycles, samples: state.samples, deadline: nil)
        }
    }

    /// The next frame at which the scheduler must look again: a repeat falling due or a waiting cue going stale.
    private func nextEventFrame() -> Int {
        var next = Int.max
        for state in alarms.values {
            if let due = state.nextDue, due > position { next = min(next, due) }
        }
        for item in pending {
            if let deadline = item.deadline, deadline + 1 > position { next = min(next, deadline + 1) }
        }
        return next
    }

    private func canStart(_ candidate: Pending) -> Bool {
        if candidate.rank <= Rank.cue {
            let highActive = alarms.values.contains { $0.alert.priority == .high && !$0.isCleared }
            if highActive { return false }
        }
        if candidate.rank == Rank.info, pending.contains(where: { $0.rank > Rank.info }) { return false }
        let end = position + candidate.samples.count
        for state in alarms.values where Rank.alarm(state.alert.priority) > candidate.rank {
            if let due = state.nextDue, end > due { return false }
        }
        return true
    }

    /// The best candidate that could start now, by rank then submission order.
    private func bestStartable() -> Int? {
        var best: Int?
        for index in pending.indices where canStart(pending[index]) {
            guard let current = best else {
                best = index
                continue
            }
            let a = pending[index]
            let b = pending[current]
            if a.rank > b.rank || (a.rank == b.rank && a.sequence < b.sequence) { best = index }
        }
        return best
    }

    private mutating func dropStaleCues() {
        let now = position
        func isStale(_ item: Pending) -> Bool { item.deadline.map { now > $0 } ?? false }
        guard pending.contains(where: isStale) else { return }
        dropped += pending.filter(isStale).map { DroppedSound(item: $0.item, frame: now, reason: .stale) }
        pending.removeAll(where: isStale)
    }

    private mutating func startNext() {
        guard let index = bestStartable() else { return }
        let next = pending.remove(at: index)
        var now = Playing(samples: next.samples, source: next, logIndex: log.count)
        log.append(PlayedSound(item: next.item, cycle: next.cycle, startFrame: position, endFrame: nil, wasCut: false))
        if case .alarm(let alert) = next.item, var state = alarms[alert.rule] {
            if alert.priority == .low { lastLowStart[alert.rule] = position }
            state.cycles = max(state.cycles, next.cycle + 1)
            if state.repeatsLeft != 0 {
                let length = next.samples.count + frames(seconds: Self.pauseAfterMessageSeconds)
                let interval = alert.priority == .high ? Self.highCycleSeconds : Self.mediumRepeatSeconds
                state.nextDue = position + max(frames(seconds: interval), length)
                now.armedRepeat = true
                if let left = state.repeatsLeft {
                    state.repeatsLeft = left - 1
                    now.consumedRepeat = true
                }
            }
            alarms[alert.rule] = state
        }
        playing = now
    }

    private mutating func finish(_ done: Playing) {
        playing = nil
        if let index = done.logIndex { log[index].endFrame = position }
        if let rule = done.source?.rule { retireIfDone(rule) }
    }

    /// Cuts what is playing if a waiting alarm outranks it and could start now.
    private mutating func preemptIfOutranked() {
        guard let current = playing, let source = current.source, let best = bestStartable() else { return }
        let challenger = pending[best]
        guard challenger.rank > source.rank, challenger.rank >= Rank.alarm(.low) else { return }
        let fade = min(
            AudioFormat.frames(milliseconds: Self.cutFadeMilliseconds, sampleRate: sampleRate),
            current.samples.count - current.offset)
        var tail = Array(current.samples[current.offset..<(current.offset + fade)])
        for index in tail.indices {
            tail[index] = Int16(Double(tail[index]) * Double(fade - index) / Double(fade + 1))
        }
        if let index = current.logIndex {
            log[index].wasCut = true
            log[index].endFrame = position + fade
        }
        if let rule = source.rule, var state = alarms[rule] {
            // An alarm is never dropped: undo its repeat bookkeeping and let it sound again in full.
            if current.armedRepeat { state.nextDue = nil }
            if current.consumedRepeat, let left = state.repeatsLeft { state.repeatsLeft = left + 1 }
            alarms[rule] = state
            pending.append(source)
        }
        playing = Playing(samples: tail, source: nil, logIndex: nil)
    }
}
