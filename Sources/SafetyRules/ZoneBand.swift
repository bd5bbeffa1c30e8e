public import RetroWalkCore

extension ZoneBand {
    var ordinal: Int {
        switch self {
        case .below: 0
        case .zone: 1
        case .above: 2
        case .ceiling: 3
        case .hardCeiling: 4
        case .unknown: 5
        }
    }
}

/// Seconds spent in each ``ZoneBand``, accumulated from a stream of (band, time) readings.
///
/// Each reading closes the interval since the previous one, which is credited to the previous reading's band:
/// the band in force during that interval.
public struct TimeInZones: Sendable, Hashable {
    private var totals: [Double] = Array(repeating: 0, count: ZoneBand.allCases.count)
    private var lastBand: ZoneBand?
    private var lastTime: Double?

    /// Creates an empty accumulator.
    public init() {}

    /// Records the band in force from `time` on.
    ///
    /// - Parameters:
    ///   - band: The band from now on.
    ///   - time: Seconds since the session started; an earlier time than the last reading credits nothing.
    public mutating func record(_ band: ZoneBand, at time: Double) {
        if let lastBand, let lastTime, time > lastTime { totals[lastBand.ordinal] += time - lastTime }
        if lastTime.map({ time >= $0 }) ?? true { lastTime = time }
        lastBand = band
    }

    /// Seconds credited to `band` so far.
    public func seconds(in band: ZoneBand) -> Double { totals[band.ordinal] }

    /// Seconds per band, keyed by the band's raw value (every band is present, zero or not).
    public var secondsByBand: [String: Double] {
        var result: [String: Double] = [:]
        for band in ZoneBand.allCases { result[band.rawValue] = totals[band.ordinal] }
        return result
    }

    /// The total time recorded, seconds.
    public var totalSeconds: Double { totals.reduce(0, +) }
}
