import RetroWalkCore
import WalkCoach

/// The walker of a simulated or replayed session without scripted keys: well, attentive and cautious.
///
/// It answers each check-in "fine" 2 s after it is asked; after a safe stop it acknowledges the script 6 s after
/// it starts, then ends the session 4 s later (the cool-down follows), as a walker who was told to stop would.
struct SimulatedWalker: Sendable {
    static let answerDelay = 2.0
    static let acknowledgeDelay = 6.0
    static let endDelay = 4.0

    private var checkInSince: Double?
    private var scriptSince: Double?
    private var pausedSince: Double?

    mutating func keys(upTo now: Double, coach: Coach) -> [(time: Double, key: SessionKey)] {
        var keys: [(time: Double, key: SessionKey)] = []
        func due(_ active: Bool, _ since: inout Double?, after delay: Double, _ key: SessionKey) {
            guard active else {
                since = nil
                return
            }
            let start = since ?? now
            since = start
            if now - start >= delay {
                keys.append((now, key))
                since = nil
            }
        }
        due(coach.isAwaitingCheckIn, &checkInSince, after: Self.answerDelay, .other)
        due(coach.isAwaitingAcknowledge, &scriptSince, after: Self.acknowledgeDelay, .acknowledge)
        due(coach.phase == .paused && !coach.isAwaitingAcknowledge, &pausedSince, after: Self.endDelay, .end)
        return keys
    }
}
