/// A spoken instruction from the walk coach ("Turn around. Backward walking for one minute.").
public struct Cue: Sendable, Hashable {
    /// The phrase keys to speak, in order; each is a clip in `Sounds/`.
    public var phrases: [String]
    /// The cue as text, for the screen and the event log.
    public var text: String

    /// Creates a cue.
    public init(phrases: [String], text: String) {
        self.phrases = phrases
        self.text = text
    }
}
