public import BlueZTransport
public import RetroWalkCore
public import SafetyRules
public import SessionEngine
public import WalkCoach

/// Everything a session needs to know before it starts; the executable builds it from flags and config.
public struct SessionOptions: Sendable {
    /// Where the heart-rate samples come from.
    public enum Source: Sendable, Hashable {
        /// The simulated strap, over a socketpair, in one of the scenarios.
        case simulate(Scenario)
        /// A real strap over Bluetooth LE.
        case strap(BluetoothAddress, adapter: String?)

        /// Whether the simulated strap (and so a simulated walker) is the source.
        public var isSimulated: Bool {
            if case .simulate = self { true } else { false }
        }

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
    /// The walker: profile.yaml merged over the defaults.
    public var profile: Profile
    /// Every rule threshold: rules.yaml merged over SAFETY.md's defaults.
    public var rules: RuleSettings
    /// Session clock speed; `nil` runs as fast as possible (simulation only).
    public var speed: Double?
    /// Where the sound goes.
    public var audio: Audio
    /// The sound settings of audio.yaml: the clips folder and the volumes (the device is already in ``audio``).
    public var audioSettings: AudioSettings
    /// The database file.
    public var databasePath: String
    /// Ends the session after this many seconds, whatever the plan says.
    public var duration: Double?
    /// Print events as JSON lines (otherwise a human-readable log).
    public var json: Bool
    /// Seed for the simulator.
    public var seed: UInt64
    /// Keys to press at given session times (`--keys`); `nil` lets the simulated walker answer in simulations.
    public var keys: KeyScript?
    /// The bout of the day this run starts with (the `split` plan: one bout per run).
    public var firstBout: Int
    /// The walker's session number with this plan (1 for the first; rehab users' first sessions are capped).
    public var sessionNumber: Int

    /// Creates options.
    public init(
        source: Source,
        plan: Plan,
        profile: Profile = Profile(),
        rules: RuleSettings = .defaults,
        speed: Double? = 1,
        audio: Audio = .device("default"),
        audioSettings: AudioSettings = AudioSettings(),
        databasePath: String,
        duration: Double? = nil,
        json: Bool = false,
        seed: UInt64 = 1,
        keys: KeyScript? = nil,
        firstBout: Int = 1,
        sessionNumber: Int = 1
    ) {
        self.source = source
        self.plan = plan
        self.profile = profile
        self.rules = rules
        self.speed = speed
        self.audio = audio
        self.audioSettings = audioSettings
        self.databasePath = databasePath
        self.duration = duration
        self.json = json
        self.seed = seed
        self.keys = keys
        self.firstBout = firstBout
        self.sessionNumber = sessionNumber
    }
}

/// The simulated strap's scenarios: a clean session, a physiological one, and the capture faults.
///
/// Faults that happen once start in the middle of bout 2 (``SimulatedHost/faultStart(plan:)``); the others
/// last the whole session. The simulator announces each fault as it injects it (`sim` events).
public enum Scenario: String, Sendable, Hashable, CaseIterable {
    case steady
    case ceiling
    case slowRecovery = "slow-recovery"
    case linkDrop = "link-drop"
    case stall
    case contactLost = "contact-lost"
    case garbage
    case duplicates
    case multiRR = "multi-rr"
    case spuriousRR = "spurious-rr"
    case hr16
    case noBattery = "no-battery"
    case mtu247

    /// One line for `--help` and the README.
    public var summary: String {
        switch self {
        case .steady: "a clean session; HR follows the plan"
        case .ceiling: "HR climbs past the hard ceiling in bout 3 (alarm R3, safe stop)"
        case .slowRecovery: "HR runs high in the bouts and comes down slowly (the recovery gate holds the next bout)"
        case .linkDrop: "the strap vanishes for 20 s mid-bout 2, then returns"
        case .stall: "the strap stays connected but goes silent for 10 s mid-bout 2"
        case .contactLost: "the strap reports no skin contact for 25 s mid-bout 2"
        case .garbage: "garbage and truncated PDUs arrive among the notifications"
        case .duplicates: "every response comes twice, and late error responses follow"
        case .multiRR: "RR values come in batches: notifications alternate between none and 2-3 RR"
        case .spuriousRR: "a spurious tiny RR (52 ms) follows the real ones, as a Garmin HRM-Dual sent"
        case .hr16: "heart rate sent as 16-bit values"
        case .noBattery: "a strap without a battery service or body sensor location"
        case .mtu247: "the strap offers ATT_MTU 247"
        }
    }
}
