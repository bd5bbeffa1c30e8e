/// A small, fast, seeded random-number generator (SplitMix64, Steele, Lea & Flood 2014).
///
/// Used wherever the product or its tests need repeatable "randomness": the simulated heart, fault
/// injection, generated test data. The same seed always gives the same sequence.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An approximately normal value with the given mean and standard deviation.
    ///
    /// Irwin–Hall: the sum of 12 uniform values minus 6 has mean 0 and variance 1, is bounded to ±6 SD, and
    /// needs no transcendental functions (so no C math library in the pure modules).
    public mutating func nextGaussian(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += Double.random(in: 0..<1, using: &self) }
        return mean + standardDeviation * (sum - 6)
    }
}
