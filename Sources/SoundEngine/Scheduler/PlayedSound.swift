/// One entry of ``SoundScheduler/log``: something that started playing.
public struct PlayedSound: Sendable, Hashable {
    /// What played.
    public var item: SoundItem
    /// 0 for the first sounding of an alarm (and for every cue), n for its n-th repeat.
    public var cycle: Int
    /// The frame (sample index since the scheduler started) of its first sample.
    public var startFrame: Int
    /// The frame just after its last sample; `nil` while it is still playing.
    public var endFrame: Int?
    /// Whether an alarm cut it short (with a 5 ms fade-out ending at ``endFrame``).
    public var wasCut: Bool

    /// Creates a log entry.
    public init(item: SoundItem, cycle: Int, startFrame: Int, endFrame: Int?, wasCut: Bool) {
        self.item = item
        self.cycle = cycle
        self.startFrame = startFrame
        self.endFrame = endFrame
        self.wasCut = wasCut
    }
}
