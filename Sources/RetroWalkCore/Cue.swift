/// A spoken instruction from the walk coach ("Turn around. Backward walking for one minute.").
public struct Cue: Sendable, Hashable {
    /// The phrase keys to speak, in order; each is a clip in `Sounds/`.
    public var phrases: [String]
    /// The cue as text, for the screen and the event log.
    public var text: String
    /// A stable name for the kind of cue (`turn_around`, `look_behind`, `countdown`…), the `cue` key of the
    /// event stream; defaults to the first phrase key.
    public var id: String
    /// How urgent the cue is: `info` for the coach's routine speech; the safe-stop script is `high`, so that
    /// routine cues never talk over it.
    public var priority: Priority

    /// Creates a cue.
    public init(phrases: [String], text: String, id: String? = nil, priority: Priority = .info) {
        self.phrases = phrases
        self.text = text
        self.id = id ?? phrases.first ?? "cue"
        self.priority = priority
    }
}
