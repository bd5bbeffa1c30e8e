import RetroWalkCore
import SoundEngine
import Testing

/// Scenario tests of the scheduler with synthetic clips whose samples are constants, so that every stretch of
/// output can be attributed to a clip.
struct SoundSchedulerTests {
    static let rate = 16000
    static let catalog = ClipCatalog(clips: [
        "cue_a": Array(repeating: 1000, count: 16000),  // 1 s
        "cue_b": Array(repeating: 2000, count: 8000),  // 0.5 s
        "cue_c": Array(repeating: 3000, count: 4800),  // 0.3 s
        "long": Array(repeating: 4000, count: 48000),  // 3 s
        "msg": Array(repeating: 5000, count: 8000),  // 0.5 s
    ])

    static let high = Alert(rule: "R3", priority: .high, change: .raised, phrase: "msg", text: "Stop now.")
    static let medium = Alert(rule: "R5", priority: .medium, change: .raised, phrase: "msg", text: "Slow down.")
    static let low = Alert(rule: "S4", priority: .low, change: .raised, phrase: "msg", text: "Check the strap.")
    static let info = Alert(rule: "I1", priority: .info, change: .raised, phrase: "msg", text: "Connected.")

    /// Burst + 300 ms gap + 0.5 s message.
    static func alarmLength(_ priority: Priority) -> Int { AlarmTone.burst(priority).count + 4800 + 8000 }

    static func cue(_ key: String) -> Cue { Cue(phrases: [key], text: key) }

    static func frames(_ seconds: Double) -> Int { Int((seconds * Double(rate)).rounded()) }

    func makeScheduler() -> SoundScheduler { SoundScheduler(catalog: Self.catalog) }

    @Test("an alarm cuts a playing cue within one render block, with a 5 ms fade")
    func alarmCutsCue() {
        // Given a long cue playing for 0.2 s, rendered in 20 ms blocks
        var scheduler = makeScheduler()
        scheduler.submit(.cue(Self.cue("long")))
        for _ in 0..<10 { _ = scheduler.render(frames: 320) }
        let submittedAt = scheduler.position
        // When a high alarm is submitted and the next 50 ms block is rendered
        scheduler.submit(.alarm(Self.high))
        let block = scheduler.render(frames: 800)
        // Then the cue ends 5 ms later, faded, and the burst starts right after, in the same block
        #expect(scheduler.log.count == 2)
        #expect(scheduler.log[0].wasCut)
        #expect(scheduler.log[0].endFrame == submittedAt + 80)
        #expect(scheduler.log[1].item == .alarm(Self.high))
        #expect(scheduler.log[1].startFrame == submittedAt + 80)
        #expect(scheduler.log[1].startFrame - submittedAt <= 800)
        let fade = block[0..<80].map { Int($0) }
        #expect(fade.first ?? 0 < 4000 && fade.first ?? 0 > 3800)
        #expect(zip(fade, fade.dropFirst()).allSatisfy { $0 > $1 })
        #expect(fade.last ?? 100 < 60)
        #expect(Array(block[80...]) == Array(AlarmTone.burst(.high).prefix(720)))
        // And the cut cue is not replayed
        _ = scheduler.render(until: 30)
        #expect(!scheduler.log.dropFirst().contains { $0.item == .cue(Self.cue("long")) })
    }

    @Test("cues play in submission order, back to back")
    func cueOrder() {
        var scheduler = makeScheduler()
        for key in ["cue_a", "cue_b", "cue_c"] { scheduler.submit(.cue(Self.cue(key))) }
        let audio = scheduler.render(until: 2)
        #expect(scheduler.log.map(\.item) == ["cue_a", "cue_b", "cue_c"].map { .cue(Self.cue($0)) })
        #expect(scheduler.log.map(\.startFrame) == [0, 16000, 24000])
        #expect(scheduler.log.map(\.endFrame) == [16000, 24000, 28800])
        #expect(!scheduler.log.contains { $0.wasCut })
        #expect(audio[15999] == 1000 && audio[16000] == 2000 && audio[24000] == 3000 && audio[28800] == 0)
        #expect(scheduler.isIdle)
    }

    @Test("a cue that cannot start within its maximum delay is dropped")
    func staleCueDropped() {
        // Given a 3 s cue playing
        var scheduler = makeScheduler()
        scheduler.submit(.cue(Self.cue("long")))
        // When a cue that may wait 1 s and one that may wait 5 s are queued behind it
        scheduler.submit(.cue(Self.cue("cue_b"), maxDelaySeconds: 1))
        scheduler.submit(.cue(Self.cue("cue_c"), maxDelaySeconds: 5))
        _ = scheduler.render(until: 5)
        // Then the first is dropped as stale once its deadline passes, the second plays when the first cue ends
        #expect(scheduler.dropped == [DroppedSound(item: .cue(Self.cue("cue_b")), frame: 16001, reason: .stale)])
        #expect(scheduler.log.map(\.item) == [.cue(Self.cue("long")), .cue(Self.cue("cue_c"))])
        #expect(scheduler.log[1].startFrame == 48000)
    }

    @Test("a high alarm repeats every max(4 s, message end + 1 s) until cleared")
    func highRepeatsUntilCleared() {
        var scheduler = makeScheduler()
        scheduler.submit(.alarm(Self.high))
        _ = scheduler.render(until: 20)
        let cycle = max(Self.frames(4), Self.alarmLength(.high) + Self.frames(1))
        #expect(scheduler.log.map(\.cycle) == [0, 1, 2, 3])
        #expect(scheduler.log.map(\.startFrame) == [0, cycle, 2 * cycle, 3 * cycle])
        #expect(scheduler.log.allSatisfy { $0.item == .alarm(Self.high) && !$0.wasCut })
        #expect(scheduler.activeAlarms == ["R3"])
        // When cleared during the fourth cycle
        scheduler.submit(.clear(rule: "R3"))
        #expect(scheduler.activeAlarms == ["R3"])  // still sounding
        _ = scheduler.render(until: 40)
        // Then that cycle finishes and nothing follows
        #expect(scheduler.log.count == 4)
        #expect(scheduler.log.last?.endFrame == 3 * cycle + Self.alarmLength(.high))
        #expect(scheduler.activeAlarms.isEmpty)
        #expect(scheduler.isIdle)
    }

    @Test("a medium alarm repeats once, 10 s after it started")
    func mediumRepeatsOnce() {
        var scheduler = makeScheduler()
        scheduler.submit(.alarm(Self.medium))
        _ = scheduler.render(until: 5)
        #expect(scheduler.activeAlarms == ["R5"])
        _ = scheduler.render(until: 40)
        #expect(scheduler.log.map(\.startFrame) == [0, Self.frames(10)])
        #expect(scheduler.log.map(\.cycle) == [0, 1])
        #expect(scheduler.activeAlarms.isEmpty)
    }

    @Test("clearing stops the repeat of a medium alarm")
    func clearStopsMediumRepeat() {
        var scheduler = makeScheduler()
        scheduler.submit(.alarm(Self.medium))
        _ = scheduler.render(until: 3)
        scheduler.submit(.alarm(Alert(rule: "R5", priority: .medium, change: .cleared, phrase: "msg", text: "")))
        _ = scheduler.render(until: 30)
        #expect(scheduler.log.count == 1)
        #expect(scheduler.activeAlarms.isEmpty)
    }

    @Test("a low alarm of the same rule is dropped within 30 s of its last start")
    func lowNotWithin30Seconds() {
        var scheduler = makeScheduler()
        scheduler.submit(.alarm(Self.low))
        _ = scheduler.render(until: 5)
        scheduler.submit(.alarm(Self.low))
        #expect(scheduler.dropped.map(\.reason) == [.lowPriorityWithin30Seconds])
        _ = scheduler.render(until: 31)
        scheduler.submit(.alarm(Self.low))
        _ = scheduler.render(until: 40)
        #expect(scheduler.log.map(\.startFrame) == [0, Self.frames(31)])
        #expect(scheduler.activeAlarms.isEmpty)
    }

    @Test("raising an alarm that is already sounding does not queue it twice")
    func duplicateRaise() {
        var scheduler = makeScheduler()
        scheduler.submit(.alarm(Self.high))
        _ = scheduler.render(until: 1)
        scheduler.submit(.alarm(Self.high))
        _ = scheduler.render(until: 5)
        #expect(scheduler.log.count == 1)
        #expect(scheduler.dropped.map(\.reason) == [.alreadySounding])
    }

    @Test("cues wait while a high alarm is active, and go stale")
    func cuesWaitForHighAlarm() {
        // Given a high alarm sounding
        var scheduler = makeScheduler()
        scheduler.submit(.alarm(Self.high))
        // When a cue with the default 8 s limit and one with 30 s are submitted
        scheduler.submit(.cue(Self.cue("cue_a")))
        scheduler.submit(.cue(Self.cue("cue_b"), maxDelaySeconds: 30))
        _ = scheduler.render(until: 6)
        scheduler.submit(.clear(rule: "R3"))
        _ = scheduler.render(until: 20)
        // Then neither speaks while the alarm repeats; the first goes stale, the second follows the last cycle
        let cycle = max(Self.frames(4), Self.alarmLength(.high) + Self.frames(1))
        #expect(
            scheduler.dropped == [
                DroppedSound(item: .cue(Self.cue("cue_a")), frame: Self.frames(8) + 1, reason: .stale)
            ])
        #expect(scheduler.log.map(\.item) == [.alarm(Self.high), .alarm(Self.high), .cue(Self.cue("cue_b"))])
        #expect(scheduler.log[2].startFrame == cycle + Self.alarmLength(.high))
    }

    @Test("a high-priority cue speaks between the bursts of a high alarm and delays its next repeat")
    func highCueBetweenBursts() {
        // Given a high alarm sounding, and the safe-stop script submitted as a high cue while the burst plays
        var scheduler = makeScheduler()
        scheduler.submit(.alarm(Self.high))
        _ = scheduler.render(until: 1)
        let script = Cue(phrases: ["long"], text: "Hold the rails.", id: "safe_stop", priority: .high)
        scheduler.submit(.cue(script))
        // And a routine cue after it
        scheduler.submit(.cue(Self.cue("cue_b"), maxDelaySeconds: 30))
        _ = scheduler.render(until: 20)
        // Then the script starts right after the first alarm cycle, uncut, and the next cycle waits for its end
        let first = Self.alarmLength(.high)
        #expect(scheduler.log.map(\.item).prefix(3) == [.alarm(Self.high), .cue(script), .alarm(Self.high)])
        #expect(scheduler.log[1].startFrame == first)
        #expect(scheduler.log[1].wasCut == false)
        #expect(scheduler.log[2].startFrame == first + Self.frames(3))
        // And the routine cue still waits while the high alarm is active
        #expect(!scheduler.log.contains { $0.item == .cue(Self.cue("cue_b")) })
    }

    @Test("info waits for idle and never cuts speech")
    func infoWaitsForIdle() {
        var scheduler = makeScheduler()
        scheduler.submit(.cue(Self.cue("cue_a")))
        _ = scheduler.render(until: 0.2)
        scheduler.submit(.alarm(Self.info))
        _ = scheduler.render(until: 0.3)
        scheduler.submit(.cue(Self.cue("cue_b")))
        let audio = scheduler.render(until: 3)
        #expect(scheduler.log.map(\.item) == [.cue(Self.cue("cue_a")), .cue(Self.cue("cue_b")), .alarm(Self.info)])
        #expect(!scheduler.log.contains { $0.wasCut })
        let start = scheduler.log[2].startFrame - Self.frames(0.3)
        #expect(Array(audio[start..<(start + 6400)]) == AlarmTone.burst(.info))
    }

    @Test("a higher alarm cuts a lower one, which sounds again in full afterwards")
    func higherAlarmCutsLower() {
        var scheduler = makeScheduler()
        scheduler.submit(.alarm(Self.medium))
        _ = scheduler.render(until: 0.5)
        scheduler.submit(.alarm(Self.high))
        _ = scheduler.render(until: 3)
        scheduler.submit(.clear(rule: "R3"))
        _ = scheduler.render(until: 30)
        let highEnd = Self.frames(0.5) + 80 + Self.alarmLength(.high)
        #expect(
            scheduler.log.map(\.item) == [
                .alarm(Self.medium), .alarm(Self.high), .alarm(Self.medium), .alarm(Self.medium),
            ])
        #expect(scheduler.log.map(\.wasCut) == [true, false, false, false])
        #expect(scheduler.log.map(\.cycle) == [0, 0, 0, 1])
        #expect(scheduler.log[2].startFrame == highEnd)
        #expect(scheduler.log[3].startFrame == highEnd + Self.frames(10))
        #expect(scheduler.activeAlarms.isEmpty)
    }

    @Test("a cue whose phrases have no clips is dropped at once")
    func cueWithoutClips() {
        var scheduler = makeScheduler()
        scheduler.submit(.cue(Cue(phrases: ["nope"], text: "nope")))
        #expect(scheduler.dropped.map(\.reason) == [.noClips])
        #expect(scheduler.isIdle)
    }

    @Test("non-finite delays and times do not trap")
    func oddInputs() {
        var scheduler = makeScheduler()
        scheduler.submit(.cue(Self.cue("long")))
        scheduler.submit(.cue(Self.cue("cue_b"), maxDelaySeconds: .infinity))
        scheduler.submit(.cue(Self.cue("cue_c"), maxDelaySeconds: .nan))
        #expect(scheduler.render(until: .nan).isEmpty)
        #expect(scheduler.render(until: -.infinity).isEmpty)
        _ = scheduler.render(until: 4)
        #expect(scheduler.log.map(\.item) == [.cue(Self.cue("long")), .cue(Self.cue("cue_b"))])
        #expect(scheduler.dropped.map(\.reason) == [.stale])
        #expect(AudioFormat.frames(seconds: .infinity) == 16_000_000_000_000)
    }

    @Test("render(until:) advances to a session time and returns nothing for the past")
    func renderUntil() {
        var scheduler = makeScheduler()
        #expect(scheduler.render(until: 1.5).count == 24000)
        #expect(scheduler.position == 24000)
        #expect(scheduler.render(until: 1.0).isEmpty)
        #expect(scheduler.render(frames: 0).isEmpty)
        #expect(scheduler.position == 24000)
    }

    @Test("the output does not depend on the render block size", arguments: [37, 320, 16000])
    func blockSizeIndependence(blockSize: Int) {
        let script: [(Double, SoundRequest)] = [
            (0, .cue(Self.cue("cue_a"))), (0.55, .alarm(Self.high)), (2, .cue(Self.cue("cue_b"), maxDelaySeconds: 20)),
            (3.3, .alarm(Self.medium)), (9, .clear(rule: "R3")), (9.01, .alarm(Self.info)),
        ]
        func run(blockSize: Int) -> (audio: [Int16], log: [PlayedSound]) {
            var scheduler = makeScheduler()
            var audio = [Int16]()
            for (time, request) in script + [(40, .clear(rule: "none"))] {
                while scheduler.position < Self.frames(time) {
                    audio += scheduler.render(frames: min(blockSize, Self.frames(time) - scheduler.position))
                }
                scheduler.submit(request)
            }
            return (audio, scheduler.log)
        }
        let reference = run(blockSize: 1_000_000)
        let blocks = run(blockSize: blockSize)
        #expect(blocks.audio == reference.audio)
        #expect(blocks.log == reference.log)
        // cue a (cut by high), high, high, medium (after the clear), cue b, info, medium's repeat
        #expect(reference.log.count == 7)
        #expect(reference.log.last?.item == .alarm(Self.medium))
    }
}
