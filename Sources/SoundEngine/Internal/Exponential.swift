/// Powers of ten without the C math library (the pure modules import no C module, STYLE.md 5).
///
/// `10^x = e^(x·ln 10)`; `e^y = 2^k · e^r` with `k = round(y / ln 2)` and `|r| ≤ ln 2 / 2`, where a Taylor series
/// of 18 terms is within one unit in the last place. Plenty for gains, whose results are rounded to 16 bits.
enum Exponential {
    /// `10^x`; 0 for very negative `x`, `+∞` for very large `x`, NaN for NaN.
    static func power10(_ x: Double) -> Double {
        exp(x * 2.302_585_092_994_045_684)
    }

    /// `e^y`.
    static func exp(_ y: Double) -> Double {
        guard !y.isNaN else { return .nan }
        if y > 710 { return .infinity }
        if y < -746 { return 0 }
        let ln2 = 0.693_147_180_559_945_309_4
        let k = (y / ln2).rounded()
        let r = y - k * ln2
        var term = 1.0
        var sum = 1.0
        for n in 1...18 {
            term *= r / Double(n)
            sum += term
        }
        // Scale by 2^k in two steps, so that neither factor overflows or underflows before the product does.
        let half = Int(k) / 2
        return sum * scale(half) * scale(Int(k) - half)
    }

    private static func scale(_ exponent: Int) -> Double {
        Double(sign: .plus, exponent: exponent, significand: 1)
    }
}
