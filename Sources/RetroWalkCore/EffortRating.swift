/// The scale an effort rating (RPE) was given on.
public enum EffortScale: String, Sendable, Hashable, CaseIterable {
    /// Borg's RPE scale, 6 ("no exertion at all") to 20 ("maximal exertion").
    case borg
    /// Borg's category-ratio scale CR10, 0 ("nothing at all") to 10 ("extremely strong").
    case cr10

    /// The values a rating may take on this scale.
    public var range: ClosedRange<Int> {
        switch self {
        case .borg: 6...20
        case .cr10: 0...10
        }
    }

    /// The scale's name for people: `Borg 6–20`, `CR10`.
    public var displayName: String {
        switch self {
        case .borg: "Borg 6–20"
        case .cr10: "CR10"
        }
    }

    /// The highest rating that still counts as easy (``EffortIntensity/isEasy``): 11 on Borg 6–20, 2 on CR10.
    public var easyLimit: Int {
        switch self {
        case .borg: 11
        case .cr10: 2
        }
    }
}

/// The ACSM intensity classes of SAFETY.md 1.3 (BJSM table adapted from ACSM and Garber et al. 2011).
public enum EffortIntensity: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Borg < 9.
    case veryLight = "very light"
    /// Borg 9–11.
    case light
    /// Borg 12–13.
    case moderate
    /// Borg 14–17.
    case vigorous
    /// Borg ≥ 18.
    case nearMaximal = "near-maximal"

    /// Whether the effort was easy enough to progress: very light or light (Borg ≤ 11, CR10 ≤ 2).
    ///
    /// Training aims at the moderate class (SAFETY.md, rule set A: 40–59 % HRR; RPE target 11–13 on
    /// β-blockers); a bout that felt moderate is at the target already, so only a lighter one leaves room for
    /// a longer bout.
    public var isEasy: Bool { self <= .light }

    private var rank: Int {
        switch self {
        case .veryLight: 0
        case .light: 1
        case .moderate: 2
        case .vigorous: 3
        case .nearMaximal: 4
        }
    }

    public static func < (lhs: EffortIntensity, rhs: EffortIntensity) -> Bool { lhs.rank < rhs.rank }
}

/// How hard a session felt, as the walker rated it at its end (rating of perceived exertion).
public struct EffortRating: Sendable, Hashable {
    /// The rating, on ``scale``.
    public let value: Int
    /// The scale of ``value``.
    public let scale: EffortScale

    /// Creates a rating; `nil` when `value` is outside the scale's range.
    public init?(value: Int, scale: EffortScale) {
        guard scale.range.contains(value) else { return nil }
        self.value = value
        self.scale = scale
    }

    /// The ACSM intensity class of the rating.
    ///
    /// Borg 6–20 follows the table of SAFETY.md 1.3: < 9 very light, 9–11 light, 12–13 moderate, 14–17
    /// vigorous, ≥ 18 near-maximal. CR10 is matched to it by the scales' verbal anchors (Borg 1998): 1 "very
    /// weak" ↔ 9 "very light", 2 "weak (light)" ↔ 11 "light", 3 "moderate" and 4 "somewhat strong" ↔ 13
    /// "somewhat hard", 5 "strong (heavy)" ↔ 15 "hard (heavy)", 7 "very strong" ↔ 17 "very hard", 10
    /// "extremely strong" ↔ 19 "extremely hard". Hence 0 very light, 1–2 light, 3–4 moderate, 5–8 vigorous,
    /// 9–10 near-maximal.
    public var intensity: EffortIntensity {
        switch (scale, value) {
        case (.borg, ..<9), (.cr10, ..<1): .veryLight
        case (.borg, ...11), (.cr10, ...2): .light
        case (.borg, ...13), (.cr10, ...4): .moderate
        case (.borg, ...17), (.cr10, ...8): .vigorous
        default: .nearMaximal
        }
    }
}
