import Tensor

/// The dense inverse-Hessian approximation `H` of BFGS, as a
/// ``SearchDirectionRule``: `d = -H g`, and after each step the update
/// (Nocedal & Wright 2006, eq. 6.17)
///
/// ```
/// H+ = (I - rho s y^T) H (I - rho y s^T) + rho s s^T,   rho = 1 / (s^T y)
///    = H + s a^T + a s^T,   a = (rho + rho^2 y^T H y) / 2 s - rho H y
/// ```
///
/// applied as one `gemv` (`H y`) and two rank-1 `ger` updates. Before the
/// first update `H = (s^T y / y^T y) I` (eq. 6.20). The update is skipped
/// when `s^T y <= curvatureTolerance * ||s|| ||y||`, which would make `H`
/// indefinite or blow it up.
public struct BFGSInverseHessian<Scalar: BLASScalar>: SearchDirectionRule {
    /// `H`, `n x n`.
    @usableFromInline @StoredAsTensor var inverseHessian: Matrix<Scalar>
    /// `H y`, then the vector `a` of the update; not coded.
    @usableFromInline var work: [Scalar] = []
    @usableFromInline let curvatureTolerance: Scalar
    /// Whether `H` has been updated since the last reset.
    @usableFromInline var updated = false

    enum CodingKeys: String, CodingKey { case inverseHessian, curvatureTolerance, updated }

    @inlinable
    init(parameterCount n: Int, curvatureTolerance: Scalar) {
        inverseHessian = Matrix(identity: n)
        self.curvatureTolerance = curvatureTolerance
    }

    /// Whether `H` has been updated since the last reset.
    @inlinable public var hasHistory: Bool { updated }
    /// True: `H` is scaled (eq. 6.20).
    @inlinable public var prefersUnitStep: Bool { true }

    /// `H = scale * I`.
    @inlinable
    mutating func setIdentity(scaledBy scale: Scalar) {
        let n = inverseHessian.rows
        inverseHessian.withUnsafeMutableScalars { h in
            h.update(repeating: 0)
            for i in 0..<n { h[i * n + i] = scale }
        }
    }

    /// `H = I`.
    @inlinable
    public mutating func reset() {
        if updated { setIdentity(scaledBy: 1) }
        updated = false
    }

    /// `d = -H g`.
    @inlinable
    public mutating func direction(gradient g: [Scalar], into d: inout [Scalar]) {
        BLAS.gemv(inverseHessian, g, alpha: -1, beta: 0, into: &d)
    }

    /// The BFGS update of `H` (eq. 6.17) from a pair of safely positive
    /// curvature.
    @inlinable
    public mutating func update(
        step s: [Scalar], gradientChange y: [Scalar], newGradient: [Scalar],
        oldGradient: [Scalar], direction d: [Scalar]
    ) {
        guard let sy = safeCurvature(s, y, tolerance: curvatureTolerance) else { return }
        if !updated { setIdentity(scaledBy: sy / BLAS.dot(y, y)) }  // eq. 6.20
        let rho = 1 / sy
        if work.count != s.count { work = [Scalar](repeating: 0, count: s.count) }
        BLAS.gemv(inverseHessian, y, into: &work)  // H y
        let yHy = BLAS.dot(y, work)
        BLAS.scal(-rho, &work)
        BLAS.axpy((rho + rho * rho * yHy) / 2, s, &work)  // a
        BLAS.ger(1, s, work, into: &inverseHessian)
        BLAS.ger(1, work, s, into: &inverseHessian)
        updated = true
    }

    /// Why `H` cannot belong to a run on `n` parameters, or `nil`.
    public func problem(parameterCount n: Int) -> String? {
        inverseHessian.rows == n && inverseHessian.columns == n
            ? nil
            : "the inverse Hessian is \(inverseHessian.rows) x \(inverseHessian.columns) for \(n) parameters"
    }
}
