import Foundation
import RetroWalkCore
import SafetyRules
import StrapProtocol
import Testing
import WalkCoach

@testable import RetroWalk

@Suite("Session runner pieces")
struct SessionLoopTests {
    @Test("the simulated walker works harder backward; the ceiling scenario surges in bout 3 only")
    func effort() {
        #expect(SimulatedHost.effort(scenario: .steady, phase: .warmup, bout: 0) == .forward)
        #expect(SimulatedHost.effort(scenario: .steady, phase: .backward, bout: 3) == .backward)
        #expect(SimulatedHost.effort(scenario: .ceiling, phase: .backward, bout: 2) == .backward)
        #expect(SimulatedHost.effort(scenario: .ceiling, phase: .backward, bout: 3).extraBeatsPerMinute > 0)
        #expect(SimulatedHost.effort(scenario: .ceiling, phase: .recovery, bout: 3) == .forward)
        #expect(SimulatedHost.effort(scenario: nil, phase: .done, bout: 5) == .rest)
    }

    @Test("the driver's tick grid always moves on, also where dividing as Double rounds down (1181.3 s)")
    func tickGridMovesOn() {
        // Every 0.1 s point of a day: the next tick is exactly 0.1 s later (a tick equal to the time hung replay).
        let stuck = (0..<864_000).filter { tenth in
            let time = Duration.milliseconds(Int64(tenth) * 100)
            return SessionDriver.tick(after: time) != time + .milliseconds(100)
        }
        #expect(stuck.isEmpty)
        #expect(SessionDriver.tick(after: .milliseconds(1_181_350)) == .milliseconds(1_181_400))
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
