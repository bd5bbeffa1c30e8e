// Benchmarks of the hot code: the 0x2A37 decoder, the project-CSV reader, the rules engine and a whole replay
// (`retrowalk replay`'s engine: rules, coach, virtual clock), those over the synthetic 24-hour recording (86,400
// one-second notifications), and `retrowalk analyze`'s RR metrics over the first 12 hours of its beats. Figures are
// per run of the whole input; divide the input size by the wall-clock time for samples per second. scripts/bench/run.py
// (`make bench`) runs them and writes BENCHMARKS.md.
import Benchmark
import RetroWalk
import RetroWalkCore
import SafetyRules
import StrapProtocol
import WalkCoach

/// The inputs, made once, outside the measurements.
enum Inputs {
    /// The synthetic day, seed 1.
    static let day = SyntheticRecording.day(seed: 1)
    /// The day as a recording, as `retrowalk replay` reads it.
    static let recording = try! RecordingCSV.read(bytes: dayCSV, name: "day.csv")
    /// The day as project CSV bytes.
    static let dayCSV = Array(RecordingCSV.render(day).utf8)
    /// The RR intervals (ms) of the day's first 12 hours as `retrowalk analyze` reads them from the RR text that
    /// `synthetic-day 1 --rr-hours 12` writes (two decimals, then through the RR text reader).
    static let rr12h: [Double] = {
        let lines = day.filter { $0.time <= 12 * 3600 }.flatMap(\.rrIntervals).map { raw in
            JSONValue.format(RRInterval.milliseconds(fromRaw: raw), decimals: 2)
        }
        let recording = try! RRText.read(bytes: Array(lines.joined(separator: "\n").utf8), name: "rr12h.txt")
        return recording.samples.flatMap(\.rrMilliseconds)
    }()
    /// The day's notifications as 0x2A37 values, as a strap would send them.
    static let notifications: [[UInt8]] = day.map { sample in
        HeartRateMeasurement(
            beatsPerMinute: sample.beatsPerMinute,
            contact: sample.contact,
            energyKilojoules: sample.energyKilojoules,
            rrIntervals: sample.rrIntervals
        ).bytes
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 1,
        maxDuration: .seconds(10),
        maxIterations: 30
    )

    Benchmark(
        "Decode 86,400 0x2A37 notifications",
        configuration: .init(setup: { _ = Inputs.notifications })
    ) { benchmark in
        for bytes in Inputs.notifications {
            blackHole(try? HeartRateMeasurement(decoding: bytes))
        }
    }

    Benchmark(
        "Parse the 24 h project CSV (86,400 rows)",
        configuration: .init(setup: { _ = Inputs.dayCSV })
    ) { benchmark in
        blackHole(try? RecordingCSV.read(bytes: Inputs.dayCSV, name: "day.csv"))
    }

    Benchmark(
        "RuleEngine over the 24 h recording (86,400 samples, one tick each)",
        configuration: .init(setup: { _ = Inputs.day })
    ) { benchmark in
        var engine = RuleEngine(profile: Profile())
        var alerts = 0
        for sample in Inputs.day {
            alerts += engine.receive(sample).count
            alerts += engine.tick(at: sample.time).count
        }
        blackHole(alerts)
    }

    Benchmark(
        "Replay the 24 h recording (retrowalk replay: the session engine ticking every 0.1 s as live, events counted)",
        configuration: .init(setup: { _ = Inputs.recording })
    ) { benchmark in
        var events = 0
        Replay(plan: nil).run(Inputs.recording) { _ in events += 1 }
        blackHole(events)
    }

    Benchmark(
        "Replay the 24 h recording with the beginner plan (rules, coach, cues)",
        configuration: .init(setup: { _ = Inputs.recording })
    ) { benchmark in
        var events = 0
        Replay(plan: .beginner).run(Inputs.recording) { _ in events += 1 }
        blackHole(events)
    }

    Benchmark(
        "RRMetrics over the synthetic 12 h RR series (retrowalk analyze's metrics, in process)",
        configuration: .init(setup: { _ = Inputs.rr12h })
    ) { benchmark in
        blackHole(RRMetrics(rrMilliseconds: Inputs.rr12h, settings: .defaults))
    }

    Benchmark(
        "TimeDomainMetrics over the synthetic 12 h RR series (every interval as given, uncorrected, as NeuroKit2 computes them)",
        configuration: .init(setup: { _ = Inputs.rr12h })
    ) { benchmark in
        blackHole(TimeDomainMetrics(intervals: Inputs.rr12h))
    }
}
