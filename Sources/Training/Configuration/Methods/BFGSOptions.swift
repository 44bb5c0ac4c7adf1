import Optimizers

extension OptimizerConfiguration {
    /// The options of BFGS (`BFGS`): steps along `d = -H g`, with `H` a
    /// dense approximation of the inverse Hessian updated from each step and
    /// gradient change, and a strong Wolfe line search (Nocedal & Wright,
    /// *Numerical Optimization*, 2nd ed., algorithm 6.1). For models of at
    /// most ``Kind/parameterLimit`` (5,000) parameters; the line search's
    /// constants and the curvature test keep `BFGS/Options`'s defaults.
    public struct BFGSOptions: Codable, Hashable, Sendable {
        /// Minimizer iterations per epoch of the history, positive; `nil`:
        /// 10 (``Kind/defaultIterationsPerEpoch``).
        public var iterationsPerEpoch: Int?
        /// Converged when `||g|| <= gradientTolerance * max(1, ||w||)`;
        /// `nil`: `StoppingCriteria`'s default for the precision, 1e-5 in
        /// Float, 1e-9 in Double.
        public var gradientTolerance: Double?
        /// Converged when an iteration lowers the loss by a relative amount
        /// no larger than this; `nil`: 1e-7 in Float, machine epsilon in
        /// Double; 0 turns the test off.
        public var relativeDecreaseTolerance: Double?

        /// BFGS's options; a setting left `nil` takes the default given with
        /// it.
        public init(
            iterationsPerEpoch: Int? = nil, gradientTolerance: Double? = nil,
            relativeDecreaseTolerance: Double? = nil
        ) {
            requirePositiveIterations(iterationsPerEpoch, of: .bfgs)
            self.iterationsPerEpoch = iterationsPerEpoch
            self.gradientTolerance = gradientTolerance
            self.relativeDecreaseTolerance = relativeDecreaseTolerance
        }
    }
}

extension OptimizerConfiguration.BFGSOptions: SecondOrderMethodOptions {}
