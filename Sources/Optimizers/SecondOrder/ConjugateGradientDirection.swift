import Tensor

/// The direction of nonlinear conjugate gradient as a
/// ``SearchDirectionRule``: `d+ = -g+ + beta d` with `beta` from
/// ``ConjugateGradientFormula``, and `beta = 0` (steepest
/// descent) every `restartInterval` iterations, when consecutive gradients
/// are far from orthogonal (`|g+^T g| >= orthogonalityThreshold ||g+||^2`,
/// Powell 1977, N&W eq. 5.52) or when `beta` is not finite.
public struct ConjugateGradientDirection<Scalar: BLASScalar>: SearchDirectionRule {
    @usableFromInline let formula: ConjugateGradientFormula
    @usableFromInline let restartInterval: Int
    /// Powell's threshold; `nil` when the test is off (an infinite
    /// threshold), so that plain JSON can code it.
    @usableFromInline let orthogonalityThreshold: Scalar?
    @usableFromInline var beta: Scalar = 0
    @usableFromInline var sinceRestart = 0

    @inlinable
    init(
        formula: ConjugateGradientFormula, restartInterval: Int,
        orthogonalityThreshold: Scalar
    ) {
        self.formula = formula
        self.restartInterval = restartInterval
        self.orthogonalityThreshold = orthogonalityThreshold.isFinite ? orthogonalityThreshold : nil
    }

    /// Whether `beta` is nonzero.
    @inlinable public var hasHistory: Bool { beta != 0 }
    /// False: CG directions are not scaled.
    @inlinable public var prefersUnitStep: Bool { false }

    /// `beta = 0`.
    @inlinable
    public mutating func reset() {
        beta = 0
        sinceRestart = 0
    }

    /// `d = -g + beta d`.
    @inlinable
    public mutating func direction(gradient g: [Scalar], into d: inout [Scalar]) {
        if beta == 0 {
            BLAS.copy(g, &d)
            BLAS.scal(-1, &d)
        } else {
            BLAS.scal(beta, &d)
            BLAS.axpy(-1, g, &d)
        }
    }

    /// The next `beta`, or a restart.
    @inlinable
    public mutating func update(
        step s: [Scalar], gradientChange y: [Scalar], newGradient: [Scalar],
        oldGradient: [Scalar], direction d: [Scalar]
    ) {
        sinceRestart += 1
        guard sinceRestart < restartInterval else { return reset() }
        let oldNormSquared = BLAS.dot(oldGradient, oldGradient)
        if let orthogonalityThreshold {  // Powell 1977; N&W eq. 5.52
            let newNormSquared = BLAS.dot(newGradient, newGradient)
            if abs(BLAS.dot(newGradient, oldGradient)) >= orthogonalityThreshold * newNormSquared {
                return reset()
            }
        }
        switch formula {
        case .fletcherReeves:  // Fletcher & Reeves 1964; N&W eq. 5.41a
            beta = BLAS.dot(newGradient, newGradient) / oldNormSquared
        case .polakRibierePlus:  // Polak & Ribiere 1969; N&W eqs. 5.44, 5.45
            beta = max(0, BLAS.dot(newGradient, y) / oldNormSquared)
        case .hestenesStiefel:  // Hestenes & Stiefel 1952; N&W eq. 5.46
            beta = BLAS.dot(newGradient, y) / BLAS.dot(d, y)
        }
        if !beta.isFinite { beta = 0 }
    }

    /// Why the memory cannot be a CG run's, or `nil` (it keeps no vector).
    public func problem(parameterCount n: Int) -> String? {
        restartInterval > 0 && beta.isFinite && sinceRestart >= 0
            ? nil
            : "CG's restart interval \(restartInterval), beta \(beta) or count \(sinceRestart) is out of range"
    }
}
