/// The heart-rate figures the recovery gate needs for its fraction of heart-rate reserve.
public struct CoachLimits: Sendable, Hashable {
    /// HRmax (estimated or clinician-set), bpm.
    public var maxBPM: Double
    /// Resting heart rate, bpm.
    public var restingBPM: Double

    /// Creates the limits.
    public init(maxBPM: Double, restingBPM: Double) {
        self.maxBPM = maxBPM
        self.restingBPM = restingBPM
    }

    /// The heart rate at a fraction of heart-rate reserve: rest + fraction × (max − rest) (Karvonen 1957).
    public func heartRate(atReserveFraction fraction: Double) -> Double {
        restingBPM + fraction * (maxBPM - restingBPM)
    }
}
