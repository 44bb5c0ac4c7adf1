import Tensor

/// The last `m` curvature pairs `(s, y)` of L-BFGS in a ring buffer, as a
/// ``SearchDirectionRule``: the direction `d = -H g` by the two-loop
/// recursion (Nocedal & Wright 2006, algorithm 7.4; Liu & Nocedal 1989):
///
/// ```
/// q = g
/// for i = newest ... oldest:  alpha_i = rho_i s_i^T q;  q -= alpha_i y_i
/// r = gamma q,  gamma = s^T y / y^T y of the newest pair      (eq. 7.20)
/// for i = oldest ... newest:  beta = rho_i y_i^T r;  r += (alpha_i - beta) s_i
/// d = -r
/// ```
///
/// `4 m n` flops in BLAS level-1 calls on buffers allocated once. A pair
/// whose curvature is not safely positive
/// (`s^T y <= curvatureTolerance * ||s|| ||y||`) is not stored.
@usableFromInline
struct LBFGSHistory<Scalar: BLASScalar>: SearchDirectionRule {
    @usableFromInline var steps: [[Scalar]]
    @usableFromInline var gradientChanges: [[Scalar]]
    /// `rho_i = 1 / s_i^T y_i`.
    @usableFromInline var rho: [Scalar]
    /// The `alpha_i` of the first loop.
    @usableFromInline var alpha: [Scalar]
    /// `gamma` of the newest pair.
    @usableFromInline var gamma: Scalar = 1
    /// Slot of the newest pair.
    @usableFromInline var newest = -1
    /// Pairs stored (at most `m`).
    @usableFromInline var count = 0
    @usableFromInline let curvatureTolerance: Scalar

    @inlinable
    init(parameterCount n: Int, historySize m: Int, curvatureTolerance: Scalar) {
        let zeros = [Scalar](repeating: 0, count: n)
        steps = Array(repeating: zeros, count: m)
        gradientChanges = steps
        rho = [Scalar](repeating: 0, count: m)
        alpha = rho
        self.curvatureTolerance = curvatureTolerance
    }

    @inlinable var hasHistory: Bool { count > 0 }
    @inlinable var prefersUnitStep: Bool { true }

    @inlinable
    mutating func reset() {
        count = 0
        newest = -1
        gamma = 1
    }

    @inlinable
    mutating func direction(gradient g: [Scalar], into d: inout [Scalar]) {
        let m = steps.count
        BLAS.copy(g, &d)
        var slot = newest
        for _ in 0..<count {
            alpha[slot] = rho[slot] * BLAS.dot(steps[slot], d)
            BLAS.axpy(-alpha[slot], gradientChanges[slot], &d)
            slot = slot == 0 ? m - 1 : slot - 1
        }
        BLAS.scal(-gamma, &d)  // -r from here on: the signs flip below
        for _ in 0..<count {
            slot = slot == m - 1 ? 0 : slot + 1
            let beta = rho[slot] * BLAS.dot(gradientChanges[slot], d)  // = -beta of r
            BLAS.axpy(-alpha[slot] - beta, steps[slot], &d)
        }
    }

    @inlinable
    mutating func update(
        step s: [Scalar], gradientChange y: [Scalar], newGradient: [Scalar],
        oldGradient: [Scalar], direction d: [Scalar]
    ) {
        guard let sy = safeCurvature(s, y, tolerance: curvatureTolerance) else { return }
        let m = steps.count
        newest = newest == m - 1 ? 0 : newest + 1
        count = min(count + 1, m)
        BLAS.copy(s, &steps[newest])
        BLAS.copy(y, &gradientChanges[newest])
        rho[newest] = 1 / sy
        gamma = sy / BLAS.dot(y, y)  // eq. 7.20
    }
}
