/// The few transcendental functions the physiology model needs, without a C math library.
///
/// The pure modules import no C module (STYLE.md 5), so `exp` and `sin` come from series expansions with range
/// reduction. Both are accurate to about 1e-12 over the ranges used here, far below the model's noise.
enum Approx {
    static let ln2 = 0.693_147_180_559_945_3
    static let twoPi = 6.283_185_307_179_586

    /// e^x. Range-reduced to x = k·ln 2 + r with |r| ≤ ln 2 / 2, then a Taylor series in r.
    static func exp(_ x: Double) -> Double {
        guard x.isFinite else { return x > 0 ? .infinity : 0 }
        if x < -700 { return 0 }
        if x > 700 { return .infinity }
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0
        var sum = 1.0
        for n in 1...16 {
            term *= r / Double(n)
            sum += term
        }
        return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
    }

    /// sin(2π·cycles): the phase is reduced to one turn first, so large times lose no precision.
    static func sin(cycles: Double) -> Double {
        var turn = cycles - cycles.rounded()  // in [-0.5, 0.5]
        if turn > 0.25 {
            turn = 0.5 - turn
        } else if turn < -0.25 {
            turn = -0.5 - turn
        }
        let x = turn * twoPi  // in [-π/2, π/2]
        let x2 = x * x
        var term = x
        var sum = x
        for n in stride(from: 3, through: 21, by: 2) {
            term *= -x2 / Double((n - 1) * n)
            sum += term
        }
        return sum
    }
}
