import Foundation
import Testing

/// A recording replays to the events the live session produced: every simulator scenario runs as `walk`, its
/// stored samples are exported as a recording (`export --format csv`) and replayed with the same plan; the alarm,
/// clear and phase events come at the same times (±0.1 s). The driver is the same and ticks on the same 0.1 s grid
/// in both, and the simulated walker answers check-ins the same way. The live sessions run at `--speed max` (the
/// session clock is a manual clock the driver moves); paced in real time on a loaded machine, a live session's
/// ticks come when its thread is scheduled, and the walker's keys (which follow ticks) drift by that lateness.
@Suite("Replay equals live")
struct ReplayEqualsLiveTests {
    static let scenarios = [
        "steady", "ceiling", "slow-recovery", "link-drop", "stall", "contact-lost", "garbage", "duplicates",
        "multi-rr", "spurious-rr", "hr16", "no-battery", "mtu247",
    ]

    /// The alarm, clear and phase events of a JSON stream: time, kind, rule or phase.
    static func timeline(_ output: RetroWalkBinary.Output) -> [(time: Double, what: String)] {
        output.lines.compactMap(EventLine.init).compactMap { line in
            switch line.event {
            case "alarm", "clear": (line.time, "\(line.event) \(line["rule"] as? String ?? "?")")
            case "phase": (line.time, "phase \(line["phase"] as? String ?? "?")")
            default: nil
            }
        }
    }

    /// Exports the last session of `database` as CSV and replays it with the beginner plan.
    static func replayOfStored(_ database: String, in folder: TemporaryFolder) throws -> RetroWalkBinary.Output {
        let csv = folder.path("export.csv")
        let export = try RetroWalkBinary.run(["export", "last", "--format", "csv", "--db", database, "--output", csv])
        #expect(export.status == 0, "export: \(export.stderr)")
        let replay = try RetroWalkBinary.run(["replay", csv, "--plan", "beginner", "--json"])
        #expect(replay.status == 0, "replay: \(replay.stderr)")
        return replay
    }

    static func expectSame(
        live: [(time: Double, what: String)], replay: [(time: Double, what: String)], _ name: String
    ) {
        #expect(live.map(\.what) == replay.map(\.what), "\(name): the events differ")
        for (a, b) in zip(live, replay) where a.what == b.what {
            #expect(
                abs(a.time - b.time) <= 0.1, "\(name): \(a.what) live at \(a.time) s, replayed at \(b.time) s")
        }
    }

    @Test("every scenario: the stored session replays to the same alarms, clears and phases", arguments: scenarios)
    func sameEvents(scenario: String) throws {
        let folder = try TemporaryFolder()
        let database = folder.path("s.sqlite")
        let live = try RetroWalkBinary.run(
            [
                "walk", "--simulate", scenario, "--speed", "max", "--json", "--db", database,
                "--render-audio", folder.path("a.wav"),
            ],
            environment: ["XDG_DATA_HOME": folder.path("data")])
        #expect(live.status == 0, "walk: \(live.stderr)")
        let liveTimeline = Self.timeline(live)
        #expect(liveTimeline.contains { $0.what == "phase done" }, "\(scenario): the plan did not end")
        Self.expectSame(
            live: liveTimeline, replay: Self.timeline(try Self.replayOfStored(database, in: folder)), scenario)
    }
}
