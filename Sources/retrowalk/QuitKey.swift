import RetroWalk
import RetroWalkCore
import SessionEngine
import Synchronization

/// Q: quit the program now. During a bout it first asks "End the session now? y/n"; y ends the session
/// gracefully (stored, reason `quit`), n or any other key takes the question back. A key other than y or n is
/// also passed on to the session, so that D, K, S or A pressed while the question shows still act at once.
///
/// Ctrl-Z: a suspended process sounds no alarm, so the terminal's suspend key is turned off during a session
/// (``TerminalKeys``) and arrives here as a character; it shows ``suspendNotice`` until the next key.
final class QuitKey: Sendable {
    static let question = "End the session now? y/n"
    /// What Ctrl-Z shows.
    static let suspendNotice = "Ctrl-Z does not pause a session: its alarms would stop. Q quits."
    /// The character Ctrl-Z types when the terminal does not turn it into SIGTSTP.
    static let suspendCharacter: Character = "\u{1A}"

    /// What the view shows for this key now.
    private enum Showing { case nothing, question, suspendNotice }

    private let showing = Mutex(Showing.nothing)
    private let inbox: SessionInbox
    private let phase: @Sendable () -> Phase?
    private let show: @Sendable (String?) -> Void

    /// - Parameters:
    ///   - phase: The phase the walker sees (`nil` when unknown: then Q always asks).
    ///   - show: Shows the question, or takes it away (`nil`).
    init(inbox: SessionInbox, phase: @escaping @Sendable () -> Phase?, show: @escaping @Sendable (String?) -> Void) {
        self.inbox = inbox
        self.phase = phase
        self.show = show
    }

    /// Takes a typed character; returns `true` when it was Q, the answer to its question, or Ctrl-Z.
    func handle(_ character: Character) -> Bool {
        let lower = character.lowercased()
        let shown = showing.withLock { showing in
            defer { showing = .nothing }
            return showing
        }
        if shown != .nothing { show(nil) }
        if character == Self.suspendCharacter {
            showing.withLock { $0 = .suspendNotice }
            show(Self.suspendNotice)
            return true
        }
        if shown == .question {
            if lower == "y" {
                inbox.post(.stop(reason: "quit"))
                return true
            }
            return lower == "n" || lower == "q"
        }
        guard lower == "q" else { return false }
        let current = phase()
        if current == nil || current == .backward {
            showing.withLock { $0 = .question }
            show(Self.question)
        } else {
            inbox.post(.stop(reason: "quit"))
        }
        return true
    }
}
