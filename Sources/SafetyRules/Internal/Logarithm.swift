/// The natural logarithm without the C math library (the pure modules import none).
enum Logarithm {
    private static let ln2 = 0.693_147_180_559_945_3
    private static let sqrt2 = 1.414_213_562_373_095_1

    /// ln(x) for a finite x > 0, to about 1e-15 relative error; `-infinity` for 0, NaN below.
    ///
    /// x = m × 2^e with m in [√½, √2); ln m = 2 atanh(z) with z = (m − 1)/(m + 1), |z| < 0.172, summed to z²¹.
    static func natural(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        var exponent = Double(x.exponent)
        var mantissa = x.significand
        if mantissa > sqrt2 {
            mantissa /= 2
            exponent += 1
        }
        let z = (mantissa - 1) / (mantissa + 1)
        let z2 = z * z
        var term = z
        var sum = 0.0
        var denominator = 1.0
        for _ in 0..<11 {
            sum += term / denominator
            term *= z2
            denominator += 2
        }
        return exponent * ln2 + 2 * sum
    }
}
