import Tensor

/// `C sum_{i in P} |x_i|` over ranges `P` of a parameter vector, with the
/// three operations OWL-QN needs (Andrew & Gao 2007, section 3.1): the
/// pseudo-gradient, the sign constraint on the direction and the projection
/// onto an orthant.
@usableFromInline
struct L1Penalty<Scalar: BLASScalar>: Sendable {
    /// `C`.
    @usableFromInline let strength: Scalar
    /// `P`, sorted and within the vector.
    @usableFromInline let ranges: [Range<Int>]

    /// The penalty `C` on `ranges` of a vector of `count` parameters.
    @inlinable
    init(strength: Scalar, ranges: [Range<Int>], count: Int) {
        for range in ranges {
            require(
                range.lowerBound >= 0 && range.upperBound <= count,
                "OWLQN: the penalized range \(range) is outside the \(count) parameters")
        }
        self.strength = strength
        self.ranges = ranges.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// `C sum_P |x_i|`.
    @inlinable
    func value(at x: [Scalar]) -> Scalar {
        var sum: Scalar = 0
        for range in ranges {
            for i in range { sum += abs(x[i]) }
        }
        return strength * sum
    }

    /// The pseudo-gradient `v` of `f + C sum_P |x_i|` at `x`, where `f` has
    /// gradient `g`: the one-sided derivative that descends, or 0 when
    /// neither side does.
    @inlinable
    func pseudoGradient(at x: [Scalar], gradient g: [Scalar], into v: inout [Scalar]) {
        BLAS.copy(g, &v)
        let c = strength
        for range in ranges {
            for i in range {
                if x[i] > 0 {
                    v[i] = g[i] + c
                } else if x[i] < 0 {
                    v[i] = g[i] - c
                } else if g[i] + c < 0 {
                    v[i] = g[i] + c
                } else if g[i] - c > 0 {
                    v[i] = g[i] - c
                } else {
                    v[i] = 0
                }
            }
        }
    }

    /// Sets every penalized `d_i` that does not point against `v_i` to 0,
    /// so that `d` descends in every penalized coordinate it moves.
    @inlinable
    func keepDescending(_ d: inout [Scalar], along v: [Scalar]) {
        for range in ranges {
            for i in range where d[i] * v[i] >= 0 { d[i] = 0 }
        }
    }

    /// Sets to exactly 0 every penalized coordinate of `trial` that left the
    /// orthant of `x`: the sign of `x_i`, or of `-v_i` where `x_i = 0`.
    @inlinable
    func project(_ trial: inout [Scalar], toOrthantOf x: [Scalar], pseudoGradient v: [Scalar]) {
        for range in ranges {
            for i in range {
                let orthant = x[i] != 0 ? x[i] : -v[i]
                if trial[i] * orthant <= 0 { trial[i] = 0 }
            }
        }
    }
}
