import Foundation
import RetroWalkCore
import SessionEngine
import Testing

@testable import RetroWalk
@testable import retrowalk

/// The live view's renderer (pure) and the Q key, without a terminal.
@Suite("Live screen")
struct LiveScreenTests {
    /// Bout 2 of 5, 34 s left, 112 bpm in the zone, an active U1 alarm not yet acknowledged.
    static func screen(alarm: Bool = true) -> LiveScreen {
        var screen = LiveScreen(
            planName: "beginner", limits: LiveScreen.Limits(zone: 106...124, ceiling: 138, hardCeiling: 154))
        let alert = Alert(rule: "U1", priority: .high, change: .raised, phrase: "stop", text: "Stopping. Stand still.")
        screen.status = SessionStatus(
            time: 300, phase: .backward, bout: 2, bouts: 5, stepEndsAt: 334, beatsPerMinute: 112, band: .zone,
            link: .up, contact: .detected, battery: 83, alarms: alarm ? [.init(alert: alert, acknowledged: false)] : [],
            awaiting: alarm ? .acknowledge : nil)
        screen.take(SessionEvent(time: 299.6, kind: .symptom(.dizzy, source: "key")))
        screen.take(
            SessionEvent(
                time: 299.6,
                kind: .sample(HeartRateSample(time: 299.6, beatsPerMinute: 112, contact: .detected))))
        return screen
    }

    @Test("80×24: phase and countdown first, big digits, zone limits, signal, alarm, answer; keys on the last row")
    func fullSize() throws {
        let lines = Self.screen().render(columns: 80, rows: 24)
        #expect(lines.count == 24)
        #expect(lines.allSatisfy { $0.width <= 80 })
        let text = lines.map(\.plainText)
        #expect(text[0].hasPrefix(" Backward 2/5 — 0:34 left"))
        #expect(text[0].hasSuffix("5:00 "))
        #expect(text.contains { $0.contains("██") })
        #expect(text.contains { $0.contains("in zone") })
        #expect(
            text.contains { $0.contains("|106") && $0.contains("|124") && $0.contains("|138") && $0.contains("|154") })
        #expect(text.contains { $0.contains("^ 112") })
        #expect(text.contains { $0.contains("link up · contact yes · battery 83 % · data 0 s old") })
        #expect(text.contains { $0.contains("4:59  symptom: dizzy (key)") })
        #expect(text[23].contains("Q quit"))
        // The alarm in reverse video, with its rule and message.
        let alarm = try #require(lines.first { $0.plainText.contains("ALARM U1 (high): Stopping. Stand still.") })
        #expect(alarm.runs.first?.style.reverse == true)
    }

    @Test("60×20 keeps everything but the spacing; 50×12 shrinks the digits to one line")
    func smallTerminals() {
        let medium = Self.screen().render(columns: 60, rows: 20).map(\.plainText)
        #expect(medium.count == 20)
        #expect(medium.contains { $0.contains("██") })
        #expect(medium.contains { $0.contains("ALARM U1") })
        #expect(medium.last?.contains("D dizzy") == true && medium.last?.contains("Q quit") == true)
        let small = Self.screen().render(columns: 50, rows: 12).map(\.plainText)
        #expect(small.count == 12)
        #expect(small.contains { $0.contains("HR 112 bpm") })
        #expect(!small.contains { $0.contains("██") })
        #expect(small[0].contains("Backward 2/5"))
    }

    @Test("NO_COLOR: no colour sequences, bold and reverse video stay")
    func noColor() {
        let lines = Self.screen().render(columns: 80, rows: 24)
        let plain = lines.map { $0.rendered(columns: 80, colors: false) }.joined()
        let colored = lines.map { $0.rendered(columns: 80, colors: true) }.joined()
        #expect(!plain.contains(";32m") && !plain.contains("[32m") && !plain.contains(";31m"))
        #expect(plain.contains("\u{1B}[1;7m"))
        #expect(colored.contains("32m"))
        #expect(LiveView.colorsAllowed(environment: [:]))
        #expect(LiveView.colorsAllowed(environment: ["NO_COLOR": ""]))
        #expect(!LiveView.colorsAllowed(environment: ["NO_COLOR": "1"]))
    }

    @Test("the readiness check shows before the session, each step with its verdict")
    func readiness() {
        var screen = LiveScreen(
            planName: "beginner", limits: LiveScreen.Limits(zone: 106...124, ceiling: 138, hardCeiling: 154))
        screen.checks = [
            .init(step: "strap.contact", status: "pass", detail: "skin contact detected"),
            .init(step: "audio.device", status: "fail", detail: "no device"),
        ]
        let text = screen.render(columns: 80, rows: 24).map(\.plainText)
        #expect(text[0].contains("readiness check"))
        #expect(text.contains { $0.contains("PASS strap.contact") && $0.contains("skin contact detected") })
        #expect(text.contains { $0.contains("FAIL audio.device") })
    }

    @Test("Q asks during a bout: y stops the session as 'quit', n takes it back, D still acts while it asks")
    func quitKey() {
        let inbox = SessionInbox()
        let shown = LockedBox<[String?]>([])
        let phase = LockedBox<Phase?>(.backward)
        let quit = QuitKey(inbox: inbox, phase: { phase.value }, show: { text in shown.mutate { $0.append(text) } })
        #expect(quit.handle("q"))
        #expect(shown.value == [QuitKey.question])
        #expect(quit.handle("n"))
        #expect(inbox.take().isEmpty)
        #expect(quit.handle("q"))
        #expect(!quit.handle("d"))  // the session gets D
        #expect(inbox.take().isEmpty)
        #expect(quit.handle("Q"))
        #expect(quit.handle("y"))
        #expect(inbox.take() == [.stop(reason: "quit")])
        // Outside a bout Q quits at once.
        phase.value = .recovery
        #expect(quit.handle("q"))
        #expect(inbox.take() == [.stop(reason: "quit")])
        #expect(!quit.handle("x"))
    }

    @Test("Ctrl-Z shows why it does nothing; the next key takes the notice away and acts as always, y never quits")
    func suspendKey() {
        let inbox = SessionInbox()
        let shown = LockedBox<[String?]>([])
        let quit = QuitKey(inbox: inbox, phase: { .backward }, show: { text in shown.mutate { $0.append(text) } })
        #expect(quit.handle(QuitKey.suspendCharacter))
        #expect(shown.value == [QuitKey.suspendNotice])
        #expect(!quit.handle("y"))  // not an answer: passed on, and the notice goes
        #expect(shown.value == [QuitKey.suspendNotice, nil])
        #expect(inbox.take().isEmpty)
        // Ctrl-Z while the question shows replaces it; the question's y no longer counts
        #expect(quit.handle("q"))
        #expect(quit.handle(QuitKey.suspendCharacter))
        #expect(shown.value.suffix(3) == [QuitKey.question, nil, QuitKey.suspendNotice])
        #expect(!quit.handle("y"))
        #expect(inbox.take().isEmpty)
    }
}

/// A value shared with a `@Sendable` closure in a test.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
