import Optimizers
import Tensor

extension OptimizerConfiguration {
    /// The tolerances of a second-order method, with no limit on iterations
    /// or evaluations: the epochs limit training, and the trainer steps the
    /// method itself. `Int.max / 4` leaves room for the minimizers' own
    /// additions to the counts.
    func stoppingCriteria<Scalar: BLASScalar>(for _: Scalar.Type) -> StoppingCriteria<Scalar> {
        let options = method.secondOrderOptions
        return StoppingCriteria(
            gradientTolerance: options?.gradientTolerance.map { Scalar($0) },
            relativeDecreaseTolerance: options?.relativeDecreaseTolerance.map { Scalar($0) },
            maximumIterations: Int.max / 4, maximumEvaluations: Int.max / 4)
    }
}
