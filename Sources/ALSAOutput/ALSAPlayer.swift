import CALSA
import Glibc
public import Logging
import POSIXSupport
public import SoundEngine
import Synchronization

/// Live playback of a ``SoundEngine/SoundScheduler`` through an ALSA PCM device, on a thread of its own.
///
/// The player owns the `snd_pcm_t`. ``start(scheduler:)`` hands the scheduler to a dedicated thread that pulls
/// ~20 ms blocks from it and writes them with `snd_pcm_writei` (blocking C calls never run on the cooperative
/// pool). ``submit(_:)`` prepares the request's samples on the caller's thread (composing clips, synthesising the
/// burst) and drops it into an inbox the playback thread takes before each block: the caller never waits for the
/// scheduler, and the playback thread never waits for synthesis. An alarm submitted from any thread cuts speech
/// within one block. Writes are paced to the monotonic clock, never more than ~100 ms ahead, because devices such
/// as ALSA's `null` or `file` plugins accept data as fast as it comes.
///
/// Failures while playing: an underrun or suspend is recovered with `snd_pcm_recover`; anything else is reported
/// through `onFault` (the app turns it into an event and a terminal bell) and the device is reopened with backoff
/// (0.5 s, doubling to 8 s, back to 0.5 s after 10 s without error) while the scheduler keeps running in real time,
/// so the timeline stays true.
///
/// ALSA's own messages go to the `logger` (debug level) instead of stderr.
public final class ALSAPlayer: Sendable {
    /// The ALSA PCM name, e.g. `default`, `plughw:1,0`, `null`.
    public let device: String
    /// Frames per second sent to the device.
    public let sampleRate: Int

    /// Frames per block pulled from the scheduler: 20 ms.
    public static let blockMilliseconds = 20
    /// The device latency asked of `snd_pcm_set_params`: 100 ms.
    public static let latencyMicroseconds = 100_000
    /// How far the written audio may run ahead of the monotonic clock: 100 ms.
    public static let maximumLeadSeconds = 0.1

    private let logger: Logger
    private let onFault: @Sendable (String) -> Void
    private let onHandOver: (@Sendable (SoundRequest, Duration?) -> Void)?
    private let scheduler = Mutex<SoundScheduler?>(nil)
    /// Requests prepared by submitters, waiting for the playback thread; their own lock, held only to append or
    /// to take them all.
    private let inbox = Mutex<[Submitted]>([])

    private struct Submitted: Sendable {
        var sound: PreparedSound
        /// When what caused the request happened (a notification read from the strap), when it is measured.
        var origin: ContinuousClock.Instant?
    }
    private let preparer = Mutex<SoundPreparer?>(nil)
    private let state: Mutex<State>
    private let stopRequested = Atomic<Bool>(false)

    private enum Phase {
        case ready
        case running(pthread_t)
        case stopped
    }

    private struct State {
        var phase = Phase.ready
        var pcm: PCMHandle?
    }

    /// Opens the playback device.
    ///
    /// - Parameters:
    ///   - device: The ALSA PCM name; defaults to `default`.
    ///   - sampleRate: Frames per second; defaults to 16000 (ALSA resamples if the device needs another rate).
    ///   - logger: Receives the player's logs and ALSA's own messages.
    ///   - onFault: Called on the playback thread with one line when the device fails mid-stream and cannot be
    ///     recovered; keep it short and do not call ``stop(lettingSoundFinishWithin:)`` from it.
    ///   - onHandOver: Called on the playback thread for every sound request just before the `snd_pcm_writei` call
    ///     that hands the first block rendered after it arrived to ALSA, with the time from its origin when it was
    ///     submitted with one (alarms pre-empt everything, so they start in that block; a cue starts there when
    ///     nothing else is playing): the latency benchmark.
    /// - Throws: ``AudioError`` with code ``AudioError/Code/deviceUnavailable`` naming the device, the ALSA error
    ///   and the remedy (`--render-audio FILE.wav`, `--audio-device NAME`, `aplay -L`).
    public init(
        device: String = "default",
        sampleRate: Int = AudioFormat.sampleRate,
        logger: Logger,
        onFault: @escaping @Sendable (String) -> Void = { _ in },
        onHandOver: (@Sendable (SoundRequest, Duration?) -> Void)? = nil
    ) throws(AudioError) {
        ALSALibraryLog.install(logger)
        self.device = device
        self.sampleRate = sampleRate
        self.logger = logger
        self.onFault = onFault
        self.onHandOver = onHandOver
        let pcm = try PCMHandle.open(
            device: device, sampleRate: sampleRate, latencyMicroseconds: Self.latencyMicroseconds)
        state = Mutex(State(pcm: pcm))
        logger.debug("Audio device opened", metadata: ["audio.device": "\(device)", "audio.rate": "\(sampleRate)"])
    }

    deinit {
        // The playback thread holds a reference, so a running player never gets here; close a never-started one.
        state.withLock { $0.pcm.take() }?.close()
    }

    /// Starts the playback thread, pulling from `scheduler`; if already playing, replaces the scheduler.
    ///
    /// - Parameter scheduler: The scheduler to play; from now on reach it through ``submit(_:)`` and
    ///   ``withScheduler(_:)``.
    /// - Throws: ``AudioError`` with code ``AudioError/Code/invalidState`` after
    ///   ``stop(lettingSoundFinishWithin:)``, or ``AudioError/Code/deviceFailed`` if the thread cannot be created.
    public func start(scheduler: SoundScheduler) throws(AudioError) {
        preparer.withLock { $0 = scheduler.preparer }
        self.scheduler.withLock { $0 = scheduler }
        let result: AudioError? = state.withLock { state in
            switch state.phase {
            case .running: return nil
            case .stopped:
                return AudioError(
                    code: .invalidState,
                    message: "Audio player for '\(device)' was stopped. Create a new ALSAPlayer to play again.")
            case .ready:
                stopRequested.store(false, ordering: .releasing)
                var thread = pthread_t()
                let context = Unmanaged.passRetained(self).toOpaque()
                let created = pthread_create(
                    &thread, nil,
                    { context in
                        guard let context else { return nil }
                        let player = Unmanaged<ALSAPlayer>.fromOpaque(context).takeRetainedValue()
                        player.runPlaybackLoop()
                        return nil
                    }, context)
                guard created == 0 else {
                    Unmanaged<ALSAPlayer>.fromOpaque(context).release()
                    let error = SystemError(
                        function: "pthread_create", number: created, text: String(cString: strerror(created)))
                    return AudioError(
                        code: .deviceFailed,
                        message: "Audio playback thread for '\(device)' could not be started (\(error)). "
                            + "Check the process's thread limit (ulimit -u).",
                        underlying: error)
                }
                state.phase = .running(thread)
                return nil
            }
        }
        if let result { throw result }
    }

    /// Submits a request: prepares its samples on the calling thread, then leaves it for the playback thread,
    /// which takes it before its next block (within ~20 ms). Never waits for the playback thread.
    ///
    /// Before ``start(scheduler:)`` there is no scheduler; the request is logged and ignored.
    ///
    /// - Parameters:
    ///   - request: A cue, an alarm or a clear.
    ///   - origin: When what caused it happened, for the latency benchmark (see `onHandOver`).
    public func submit(_ request: SoundRequest, origin: ContinuousClock.Instant? = nil) {
        guard let preparer = preparer.withLock({ $0 }) else {
            logger.info("Sound request ignored: player not started", metadata: ["audio.device": "\(device)"])
            return
        }
        let prepared = Submitted(sound: preparer.prepare(request), origin: origin)
        inbox.withLock { $0.append(prepared) }
    }

    /// Runs `body` on the scheduler under its lock (to read ``SoundEngine/SoundScheduler/log`` or
    /// ``SoundEngine/SoundScheduler/position``, or submit several requests at one frame), after the requests
    /// submitted so far have reached it.
    ///
    /// - Parameter body: Reads or changes the scheduler; keep it short, the playback thread waits for it.
    /// - Returns: What `body` returned, or `nil` before ``start(scheduler:)``.
    public func withScheduler<Result: Sendable>(_ body: (inout SoundScheduler) -> Result) -> Result? {
        scheduler.withLock { scheduler -> Result? in
            guard scheduler != nil else { return nil }
            for submitted in takeInbox() { scheduler!.submit(submitted.sound) }
            return body(&scheduler!)
        }
    }

    /// The requests submitted since the last call.
    private func takeInbox() -> [Submitted] {
        inbox.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }

    /// Stops the playback thread, plays out what the device has buffered (`snd_pcm_drain`) and closes it.
    ///
    /// With `maxSeconds` above 0, first lets what is playing or queued finish (``SoundEngine/SoundScheduler/isQuiet``;
    /// alarm repeats still to come do not count), waiting at most that long: "Session complete" is heard before the
    /// device closes. Joins the thread before returning. Calling it again, or before ``start(scheduler:)``, is fine.
    ///
    /// - Parameter maxSeconds: How long to wait for the queue to play out; defaults to 0 (stop at once).
    public func stop(lettingSoundFinishWithin maxSeconds: Double = 0) {
        let isRunning = state.withLock { state in
            if case .running = state.phase { return true }
            return false
        }
        if isRunning, maxSeconds > 0 {
            let deadline = ContinuousClock.now + .seconds(maxSeconds)
            while ContinuousClock.now < deadline, withScheduler({ $0.isQuiet }) == false {
                usleep(10_000)
            }
        }
        let thread: pthread_t? = state.withLock { state in
            defer { state.phase = .stopped }
            if case .running(let thread) = state.phase { return thread }
            return nil
        }
        stopRequested.store(true, ordering: .releasing)
        if let thread { pthread_join(thread, nil) }
        state.withLock { $0.pcm.take() }?.drainAndClose()
    }

    // MARK: - The playback thread

    private func runPlaybackLoop() {
        var pcm = state.withLock { $0.pcm.take() }
        let blockFrames = max(1, sampleRate * Self.blockMilliseconds / 1000)
        let blockSeconds = Double(blockFrames) / Double(sampleRate)
        let clock = ContinuousClock()
        let start = clock.now
        var framesOut = 0
        var backoff = 0.5
        var nextReopen = start
        var reopenedAt: ContinuousClock.Instant?
        logger.debug("Audio playback started", metadata: ["audio.device": "\(device)"])

        while !stopRequested.load(ordering: .acquiring) {
            let elapsed = Self.seconds(clock.now - start)
            let excess = Double(framesOut) / Double(sampleRate) + blockSeconds - elapsed - Self.maximumLeadSeconds
            if excess > 0 {
                usleep(UInt32(min(excess, blockSeconds) * 1_000_000))
                continue
            }
            // While the device is down the scheduler keeps running in real time, so its timeline stays true.
            let arrived = takeInbox()
            let block = scheduler.withLock { scheduler in
                for submitted in arrived { scheduler?.submit(submitted.sound) }
                return scheduler?.render(frames: blockFrames) ?? [Int16](repeating: 0, count: blockFrames)
            }
            framesOut += blockFrames
            if let onHandOver {
                let now = clock.now
                for submitted in arrived { onHandOver(submitted.sound.request, submitted.origin.map { now - $0 }) }
            }
            if let handle = pcm {
                if let failure = handle.write(block, logger: logger) {
                    handle.close()
                    pcm = nil
                    nextReopen = clock.now + .seconds(backoff)
                    backoff = min(backoff * 2, Self.maximumBackoffSeconds)
                    logger.info(
                        "Audio device failed", metadata: ["audio.device": "\(device)", "alsa.error": "\(failure)"])
                    onFault("Audio device '\(device)' failed (\(failure)); reopening it. Check the speaker connection.")
                } else if let since = reopenedAt, clock.now - since > .seconds(Self.healthySeconds) {
                    backoff = 0.5  // healthy again: the next failure is retried quickly
                    reopenedAt = nil
                }
            } else if clock.now >= nextReopen {
                do {
                    pcm = try PCMHandle.open(
                        device: device, sampleRate: sampleRate, latencyMicroseconds: Self.latencyMicroseconds)
                    reopenedAt = clock.now
                    logger.info("Audio device reopened", metadata: ["audio.device": "\(device)"])
                } catch {
                    nextReopen = clock.now + .seconds(backoff)
                    backoff = min(backoff * 2, Self.maximumBackoffSeconds)
                    logger.debug(
                        "Audio device reopen failed",
                        metadata: ["audio.device": "\(device)", "audio.error": "\(error.message)"])
                }
            }
        }
        state.withLock { $0.pcm = pcm }
        logger.debug("Audio playback stopped", metadata: ["audio.device": "\(device)", "audio.frames": "\(framesOut)"])
    }

    /// The longest wait between reopen attempts: 8 s (the first is 0.5 s, doubling).
    private static let maximumBackoffSeconds = 8.0
    /// How long a reopened device must play without error before the backoff starts again from 0.5 s.
    private static let healthySeconds = 10.0

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
