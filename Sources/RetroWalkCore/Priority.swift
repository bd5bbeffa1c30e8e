/// How urgent an alert or a sound is, in the IEC 60601-1-8 sense (SAFETY.md, section D).
///
/// Ordered so that `high > medium > low > info`.
public enum Priority: String, Sendable, Hashable, CaseIterable, Comparable {
    case info
    case low
    case medium
    case high

    private var rank: Int {
        switch self {
        case .info: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        }
    }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}
