import Foundation
import RetroWalkCore
import SafetyRules
import StrapProtocol
import Testing
import WalkCoach

@testable import RetroWalk

@Suite("Session loop")
struct SessionLoopTests {
    func state() -> LoopState { LoopState(coach: Coach(plan: .beginner), rules: RuleEngine(profile: Profile())) }

    @Test("silence for 3 s is a loss, reported once; the next sample restores the link")
    func silence() {
        // Given a link that came up at 10 s and a last sample at 12 s
        var loop = state()
        loop.linkUp(at: 10)
        #expect(loop.noteSample(HeartRateSample(time: 12, beatsPerMinute: 90, contact: .detected)) == nil)
        // When nothing arrives
        #expect(loop.watchSilence(at: 14.9, limit: 3) == nil)
        let lost = loop.watchSilence(at: 15, limit: 3)
        // Then the loss is reported at 15 s with its reason, once
        #expect(lost == SessionEvent(time: 15, kind: .signal(.lost, reason: "no notification for 3 s")))
        #expect(loop.watchSilence(at: 20, limit: 3) == nil)
        // And a sample restores it
        let restored = loop.noteSample(HeartRateSample(time: 21, beatsPerMinute: 90, contact: .detected))
        #expect(restored == SessionEvent(time: 21, kind: .signal(.restored, reason: nil)))
    }

    @Test("contact changes become signal events; 'unsupported' is not a loss of contact")
    func contact() {
        var loop = state()
        loop.linkUp(at: 0)
        #expect(loop.noteSample(HeartRateSample(time: 1, beatsPerMinute: 90, contact: .detected)) == nil)
        #expect(loop.noteSample(HeartRateSample(time: 2, beatsPerMinute: 90, contact: .notDetected))?.kind == .signal(.contactLost, reason: "strap reports no skin contact"))
        #expect(loop.noteSample(HeartRateSample(time: 3, beatsPerMinute: 90, contact: .detected))?.kind == .signal(.contactRestored, reason: nil))
        #expect(loop.noteSample(HeartRateSample(time: 4, beatsPerMinute: 90, contact: .unsupported)) == nil)
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
        #expect(SessionRunner.fallbackAudioPath(database: database, sessionId: 3) == folder.path("audio/session-3-2.wav"))
    }
}
