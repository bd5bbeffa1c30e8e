import RetroWalk
import RetroWalkCore
import SessionEngine
import Synchronization

/// Q: quit the program now. During a bout it first asks "End the session now? y/n"; y ends the session
/// gracefully (stored, reason `quit`), n or any other key takes the question back. A key other than y or n is
/// also passed on to the session, so that D, K, S or A pressed while the question shows still act at once.
final class QuitKey: Sendable {
    static let question = "End the session now? y/n"

    private let asking = Mutex(false)
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

    /// Takes a typed character; returns `true` when it was Q or the answer to its question.
    func handle(_ character: Character) -> Bool {
        let lower = character.lowercased()
        let wasAsking = asking.withLock { asking in
            defer { asking = false }
            return asking
        }
        if wasAsking {
            show(nil)
            if lower == "y" {
                inbox.post(.stop(reason: "quit"))
                return true
            }
            return lower == "n" || lower == "q"
        }
        guard lower == "q" else { return false }
        let current = phase()
        if current == nil || current == .backward {
            asking.withLock { $0 = true }
            show(Self.question)
        } else {
            inbox.post(.stop(reason: "quit"))
        }
        return true
    }
}
