public import RetroWalkCore
public import WalkCoach
public import BlueZTransport

/// Everything a session needs to know before it starts; the executable builds it from flags and config.
public struct SessionOptions: Sendable {
    /// Where the heart-rate samples come from.
    public enum Source: Sendable, Hashable {
        /// The simulated strap, over a socketpair, in one of the scenarios.
        case simulate(Scenario)
        /// A real strap over Bluetooth LE.
        case strap(BluetoothAddress, adapter: String?)

        /// How the source is recorded in the database.
        public var label: String {
            switch self {
            case .simulate(let scenario): "simulate:\(scenario.rawValue)"
            case .strap(let address, _): "strap:\(address)"
            }
        }
    }

    /// Where the sound goes.
    public enum Audio: Sendable, Hashable {
        /// Live through an ALSA device; when it cannot be opened, render to a WAV file in the data folder.
        case device(String)
        /// Render what a listener would hear, on the session's timeline, to this WAV file.
        case render(String)
    }

    /// The source.
    public var source: Source
    /// The plan.
    public var plan: Plan
    /// The walker.
    public var profile: Profile
    /// Session clock speed; `nil` runs as fast as possible (simulation only).
    public var speed: Double?
    /// Where the sound goes.
    public var audio: Audio
    /// The database file.
    public var databasePath: String
    /// Ends the session after this many seconds, whatever the plan says.
    public var duration: Double?
    /// Print events as JSON lines (otherwise a human-readable log).
    public var json: Bool
    /// Seed for the simulator.
    public var seed: UInt64

    /// Creates options.
    public init(
        source: Source,
        plan: Plan,
        profile: Profile = Profile(),
        speed: Double? = 1,
        audio: Audio = .device("default"),
        databasePath: String,
        duration: Double? = nil,
        json: Bool = false,
        seed: UInt64 = 1
    ) {
        self.source = source
        self.plan = plan
        self.profile = profile
        self.speed = speed
        self.audio = audio
        self.databasePath = databasePath
        self.duration = duration
        self.json = json
        self.seed = seed
    }
}

/// The simulated strap's scenarios.
public enum Scenario: String, Sendable, Hashable, CaseIterable {
    /// A clean session: HR follows the plan, nothing goes wrong.
    case steady
    /// HR climbs past the hard ceiling during bout 3 (R3).
    case ceiling

    /// One line for `--help`.
    public var summary: String {
        switch self {
        case .steady: "a clean session; HR follows the plan"
        case .ceiling: "HR climbs past the hard ceiling in bout 3 (alarm R3, safe stop)"
        }
    }
}
