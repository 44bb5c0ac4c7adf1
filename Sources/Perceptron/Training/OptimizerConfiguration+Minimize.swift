import Optimizers
import Tensor

extension OptimizerConfiguration {
    /// Runs the configured second-order method on `objective` from `start`
    /// for at most `iterations` iterations, with the configuration's
    /// settings and no evaluation limit; `callback` sees every iteration.
    /// With `l1`, L-BFGS runs as OWL-QN on `objective` plus
    /// `l1.strength sum |x_i|` over `l1.ranges` (``Optimizers/OWLQN``).
    func minimize<Scalar: BLASScalar>(
        _ objective: inout NetworkObjective<Scalar>, from start: [Scalar], iterations: Int,
        l1: (strength: Scalar, ranges: [Range<Int>])? = nil,
        callback: (IterationReport<Scalar>) -> IterationControl
    ) -> MinimizationResult<Scalar> {
        // The epochs limit training; `Int.max / 4` leaves room for the
        // minimizers' own additions to the count.
        let stopping = StoppingCriteria<Scalar>(
            gradientTolerance: gradientTolerance.map { Scalar($0) },
            relativeDecreaseTolerance: relativeDecreaseTolerance.map { Scalar($0) },
            maximumIterations: iterations, maximumEvaluations: Int.max / 4)
        // The minimizers take an optional (so escaping) callback, but call
        // it only while they run.
        return withoutActuallyEscaping(callback) { callback in
            switch kind {
            case .bfgs:
                return BFGS(options: .init(stopping: stopping)).minimize(
                    &objective, from: start, callback: callback)
            case .lbfgs where l1 != nil:
                let options = OWLQN<Scalar>.Options(
                    l1: l1!.strength, penalized: l1!.ranges, stopping: stopping,
                    historySize: historySize ?? 10)
                return OWLQN(options: options).minimize(
                    &objective, from: start, callback: callback)
            case .lbfgs:
                return LBFGS(options: .init(stopping: stopping, historySize: historySize ?? 10))
                    .minimize(&objective, from: start, callback: callback)
            case .cg:
                return NonlinearConjugateGradient(
                    options: .init(
                        stopping: stopping,
                        formula: conjugateGradientFormula ?? .polakRibierePlus)
                ).minimize(&objective, from: start, callback: callback)
            case .hessianFree:
                return HessianFree(
                    options: .init(stopping: stopping, initialDamping: Scalar(damping ?? 1))
                ).minimize(&objective, from: start, callback: callback)
            case .newton:
                return Newton<Scalar>(options: .init(stopping: stopping))
                    .minimize(&objective, from: start, callback: callback)
            default:
                fatalError("OptimizerConfiguration: \(kind.rawValue) is not a minimizer")
            }
        }
    }
}
