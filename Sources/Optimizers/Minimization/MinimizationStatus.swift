/// How a minimization run ended (scipy's `status` and `message`, typed).
public enum MinimizationStatus: String, Codable, Hashable, Sendable {
    /// `||g|| <= gradientTolerance * max(1, ||x||)` (liblbfgs's test).
    case convergedByGradientNorm
    /// `(f_prev - f) / max(|f_prev|, |f|, 1) <= relativeDecreaseTolerance`
    /// (scipy L-BFGS-B's `ftol` test).
    case convergedByRelativeDecrease
    /// The iteration limit was reached.
    case iterationLimit
    /// The limit on function evaluations was reached.
    case evaluationLimit
    /// The line search found no acceptable step; the best point seen is
    /// returned.
    case lineSearchFailure
    /// The objective returned NaN or an infinity that could not be avoided
    /// by shortening the step; the best finite point is returned.
    case nonFiniteValue
    /// The iteration callback asked to stop.
    case stoppedByCallback

    /// Whether the run converged.
    public var converged: Bool {
        self == .convergedByGradientNorm || self == .convergedByRelativeDecrease
    }

    /// One sentence for people.
    public var sentence: String {
        switch self {
        case .convergedByGradientNorm: "Converged: the gradient norm is below the tolerance."
        case .convergedByRelativeDecrease:
            "Converged: the relative decrease of the value is below the tolerance."
        case .iterationLimit: "Stopped: the iteration limit was reached."
        case .evaluationLimit: "Stopped: the function-evaluation limit was reached."
        case .lineSearchFailure:
            "Stopped: the line search found no acceptable step; the best point seen is returned."
        case .nonFiniteValue:
            "Stopped: the objective became NaN or infinite; the best finite point is returned."
        case .stoppedByCallback: "Stopped by the iteration callback."
        }
    }
}
