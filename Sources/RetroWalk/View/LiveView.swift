import Foundation
import Glibc
import POSIXSupport
public import RetroWalkCore
public import SessionEngine
import Synchronization

/// The live session view (`walk` on a terminal): one more ``SessionOutput``, drawn on the alternate screen.
///
/// Like every output it never holds the session up: statuses and events go into its own ``SinkQueue`` (drop
/// oldest) and a thread of its own draws. It redraws in place — only the rows that changed, no clearing, so
/// nothing flickers or scrolls — after every batch and at least four times a second (the data age, a resize).
/// A resize is noticed by asking the terminal's size on every redraw, so no SIGWINCH handler is needed.
/// NO_COLOR (https://no-color.org) turns colour off; bold and reverse video stay.
public final class LiveView: SessionOutput {
    enum Item: Sendable {
        case event(SessionEvent)
        case status(SessionStatus)
        case check(LiveScreen.CheckLine)
        case prompt(String?)
        case log(String)
        case redraw
    }

    /// How often the view redraws when nothing arrives.
    static let redrawInterval = 0.25

    private let queue: SinkQueue<Item>
    private let latest = Mutex<SessionStatus?>(nil)
    private let stopping = Atomic<Bool>(false)

    /// Starts the view's thread and its redraw timer; call after ``TerminalMode/enter()``.
    ///
    /// - Parameters:
    ///   - screen: What is shown before anything arrives (the plan's name, the walker's limits).
    ///   - colors: Whether to use colour (`false` under NO_COLOR).
    ///   - crashForTest: Test hook: the view's thread crashes at its first status, to prove the terminal is
    ///     restored after a crash in the view.
    public init(screen: LiveScreen, colors: Bool, crashForTest: Bool = false) {
        let painter = Painter(screen: screen, colors: colors, crashForTest: crashForTest)
        queue = SinkQueue(name: "view", capacity: 512) { batch in painter.paint(batch) }
        let timer = Thread { [weak self] in
            while let view = self, !view.stopping.load(ordering: .acquiring) {
                view.queue.offer(.redraw)
                Thread.sleep(forTimeInterval: Self.redrawInterval)
            }
        }
        timer.name = "retrowalk-view-timer"
        timer.start()
    }

    /// Whether NO_COLOR asks for no colour (set and not empty).
    public static func colorsAllowed(environment: [String: String]) -> Bool {
        (environment["NO_COLOR"] ?? "").isEmpty
    }

    public func publish(_ event: SessionEvent) { queue.offer(.event(event)) }

    public func publish(_ status: SessionStatus) {
        latest.withLock { $0 = status }
        queue.offer(.status(status))
    }

    /// The latest status the session published (what the walker sees).
    public var status: SessionStatus? { latest.withLock { $0 } }

    /// Shows one finding of the readiness check.
    public func show(_ finding: ReadinessCheck.Finding) {
        queue.offer(
            .check(LiveScreen.CheckLine(step: finding.step, status: finding.status.rawValue, detail: finding.detail)))
    }

    /// Shows a question in reverse video, or removes it (`nil`).
    public func ask(_ prompt: String?) { queue.offer(.prompt(prompt)) }

    /// Shows a log line in the log pane.
    public func log(_ line: String) { queue.offer(.log(line)) }

    public func finish(timeout: Duration) -> Bool {
        stopping.store(true, ordering: .releasing)
        return queue.closeAndWait(timeout: timeout)
    }
}

/// The drawing side of a ``LiveView``: lives on the view's thread only.
private final class Painter: @unchecked Sendable {
    private var screen: LiveScreen
    private let colors: Bool
    private let crashForTest: Bool
    private var shown: [String] = []
    private var shownSize = (columns: 0, rows: 0)
    private var isBroken = false

    init(screen: LiveScreen, colors: Bool, crashForTest: Bool) {
        self.screen = screen
        self.colors = colors
        self.crashForTest = crashForTest
    }

    func paint(_ batch: SinkQueue<LiveView.Item>.Batch) {
        for item in batch.items {
            switch item {
            case .event(let event): screen.take(event)
            case .status(let status):
                if crashForTest { fatalError("RETROWALK_TEST_VIEW_CRASH: the view crashes on purpose") }
                screen.status = status
            case .check(let line): screen.checks.append(line)
            case .prompt(let prompt): screen.prompt = prompt
            case .log(let line): screen.log(line)
            case .redraw: break
            }
        }
        draw()
    }

    /// Writes the rows that changed since the last frame (all of them after a resize).
    private func draw() {
        guard !isBroken else { return }
        let size = TerminalMode.size()
        let lines = screen.render(columns: size.columns, rows: size.rows).map {
            $0.rendered(columns: size.columns, colors: colors)
        }
        var out = ""
        if size != shownSize {
            out += ANSI.clearScreen
            shown = []
            shownSize = size
        }
        for row in 0..<max(lines.count, shown.count) {
            let line = row < lines.count ? lines[row] : ""
            if row < shown.count, shown[row] == line { continue }
            out += ANSI.moveTo(row: row + 1) + line + ANSI.clearToEndOfLine
        }
        shown = lines
        guard !out.isEmpty else { return }
        if POSIXFile.writeAll(fd: STDOUT_FILENO, Array(out.utf8)) != nil { isBroken = true }
    }
}
