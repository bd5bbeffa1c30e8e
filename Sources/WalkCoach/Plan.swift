public import RetroWalkCore

/// A session plan: forward warm-up, backward bouts with forward recovery between them, forward cool-down.
///
/// The shipped plans live in `config/plans/*.yaml`; the default, ``Plan/beginner``, is the protocol of the
/// literature the project started from: 2 min warm-up, 5 × 60 s backward with 60 s forward between, 2 min
/// cool-down.
public struct Plan: Sendable, Hashable, Codable {
    /// The plan's name (`beginner`).
    public var name: String
    /// One line for people.
    public var summary: String
    /// Forward warm-up, seconds.
    public var warmupSeconds: Int
    /// Number of backward bouts.
    public var bouts: Int
    /// Length of each backward bout, seconds.
    public var backwardSeconds: Int
    /// Forward recovery between bouts, seconds.
    public var recoverySeconds: Int
    /// Forward cool-down, seconds.
    public var cooldownSeconds: Int

    enum CodingKeys: String, CodingKey {
        case name
        case summary
        case warmupSeconds = "warmup_s"
        case bouts
        case backwardSeconds = "backward_s"
        case recoverySeconds = "recovery_s"
        case cooldownSeconds = "cooldown_s"
    }

    /// Creates a plan; call ``validate()`` before use.
    public init(
        name: String,
        summary: String,
        warmupSeconds: Int,
        bouts: Int,
        backwardSeconds: Int,
        recoverySeconds: Int,
        cooldownSeconds: Int
    ) {
        self.name = name
        self.summary = summary
        self.warmupSeconds = warmupSeconds
        self.bouts = bouts
        self.backwardSeconds = backwardSeconds
        self.recoverySeconds = recoverySeconds
        self.cooldownSeconds = cooldownSeconds
    }

    /// The default plan.
    public static let beginner = Plan(
        name: "beginner",
        summary: "2 min warm-up, 5 x 60 s backward with 60 s forward between, 2 min cool-down",
        warmupSeconds: 120,
        bouts: 5,
        backwardSeconds: 60,
        recoverySeconds: 60,
        cooldownSeconds: 120
    )

    /// The allowed range of each field.
    public static let limits: [(key: String, range: ClosedRange<Int>, value: any KeyPath<Plan, Int> & Sendable)] = [
        ("warmup_s", 0...1800, \.warmupSeconds),
        ("bouts", 1...20, \.bouts),
        ("backward_s", 10...600, \.backwardSeconds),
        ("recovery_s", 10...1800, \.recoverySeconds),
        ("cooldown_s", 0...1800, \.cooldownSeconds),
    ]

    /// Problems with the plan, one line each (empty when valid).
    public func validate() -> [String] {
        var problems: [String] = []
        if name.isEmpty { problems.append("name: must not be empty") }
        for limit in Self.limits where !limit.range.contains(self[keyPath: limit.value]) {
            problems.append(
                "\(limit.key): \(self[keyPath: limit.value]) is out of range; allowed \(limit.range.lowerBound)..."
                    + "\(limit.range.upperBound)"
            )
        }
        return problems
    }

    /// The plan's steps in order, with start times in seconds since the session started.
    public var steps: [Step] {
        var steps: [Step] = []
        var time = 0.0
        func add(_ phase: Phase, _ seconds: Int, bout: Int) {
            guard seconds > 0 else { return }
            steps.append(Step(phase: phase, start: time, duration: Double(seconds), bout: bout))
            time += Double(seconds)
        }
        add(.warmup, warmupSeconds, bout: 0)
        for bout in 1...max(1, bouts) {
            add(.backward, backwardSeconds, bout: bout)
            if bout < bouts { add(.recovery, recoverySeconds, bout: bout) }
        }
        add(.cooldown, cooldownSeconds, bout: bouts)
        return steps
    }

    /// The planned length of the session, seconds.
    public var duration: Double { steps.last.map { $0.start + $0.duration } ?? 0 }

    /// One step of the plan.
    public struct Step: Sendable, Hashable {
        /// What the walker does.
        public var phase: Phase
        /// Start time, seconds since the session started.
        public var start: Double
        /// Length, seconds.
        public var duration: Double
        /// The bout this step belongs to (a recovery step carries the bout it follows; 0 during warm-up).
        public var bout: Int

        /// End time, seconds since the session started.
        public var end: Double { start + duration }
    }
}
