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
public struct LBFGSHistory<Scalar: BLASScalar>: SearchDirectionRule {
    /// The steps `s_i`, `m` rows of `n`.
    @usableFromInline @StoredAsTensor var steps: [[Scalar]]
    /// The gradient changes `y_i`, `m` rows of `n`.
    @usableFromInline @StoredAsTensor var gradientChanges: [[Scalar]]
    /// `rho_i = 1 / s_i^T y_i`.
    @usableFromInline var rho: [Scalar]
    /// The `alpha_i` of the first loop.
    @usableFromInline var alpha: [Scalar] = []
    /// `gamma` of the newest pair.
    @usableFromInline var gamma: Scalar = 1
    /// Slot of the newest pair.
    @usableFromInline var newest = -1
    /// Pairs stored (at most `m`).
    @usableFromInline var count = 0
    @usableFromInline let curvatureTolerance: Scalar

    enum CodingKeys: String, CodingKey {
        case steps, gradientChanges, rho, gamma, newest, count, curvatureTolerance
    }

    @inlinable
    init(parameterCount n: Int, historySize m: Int, curvatureTolerance: Scalar) {
        let pairs = Array(repeating: [Scalar](repeating: 0, count: n), count: m)
        steps = pairs
        gradientChanges = pairs
        rho = [Scalar](repeating: 0, count: m)
        self.curvatureTolerance = curvatureTolerance
    }

    /// Whether a pair is stored.
    @inlinable public var hasHistory: Bool { count > 0 }
    /// True: the direction is scaled by `gamma`.
    @inlinable public var prefersUnitStep: Bool { true }

    /// Forgets the pairs.
    @inlinable
    public mutating func reset() {
        count = 0
        newest = -1
        gamma = 1
    }

    /// `d = -H g` by the two-loop recursion.
    @inlinable
    public mutating func direction(gradient g: [Scalar], into d: inout [Scalar]) {
        let m = steps.count
        if alpha.count != m { alpha = [Scalar](repeating: 0, count: m) }
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

    /// Stores `(s, y)` over the oldest pair when its curvature is safely
    /// positive.
    @inlinable
    public mutating func update(
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

    /// Why the pairs cannot belong to a run on `n` parameters, or `nil`.
    public func problem(parameterCount n: Int) -> String? {
        let m = steps.count
        guard m > 0, gradientChanges.count == m, rho.count == m else {
            return
                "L-BFGS keeps \(m) steps, \(gradientChanges.count) gradient changes and \(rho.count) values of rho"
        }
        guard steps.allSatisfy({ $0.count == n }), gradientChanges.allSatisfy({ $0.count == n })
        else { return "an L-BFGS pair does not have \(n) values" }
        guard (0...m).contains(count), (count == 0 ? -1..<0 : 0..<m).contains(newest) else {
            return "L-BFGS holds \(count) pairs, the newest in slot \(newest), of \(m)"
        }
        return nil
    }
}
