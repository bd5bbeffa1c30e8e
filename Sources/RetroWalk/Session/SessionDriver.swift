import Logging
import POSIXSupport
import RetroWalkCore
import SafetyRules
public import SessionEngine
import Synchronization

/// Inputs for a running session from other threads: keys (terminal, buttons, a dashboard), stop requests,
/// device faults, outputs that fell behind or failed. Posting never blocks; the session's thread wakes at once.
public final class SessionInbox: OutputReporter {
    private struct State {
        var inputs: [SessionInput] = []
        var isClosed = false
    }

    private let state = Mutex(State())
    let wake = WakeSignal()

    /// Creates an empty inbox.
    public init() {}

    /// Posts an input; the driver stamps it with the session clock when it takes it.
    ///
    /// - Returns: `false` when the session has ended.
    @discardableResult
    public func post(_ input: SessionInput) -> Bool {
        let accepted = state.withLock { state -> Bool in
            guard !state.isClosed else { return false }
            state.inputs.append(input)
            return true
        }
        if accepted { wake.notify() }
        return accepted
    }

    @discardableResult
    public func report(_ input: SessionInput) -> Bool { post(input) }

    /// Whether the session has ended.
    public var isClosed: Bool { state.withLock { $0.isClosed } }

    /// Takes what was posted since the last call.
    func take() -> [SessionInput] {
        wake.clear()
        return state.withLock { state in
            guard !state.inputs.isEmpty else { return [] }
            defer { state.inputs = [] }
            return state.inputs
        }
    }

    /// The session has ended: later posts are refused.
    func close() { state.withLock { $0.isClosed = true } }
}

/// Runs one ``SessionEngine/Session`` to its end: the safety loop of `walk`, `serve`, `replay`, `check` and `rest`.
///
/// One loop on one thread, and the only things it ever waits on are the session clock, the strap's socket and its
/// own inbox: every input is stamped and stepped through the session, every sound request goes to the audio path
/// (which never blocks), every event and status to every output (each queues it and writes on its own thread).
/// The loop ticks the session every ``SessionEngine/Session/tickInterval`` of session time; with a manual clock
/// (replay, `--speed max`) it moves the clock itself, to the next tick or the source's next reading, whichever
/// comes first, so a replay ticks exactly as a live session does.
///
/// Its state is confined to the thread that calls ``run()``; other threads reach the session only through the
/// inbox (``requestStop(reason:)`` posts there).
final class SessionDriver: @unchecked Sendable {
    /// The session as it starts: ``run()`` steps a local copy, because reading a property of a struct stored in a
    /// class copies the struct (5 KB, and a retain per reference it holds), which cost a replay more than the
    /// session's own work.
    private let initialSession: Session
    private let source: any SessionSource
    private let clock: any SessionClock
    private let audio: SessionAudio?
    private let outputs: [any SessionOutput]
    private let inbox: SessionInbox
    private let observe: ((SessionEffect) -> Void)?
    private let heartbeat: (() -> Void)?

    /// Creates a driver.
    ///
    /// - Parameters:
    ///   - observe: sees every effect synchronously, on the session's thread: for in-process consumers that never
    ///     block (a replay's printer, `check`'s tally). Leave it `nil` for anything that writes to a device.
    ///   - heartbeat: called once per loop turn (a watchdog that notices a hung safety loop).
    init(
        session: Session,
        source: any SessionSource,
        clock: any SessionClock,
        audio: SessionAudio? = nil,
        outputs: [any SessionOutput] = [],
        inbox: SessionInbox = SessionInbox(),
        observe: ((SessionEffect) -> Void)? = nil,
        heartbeat: (() -> Void)? = nil
    ) {
        self.initialSession = session
        self.source = source
        self.clock = clock
        self.audio = audio
        self.outputs = outputs
        self.inbox = inbox
        self.observe = observe
        self.heartbeat = heartbeat
    }

    /// Asks the session to end gracefully; safe from any thread.
    func requestStop(reason: String) { inbox.post(.stop(reason: reason)) }

    /// Runs the session to its end on the calling thread; returns its summary. The inbox is closed at the end.
    func run() -> SessionSummary {
        defer { inbox.close() }
        var session = initialSession
        var nextTick = clock.now
        var nextTickIsOnGrid = false
        apply(source.start(clock: clock), to: &session)
        while true {
            heartbeat?()
            if clock.now < nextTick { wait(until: min(nextTick, source.nextDue ?? nextTick)) }
            for input in inbox.take() { apply(input, at: clock.now, to: &session) }
            let now = clock.now
            if now >= nextTick {
                // A rule whose condition has persisted long enough raises its alarm on a tick: its origin is then
                // the tick's instant.
                apply(.tick, at: now, origin: soundOrigin(), to: &session)
                audio?.advance(to: now)
                // The next grid point after `now`: one interval on from a grid point, unless the clock jumped
                // further (a late wake); the first tick (at the start, off the grid) finds the grid.
                let following = nextTick + Session.tickInterval
                nextTick = nextTickIsOnGrid && now < following ? following : Self.tick(after: now)
                nextTickIsOnGrid = true
            }
            if let summary = session.summary { return summary }
            // When the source's readings were read, as the origin of the sounds they cause (latency benchmark).
            let readAt = soundOrigin()
            apply(source.poll(clock: clock, phase: session.phase, bout: session.bout), origin: readAt, to: &session)
            if let summary = session.summary { return summary }
        }
    }

    /// The instant an input was taken, as the origin of the sounds it causes; `nil` without audio (a replay), which
    /// spares two clock reads per turn.
    private func soundOrigin() -> ContinuousClock.Instant? { audio == nil ? nil : ContinuousClock.now }

    /// The first tick of the grid (0, 0.1 s, 0.2 s, …) after `time`.
    static func tick(after time: Duration) -> Duration {
        // In whole nanoseconds: `Duration / Duration` is a Double, which rounds 1181.3 s / 0.1 s down to 11812 and
        // would give `time` itself back (a loop that never moves on).
        let interval = Session.tickInterval.nanoseconds
        let ticks = time.nanoseconds / interval
        return .nanoseconds((ticks + 1) * interval)
    }

    /// Waits for the clock to reach `deadline`, or for the strap or the inbox to have something.
    private func wait(until deadline: Duration) {
        guard let wait = clock.realTime(until: deadline) else {
            clock.advance(to: deadline)
            return
        }
        guard wait > .zero else { return }
        // A failing poll (EBADF on a socket that just closed) only ends this wait early; the next turn sees why.
        _ = try? SystemCall.waitReadable(source.descriptors + [inbox.wake.descriptor], timeout: wait)
    }

    private func apply(
        _ inputs: [(SessionInput, Duration)], origin: ContinuousClock.Instant? = nil, to session: inout Session
    ) {
        for (input, time) in inputs { apply(input, at: time, origin: origin, to: &session) }
    }

    private func apply(
        _ input: SessionInput, at time: Duration, origin: ContinuousClock.Instant? = nil, to session: inout Session
    ) {
        for effect in session.step(input, at: time) {
            observe?(effect)
            switch effect {
            case .event(let event):
                for output in outputs { output.publish(event) }
            case .sound(let request):
                audio?.submit(request, at: time, origin: origin)
            case .restartLink(let reason):
                apply(source.restart(reason: reason, clock: clock), to: &session)
            case .status(let status):
                for output in outputs { output.publish(status) }
            case .finished:
                break
            }
        }
    }
}

extension SessionDriver {
    /// Listens to a strap at rest for `seconds` (`check`, `rest`): a session without a plan that ends at its time
    /// limit, on a manual clock for the simulator (it runs at once) and in real time for a strap.
    ///
    /// - Parameter observe: sees every effect (events, statuses), on the calling thread.
    /// - Returns: The session time at which listening ended.
    static func listen(
        to capture: CaptureSource, for seconds: Double, observe: (SessionEffect) -> Void
    ) -> Double {
        let session = Session(
            activity: .listening, rules: RuleEngine(profile: Profile()), timeLimit: .seconds(seconds))
        let clock: any SessionClock = capture.scenario == nil ? PacedClock() : ManualClock()
        return withoutActuallyEscaping(observe) { observe in
            SessionDriver(session: session, source: capture, clock: clock, observe: observe).run().duration
        }
    }
}
