import RetroWalkCore

/// A request whose samples are ready to enqueue (``SoundScheduler/submit(_:)-(PreparedSound)``).
public struct PreparedSound: Sendable, Equatable {
    /// The request.
    public var request: SoundRequest
    /// What it plays: a cue's composed clips at the speech gain, or an alarm's burst, gap and message at its
    /// priority's gain; empty for a clear (and for a cue without clips).
    public var samples: [Int16]
}

/// Makes the samples of requests: composes cues from clips and synthesises alarm bursts, at their gains.
///
/// Pure and `Sendable`: the thread that decides what to play prepares it, so that the thread that plays (which
/// holds the scheduler) never waits for composing or synthesis, and never holds a lock while doing either.
public struct SoundPreparer: Sendable {
    /// The clips cues and alarm messages are composed from.
    public let catalog: ClipCatalog
    /// The level of each priority and of speech.
    public let gains: SoundGains
    /// Frames per second.
    public let sampleRate: Int

    /// Silence between an alarm's burst and its spoken message.
    static let messageGapMilliseconds = 300.0

    /// Creates a preparer.
    public init(catalog: ClipCatalog, gains: SoundGains = .unity, sampleRate: Int = AudioFormat.sampleRate) {
        self.catalog = catalog
        self.gains = gains
        self.sampleRate = sampleRate
    }

    /// The request with its samples.
    public func prepare(_ request: SoundRequest) -> PreparedSound {
        switch request {
        case .cue(let cue, _):
            return PreparedSound(
                request: request, samples: SoundGains.apply(catalog.compose(cue.phrases), decibels: gains.speech))
        case .alarm(let alert) where alert.change != .cleared:
            return PreparedSound(request: request, samples: alarmSamples(alert))
        case .alarm, .clear:
            return PreparedSound(request: request, samples: [])
        }
    }

    /// An alarm's sounding: its priority's burst, 300 ms of silence, its spoken message, at its priority's gain.
    func alarmSamples(_ alert: Alert) -> [Int16] {
        var samples = AlarmTone.burst(alert.priority)
        let message = catalog.compose([alert.phrase])
        if !message.isEmpty {
            samples += repeatElement(
                0, count: AudioFormat.frames(milliseconds: Self.messageGapMilliseconds, sampleRate: sampleRate))
            samples += message
        }
        return SoundGains.apply(samples, decibels: gains.decibels(for: alert.priority))
    }
}
