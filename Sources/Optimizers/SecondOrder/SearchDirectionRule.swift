import Tensor

/// What distinguishes BFGS, L-BFGS and nonlinear CG: how the search
/// direction comes from the gradient and what is learned from each step.
/// The iteration around it (line search, restarts) is
/// ``SearchDirectionMinimizer``'s; the rule is the method's memory, so it
/// is coded with the run's state.
public protocol SearchDirectionRule<Scalar>: MinimizerMemory {
    /// The floating-point type.
    associatedtype Scalar: BLASScalar

    /// Whether the direction carries curvature information (quasi-Newton
    /// history, a nonzero CG `beta`); `false` means steepest descent.
    var hasHistory: Bool { get }

    /// Whether a unit step is the natural first trial once there is
    /// history (quasi-Newton directions are scaled; CG directions are not).
    var prefersUnitStep: Bool { get }

    /// Forgets the history: the next direction is steepest descent.
    mutating func reset()

    /// Writes the search direction at gradient `g` into `d`, which holds the
    /// previous direction on entry.
    mutating func direction(gradient g: [Scalar], into d: inout [Scalar])

    /// Learns from the step just taken: `s = x+ - x`, `y = g+ - g`, the new
    /// and old gradients and the direction that was searched.
    mutating func update(
        step s: [Scalar], gradientChange y: [Scalar], newGradient: [Scalar],
        oldGradient: [Scalar], direction d: [Scalar])
}

/// Whether a pair `(s, y)` has safely positive curvature:
/// `s^T y > tolerance * ||s|| ||y||`. Returns `s^T y` then, else `nil`.
@inlinable
func safeCurvature<Scalar: BLASScalar>(
    _ s: [Scalar], _ y: [Scalar], tolerance: Scalar
) -> Scalar? {
    let sy = BLAS.dot(s, y)
    guard sy.isFinite, sy > tolerance * BLAS.nrm2(s) * BLAS.nrm2(y), sy > 0 else { return nil }
    return sy
}
