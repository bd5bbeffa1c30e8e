/// One entry of ``SoundScheduler/dropped``: a request that will not be heard, and why.
public struct DroppedSound: Sendable, Hashable {
    /// Why a request was dropped.
    public enum Reason: String, Sendable, Hashable {
        /// A cue could not start within its `maxDelaySeconds`.
        case stale
        /// The alert's rule is already sounding or repeating; the repeat cycle covers it.
        case alreadySounding = "already_sounding"
        /// A low-priority alert of the same rule started less than 30 s earlier (SAFETY.md, section D).
        case lowPriorityWithin30Seconds = "low_priority_within_30s"
        /// None of the cue's phrase keys has a clip in the catalogue.
        case noClips = "no_clips"
    }

    /// What was dropped.
    public var item: SoundItem
    /// The frame at which it was dropped.
    public var frame: Int
    /// Why.
    public var reason: Reason

    /// Creates a drop record.
    public init(item: SoundItem, frame: Int, reason: Reason) {
        self.item = item
        self.frame = frame
        self.reason = reason
    }
}
