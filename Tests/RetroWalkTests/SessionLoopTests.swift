import Foundation
import RetroWalkCore
import SafetyRules
import StrapProtocol
import Testing
import WalkCoach

@testable import RetroWalk

@Suite("Session loop")
struct SessionLoopTests {
    func flow() -> SessionFlow {
        SessionFlow(
            coach: Coach(plan: .beginner, limits: CoachLimits(maxBPM: 162.5, restingBPM: 68)),
            rules: RuleEngine(profile: Profile()))
    }

    @Test("contact changes become signal events; 'unsupported' is not a loss of contact")
    func contact() {
        var flow = flow()
        func signals(_ time: Double, _ contact: Contact) -> [SessionEvent.Kind] {
            flow.receive(HeartRateSample(time: time, beatsPerMinute: 90, contact: contact)).map(\.kind).filter {
                if case .signal = $0 { true } else { false }
            }
        }
        #expect(signals(1, .detected).isEmpty)
        #expect(signals(2, .notDetected) == [.signal(.contactLost, reason: "strap reports no skin contact")])
        #expect(signals(3, .detected) == [.signal(.contactRestored, reason: nil)])
        #expect(signals(4, .unsupported).isEmpty)
    }

    @Test("the simulated walker works harder backward; the ceiling scenario surges in bout 3 only")
    func effort() {
        #expect(SessionRunner.effort(scenario: .steady, phase: .warmup, bout: 0) == .forward)
        #expect(SessionRunner.effort(scenario: .steady, phase: .backward, bout: 3) == .backward)
        #expect(SessionRunner.effort(scenario: .ceiling, phase: .backward, bout: 2) == .backward)
        #expect(SessionRunner.effort(scenario: .ceiling, phase: .backward, bout: 3).extraBeatsPerMinute > 0)
        #expect(SessionRunner.effort(scenario: .ceiling, phase: .recovery, bout: 3) == .forward)
        #expect(SessionRunner.effort(scenario: nil, phase: .done, bout: 5) == .rest)
    }

    @Test("the fallback audio file sits beside its database and never overwrites a file")
    func fallbackPath() throws {
        let folder = try TemporaryFolder()
        let database = folder.path("s.sqlite")
        let first = SessionRunner.fallbackAudioPath(database: database, sessionId: 3)
        #expect(first == folder.path("audio/session-3.wav"))
        try FileManager.default.createDirectory(atPath: folder.path("audio"), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: first, contents: Data())
        #expect(
            SessionRunner.fallbackAudioPath(database: database, sessionId: 3) == folder.path("audio/session-3-2.wav"))
    }
}
