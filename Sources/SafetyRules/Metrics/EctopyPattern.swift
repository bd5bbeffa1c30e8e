/// How the premature beats of a series are arranged (`retrowalk analyze`): isolated, in couplets, in runs of three
/// or more, or in bigeminy (every other beat premature) or trigeminy (every third) episodes.
///
/// Premature beats are the intervals classed ``BeatClass/premature`` (``RhythmClassifier``). Consecutive premature
/// intervals form a group: one is single, two a couplet, three or more a run. Three or more single premature beats
/// in a row, each two intervals after the one before (premature, pause, premature, …), are a bigeminy episode;
/// three or more each three intervals apart (sinus, premature, pause, …) a trigeminy episode. The single premature
/// beats in no episode are isolated.
public struct EctopyPattern: Sendable, Hashable {
    /// Premature beats in all.
    public var premature = 0
    /// Single premature beats outside bigeminy and trigeminy.
    public var isolated = 0
    /// Groups of two premature beats.
    public var couplets = 0
    /// Groups of three or more.
    public var runs = 0
    /// The longest group, beats.
    public var longestRun = 0
    /// Bigeminy episodes.
    public var bigeminyEpisodes = 0
    /// Premature beats in bigeminy episodes.
    public var bigeminyBeats = 0
    /// Trigeminy episodes.
    public var trigeminyEpisodes = 0
    /// Premature beats in trigeminy episodes.
    public var trigeminyBeats = 0

    /// The minimum number of premature beats of a bigeminy or trigeminy episode.
    public static let episodeBeats = 3

    /// Finds the pattern of a classified series.
    public init(classes: [BeatClass]) {
        var singles: [Int] = []
        var index = 0
        while index < classes.count {
            guard classes[index] == .premature else {
                index += 1
                continue
            }
            var end = index
            while end + 1 < classes.count, classes[end + 1] == .premature { end += 1 }
            let length = end - index + 1
            premature += length
            longestRun = max(longestRun, length)
            switch length {
            case 1: singles.append(index)
            case 2: couplets += 1
            default: runs += 1
            }
            index = end + 1
        }
        var start = 0
        while start < singles.count {
            var end = start
            let spacing = start + 1 < singles.count ? singles[start + 1] - singles[start] : 0
            if spacing == 2 || spacing == 3 {
                while end + 1 < singles.count, singles[end + 1] - singles[end] == spacing { end += 1 }
            }
            let length = end - start + 1
            if length >= Self.episodeBeats, spacing == 2 {
                bigeminyEpisodes += 1
                bigeminyBeats += length
            } else if length >= Self.episodeBeats, spacing == 3 {
                trigeminyEpisodes += 1
                trigeminyBeats += length
            } else {
                isolated += 1
                end = start
            }
            start = end + 1
        }
    }
}
