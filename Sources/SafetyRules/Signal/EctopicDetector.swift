/// The ectopic-beat detector chosen by `signal.ectopic_method`: Lipponen–Tarvainen (default) or Malik.
public struct EctopicDetector: Sendable {
    /// The method in use.
    public let method: RuleSettings.EctopicMethod
    private var lipponen: LipponenTarvainenDetector?
    private var malik: MalikDetector?

    /// Creates the detector the settings name.
    public init(settings: RuleSettings = .defaults) {
        method = settings.ectopicMethod
        switch settings.ectopicMethod {
        case .lipponenTarvainen: lipponen = LipponenTarvainenDetector(settings: settings)
        case .malik: malik = MalikDetector(fraction: settings.malikFraction)
        }
    }

    /// Beats after a beat that must be known before it is classified (5 or 1).
    public var latencyBeats: Int {
        switch method {
        case .lipponenTarvainen: LipponenTarvainenDetector.latencyBeats
        case .malik: MalikDetector.latencyBeats
        }
    }

    /// Takes the next RR interval (ms, plausible) and when its beat ended.
    public mutating func append(rrMilliseconds rr: Double, at time: Double) {
        lipponen?.append(rrMilliseconds: rr, at: time)
        malik?.append(rrMilliseconds: rr, at: time)
    }

    /// The next beat whose class is final, oldest first.
    public mutating func popClassified() -> ClassifiedBeat? {
        lipponen?.popClassified() ?? malik?.popClassified()
    }

    /// Ends the series: the waiting beats are classified.
    public mutating func finish() {
        lipponen?.finish()
        malik?.finish()
    }

    /// Forgets the series (a gap in the data).
    public mutating func reset() {
        lipponen?.reset()
        malik?.reset()
    }

    /// Classifies a whole series with the configured method.
    ///
    /// - Parameters:
    ///   - rr: RR intervals, ms.
    ///   - settings: The method and its constants.
    /// - Returns: One class per interval.
    public static func classify(_ rr: [Double], settings: RuleSettings = .defaults) -> [BeatClass] {
        var detector = EctopicDetector(settings: settings)
        var classes = [BeatClass](repeating: .normal, count: rr.count)
        for (index, value) in rr.enumerated() {
            detector.append(rrMilliseconds: value, at: Double(index))
            while let beat = detector.popClassified() { classes[beat.index] = beat.classification }
        }
        detector.finish()
        while let beat = detector.popClassified() { classes[beat.index] = beat.classification }
        return classes
    }
}
