import Optimizers

extension OptimizerConfiguration {
    /// The options of Newton's method (`Newton`): `H p = -g` with `H` the
    /// Hessian by central differences of the gradient, shifted to positive
    /// definite when it is not, and a backtracking line search (Nocedal &
    /// Wright, *Numerical Optimization*, 2nd ed., section 3.4). For models of
    /// at most ``Kind/parameterLimit`` (2,000) parameters; the shift, the
    /// backtracking and the saddle escape keep `Newton/Options`'s defaults.
    public struct NewtonOptions: Codable, Hashable, Sendable {
        /// Minimizer iterations per epoch of the history, positive; `nil`: 1
        /// (``Kind/defaultIterationsPerEpoch``: each iteration forms a
        /// Hessian from `2 n` gradients).
        public var iterationsPerEpoch: Int?
        /// Converged when `||g|| <= gradientTolerance * max(1, ||w||)`;
        /// `nil`: `StoppingCriteria`'s default for the precision, 1e-5 in
        /// Float, 1e-9 in Double.
        public var gradientTolerance: Double?
        /// Converged when an iteration lowers the loss by a relative amount
        /// no larger than this; `nil`: 1e-7 in Float, machine epsilon in
        /// Double; 0 turns the test off.
        public var relativeDecreaseTolerance: Double?

        /// Newton's options; a setting left `nil` takes the default given
        /// with it.
        public init(
            iterationsPerEpoch: Int? = nil, gradientTolerance: Double? = nil,
            relativeDecreaseTolerance: Double? = nil
        ) {
            requirePositiveIterations(iterationsPerEpoch, of: .newton)
            self.iterationsPerEpoch = iterationsPerEpoch
            self.gradientTolerance = gradientTolerance
            self.relativeDecreaseTolerance = relativeDecreaseTolerance
        }
    }
}

extension OptimizerConfiguration.NewtonOptions: SecondOrderMethodOptions {}
