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
@usableFromInline
struct BFGSInverseHessian<Scalar: BLASScalar>: SearchDirectionRule {
    /// `H`, `n x n`.
    @usableFromInline var inverseHessian: Matrix<Scalar>
    /// `H y`, then the vector `a` of the update.
    @usableFromInline var work: [Scalar]
    @usableFromInline let curvatureTolerance: Scalar
    @usableFromInline var hasHistory = false

    @inlinable
    init(parameterCount n: Int, curvatureTolerance: Scalar) {
        inverseHessian = Matrix(identity: n)
        work = [Scalar](repeating: 0, count: n)
        self.curvatureTolerance = curvatureTolerance
    }

    @inlinable var prefersUnitStep: Bool { true }

    /// `H = scale * I`.
    @inlinable
    mutating func setIdentity(scaledBy scale: Scalar) {
        let n = inverseHessian.rows
        inverseHessian.withUnsafeMutableScalars { h in
            h.update(repeating: 0)
            for i in 0..<n { h[i * n + i] = scale }
        }
    }

    @inlinable
    mutating func reset() {
        if hasHistory { setIdentity(scaledBy: 1) }
        hasHistory = false
    }

    @inlinable
    mutating func direction(gradient g: [Scalar], into d: inout [Scalar]) {
        BLAS.gemv(inverseHessian, g, alpha: -1, beta: 0, into: &d)
    }

    @inlinable
    mutating func update(
        step s: [Scalar], gradientChange y: [Scalar], newGradient: [Scalar],
        oldGradient: [Scalar], direction d: [Scalar]
    ) {
        guard let sy = safeCurvature(s, y, tolerance: curvatureTolerance) else { return }
        if !hasHistory { setIdentity(scaledBy: sy / BLAS.dot(y, y)) }  // eq. 6.20
        let rho = 1 / sy
        BLAS.gemv(inverseHessian, y, into: &work)  // H y
        let yHy = BLAS.dot(y, work)
        BLAS.scal(-rho, &work)
        BLAS.axpy((rho + rho * rho * yHy) / 2, s, &work)  // a
        BLAS.ger(1, s, work, into: &inverseHessian)
        BLAS.ger(1, work, s, into: &inverseHessian)
        hasHistory = true
    }
}
