import Tensor

/// How a line search ended.
public enum LineSearchStatus: String, Codable, Hashable, Sendable {
    /// The step satisfies the search's conditions (strong Wolfe, Armijo, or
    /// the exact step was taken).
    case satisfied
    /// The evaluation budget ran out first.
    case evaluationLimit
    /// The bracket around an acceptable step shrank to rounding level.
    case intervalTooSmall
    /// The step reached ``StrongWolfeLineSearch/maximumStep`` with the value
    /// still decreasing.
    case maximumStepReached
    /// `g^T d >= 0` at the start: the direction does not descend.
    case notDescentDirection
    /// NaN or infinite values met along the direction could not be avoided
    /// by shortening the step.
    case nonFiniteValue
}

/// The outcome of one line search along `x + alpha d`.
///
/// On success the accepted point and its gradient are in the
/// ``LineSearchBuffers``; on failure the buffers hold the best point seen
/// (lowest finite value), or the start itself (`stepLength == 0`) when no
/// trial improved on it.
public struct LineSearchResult<Scalar: BLASScalar>: Sendable {
    /// The step `alpha` of the point in the buffers (0: the start).
    public var stepLength: Scalar
    /// `phi(alpha) = f(x + alpha d)`.
    public var value: Scalar
    /// `phi'(alpha) = grad f(x + alpha d)^T d`.
    public var slope: Scalar
    /// Evaluations of the objective this search made (each with the gradient).
    public var evaluations: Int
    /// How the search ended.
    public var status: LineSearchStatus

    /// A result from its parts.
    @inlinable
    public init(
        stepLength: Scalar, value: Scalar, slope: Scalar, evaluations: Int,
        status: LineSearchStatus
    ) {
        self.stepLength = stepLength
        self.value = value
        self.slope = slope
        self.evaluations = evaluations
        self.status = status
    }

    /// Whether the step satisfies the search's conditions.
    @inlinable public var succeeded: Bool { status == .satisfied }
}
