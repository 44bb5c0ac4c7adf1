import Tensor

/// Simple bounds `l <= x <= u` on each variable, the feasible set of
/// ``LBFGSB``. Either side of a variable may be infinite (`-infinity` for no
/// lower bound, `+infinity` for no upper bound); `l_i = u_i` fixes `x_i`.
///
/// The projection onto the box is componentwise,
/// `P(x)_i = min(max(x_i, l_i), u_i)` (Byrd, Lu, Nocedal & Zhu 1995,
/// section 2), and the first-order optimality measure of L-BFGS-B is the
/// projected gradient `||P(x - g) - x||_inf`, zero exactly at a KKT point.
public struct BoxConstraints<Scalar: BLASScalar>: Sendable {
    /// The lower bounds `l` (`n` elements; `-infinity`: none).
    public let lower: [Scalar]
    /// The upper bounds `u` (`n` elements; `+infinity`: none).
    public let upper: [Scalar]

    /// Bounds `lower <= x <= upper`, both of `n` elements, with
    /// `lower[i] <= upper[i]` and no NaN.
    public init(lower: [Scalar], upper: [Scalar]) {
        require(
            lower.count == upper.count,
            "BoxConstraints: \(lower.count) lower and \(upper.count) upper bounds")
        for i in lower.indices {
            require(
                lower[i] <= upper[i] && lower[i] < .infinity && upper[i] > -.infinity,
                "BoxConstraints: bounds [\(lower[i]), \(upper[i])] of variable \(i) are empty")
        }
        self.lower = lower
        self.upper = upper
    }

    /// No bounds on `count` variables: `(-infinity, infinity)` for each.
    public static func unbounded(count: Int) -> BoxConstraints {
        BoxConstraints(
            lower: [Scalar](repeating: -.infinity, count: count),
            upper: [Scalar](repeating: .infinity, count: count))
    }

    /// The number of variables `n`.
    public var count: Int { lower.count }

    /// Whether some bound is finite.
    public var constrainsAnything: Bool {
        lower.contains { $0.isFinite } || upper.contains { $0.isFinite }
    }

    /// Whether every variable has both bounds finite.
    public var boundsEveryVariable: Bool {
        lower.allSatisfy { $0.isFinite } && upper.allSatisfy { $0.isFinite }
    }

    /// Whether `l <= x <= u` holds for every component.
    public func contains(_ x: [Scalar]) -> Bool {
        x.indices.allSatisfy { lower[$0] <= x[$0] && x[$0] <= upper[$0] }
    }

    /// Replaces `x` by its projection `P(x)` onto the box.
    public func project(_ x: inout [Scalar]) {
        require(x.count == count, "BoxConstraints: \(x.count) values for \(count) variables")
        for i in x.indices { x[i] = min(max(x[i], lower[i]), upper[i]) }
    }

    /// The projected-gradient norm `||P(x - g) - x||_inf` at a feasible `x`
    /// with gradient `g`, computed without cancellation as
    /// `max_i |max(x_i - u_i, g_i)|` where `g_i < 0` and `|min(x_i - l_i, g_i)|`
    /// elsewhere (Zhu, Byrd, Lu & Nocedal 1997, subroutine `projgr`).
    public func projectedGradientNorm(at x: [Scalar], gradient g: [Scalar]) -> Scalar {
        var norm: Scalar = 0
        for i in x.indices {
            let component = g[i] < 0 ? max(x[i] - upper[i], g[i]) : min(x[i] - lower[i], g[i])
            norm = max(norm, abs(component))
        }
        return norm
    }

    /// The largest `alpha` in `[0, limit]` with `x + alpha d` inside the box
    /// (`x` feasible): `min_i (u_i - x_i) / d_i` over `d_i > 0` and
    /// `(l_i - x_i) / d_i` over `d_i < 0`, capped at `limit`.
    public func maximumStep(from x: [Scalar], along d: [Scalar], limit: Scalar) -> Scalar {
        var step = limit
        for i in x.indices where d[i] != 0 {
            let room = d[i] > 0 ? upper[i] - x[i] : lower[i] - x[i]
            if room * d[i] <= 0 { return 0 }  // at the bound and moving out
            if d[i] * step > room, d[i] > 0 { step = room / d[i] }
            if d[i] * step < room, d[i] < 0 { step = room / d[i] }
        }
        return step
    }
}
