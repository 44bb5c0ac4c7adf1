import Optimizers

extension OptimizerConfiguration {
    /// The options of nonlinear conjugate gradient
    /// (`NonlinearConjugateGradient`): `d+ = -g+ + beta d`, with `beta` by
    /// ``formula``, and a strong Wolfe line search (Nocedal & Wright,
    /// *Numerical Optimization*, 2nd ed., algorithm 5.4 and section 5.2;
    /// Fletcher & Reeves 1964, Polak & Ribiere 1969, Hestenes & Stiefel
    /// 1952). The restarts and the line search's constants keep
    /// `NonlinearConjugateGradient/Options`'s defaults.
    public struct ConjugateGradientOptions: Codable, Hashable, Sendable {
        /// The formula for `beta` (default
        /// `ConjugateGradientFormula/polakRibierePlus`).
        public var formula: ConjugateGradientFormula
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

        /// Nonlinear CG's options; a setting left `nil` takes the default
        /// given with it.
        public init(
            formula: ConjugateGradientFormula = .polakRibierePlus, iterationsPerEpoch: Int? = nil,
            gradientTolerance: Double? = nil, relativeDecreaseTolerance: Double? = nil
        ) {
            requirePositiveIterations(iterationsPerEpoch, of: .cg)
            self.formula = formula
            self.iterationsPerEpoch = iterationsPerEpoch
            self.gradientTolerance = gradientTolerance
            self.relativeDecreaseTolerance = relativeDecreaseTolerance
        }
    }
}

extension OptimizerConfiguration.ConjugateGradientOptions: SecondOrderMethodOptions {}
