import Optimizers
import Tensor

extension OptimizerConfiguration {
    /// The options of L-BFGS (`LBFGS`): the BFGS direction from the last
    /// `m` step pairs `(s, y)` by the two-loop recursion, with a strong Wolfe
    /// line search (Liu & Nocedal, Mathematical Programming 45, 1989; Nocedal
    /// & Wright, *Numerical Optimization*, 2nd ed., algorithms 7.4 and 7.5).
    /// On a model with an L1 penalty it runs as OWL-QN (`OWLQN`, Andrew &
    /// Gao 2007) with the same options. The line search's constants and the
    /// curvature test keep `LBFGS/Options`'s defaults.
    public struct LBFGSOptions: Codable, Hashable, Sendable {
        /// `m`, the step pairs kept, positive (default 10, scipy's).
        public var historySize: Int
        /// Samples drawn afresh every epoch from the training set for a
        /// large-batch run, positive, the pairs cleared on each new batch
        /// (they describe the previous batch's loss); `nil`, or at least the
        /// training set's size: the whole training set.
        public var batchSize: Int?
        /// Minimizer iterations per epoch of the history, positive; `nil`:
        /// 10 (``Kind/defaultIterationsPerEpoch``), so that 20 epochs are
        /// scikit-learn's 200 L-BFGS iterations.
        public var iterationsPerEpoch: Int?
        /// Converged when `||g|| <= gradientTolerance * max(1, ||w||)`;
        /// `nil`: `StoppingCriteria`'s default for the precision, 1e-5 in
        /// Float, 1e-9 in Double.
        public var gradientTolerance: Double?
        /// Converged when an iteration lowers the loss by a relative amount
        /// no larger than this; `nil`: 1e-7 in Float, machine epsilon in
        /// Double; 0 turns the test off.
        public var relativeDecreaseTolerance: Double?

        /// L-BFGS's options; a setting left `nil` takes the default given
        /// with it.
        public init(
            historySize: Int = 10, batchSize: Int? = nil, iterationsPerEpoch: Int? = nil,
            gradientTolerance: Double? = nil, relativeDecreaseTolerance: Double? = nil
        ) {
            require(historySize > 0, "lbfgs: historySize \(historySize) must be positive")
            require((batchSize ?? 1) > 0, "lbfgs: batchSize \(batchSize ?? 0) must be positive")
            requirePositiveIterations(iterationsPerEpoch, of: .lbfgs)
            self.historySize = historySize
            self.batchSize = batchSize
            self.iterationsPerEpoch = iterationsPerEpoch
            self.gradientTolerance = gradientTolerance
            self.relativeDecreaseTolerance = relativeDecreaseTolerance
        }
    }
}

extension OptimizerConfiguration.LBFGSOptions: SecondOrderMethodOptions {}
