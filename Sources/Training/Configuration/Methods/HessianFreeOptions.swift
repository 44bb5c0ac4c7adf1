import Optimizers
import Tensor

extension OptimizerConfiguration {
    /// The options of Hessian-free optimization (`HessianFree`): each
    /// iteration solves `(H + lambda I) p = -g` approximately by linear CG on
    /// finite-difference Hessian-vector products, with Levenberg-Marquardt
    /// damping: `lambda *= 3/2` when the reduction ratio is below 1/4,
    /// `lambda *= 2/3` when it is above 3/4 (Martens, ICML 2010; Nocedal &
    /// Wright, *Numerical Optimization*, 2nd ed., algorithm 7.1). The other
    /// settings keep `HessianFree/Options`'s defaults.
    public struct HessianFreeOptions: Codable, Hashable, Sendable {
        /// The initial damping `lambda`, at least 0 (default 1).
        public var damping: Double
        /// Minimizer iterations per epoch of the history, positive; `nil`: 5
        /// (``Kind/defaultIterationsPerEpoch``: each iteration runs an inner
        /// CG of up to tens of gradients).
        public var iterationsPerEpoch: Int?
        /// Converged when `||g|| <= gradientTolerance * max(1, ||w||)`;
        /// `nil`: `StoppingCriteria`'s default for the precision, 1e-5 in
        /// Float, 1e-9 in Double.
        public var gradientTolerance: Double?
        /// Converged when an iteration lowers the loss by a relative amount
        /// no larger than this; `nil`: 1e-7 in Float, machine epsilon in
        /// Double; 0 turns the test off.
        public var relativeDecreaseTolerance: Double?

        /// Hessian-free's options; a setting left `nil` takes the default
        /// given with it.
        public init(
            damping: Double = 1, iterationsPerEpoch: Int? = nil, gradientTolerance: Double? = nil,
            relativeDecreaseTolerance: Double? = nil
        ) {
            require(damping >= 0, "hessianFree: damping \(damping) must not be negative")
            requirePositiveIterations(iterationsPerEpoch, of: .hessianFree)
            self.damping = damping
            self.iterationsPerEpoch = iterationsPerEpoch
            self.gradientTolerance = gradientTolerance
            self.relativeDecreaseTolerance = relativeDecreaseTolerance
        }
    }
}

extension OptimizerConfiguration.HessianFreeOptions: SecondOrderMethodOptions {}
