public import RetroWalkCore

/// What the scheduler played or dropped: a cue or an alert.
public enum SoundItem: Sendable, Hashable {
    /// A coach cue.
    case cue(Cue)
    /// An alert's alarm (burst then message), or an info alert's chime then message.
    case alarm(Alert)
}
