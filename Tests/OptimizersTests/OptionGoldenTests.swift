import Optimizers
import Tensor
import Testing

/// Schedules and clipping as optimizer options, against golden values from
/// scripts/optimizer-golden.py (numpy). Value clipping sends the BLAS rules
/// (gradient descent, the momentum methods) down their loop path; norm
/// clipping and no clipping keep them on BLAS level-1 calls, so both paths
/// are checked.
@Suite("Options against numpy golden values")
struct OptionGoldenTests {
    @Test func gradientDescentValueClippedWithExponentialDecay() {
        check(Float.self)
        check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            expectGoldenTrajectory(
                GradientDescent<Scalar>(
                    learningRate: 0.1, schedule: .exponentialDecay(rate: 0.1),
                    clipping: .byValue(minimum: -1, maximum: 1)),
                Golden.gradientDescentValueClippedExponential)
            expectGoldenTrajectory(
                GradientDescent<Scalar>(learningRate: 0.1, clipping: .byNorm(threshold: 1)),
                Golden.gradientDescentNormClipped)
        }
    }

    @Test func momentumClipped() {
        check(Float.self)
        check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            expectGoldenTrajectory(
                Momentum<Scalar>(
                    learningRate: 0.1, momentum: 0.9,
                    clipping: .byValue(minimum: -1, maximum: 0.5)),
                Golden.momentumValueClipped)
            expectGoldenTrajectory(
                Momentum<Scalar>(
                    learningRate: 0.1, momentum: 0.9, schedule: .inverseDecay(rate: 0.5),
                    clipping: .byNorm(threshold: 1)),
                Golden.momentumNormClippedInverse)
        }
    }

    @Test func nesterovMomentumWithSchedules() {
        check(Float.self)
        check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            expectGoldenTrajectory(
                NesterovMomentum<Scalar>(
                    learningRate: 0.1, momentum: 0.9, schedule: .inverseDecay(rate: 0.5),
                    clipping: .byValue(minimum: -1, maximum: 0.5)),
                Golden.nesterovMomentumValueClippedInverse)
            expectGoldenTrajectory(
                NesterovMomentum<Scalar>(
                    learningRate: 0.1, momentum: 0.9, schedule: .stepDecay(factor: 0.5, interval: 2)
                ),
                Golden.nesterovMomentumStep)
        }
    }

    @Test func adamNormClippedWithStepDecay() {
        check(Float.self)
        check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            expectGoldenTrajectory(
                Adam<Scalar>(
                    learningRate: 0.01, schedule: .stepDecay(factor: 0.5, interval: 2),
                    clipping: .byNorm(threshold: 1)),
                Golden.adamNormClippedStep)
        }
    }

    @Test func adamWWithInverseDecay() {
        check(Float.self)
        check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            expectGoldenTrajectory(
                AdamW<Scalar>(
                    learningRate: 0.01, weightDecay: 0.5, schedule: .inverseDecay(rate: 0.5)),
                Golden.adamWInverse)
        }
    }

    @Test func deltaBarDeltaValueClippedWithExponentialDecay() {
        check(Float.self)
        check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            expectGoldenTrajectory(
                DeltaBarDelta<Scalar>(
                    learningRate: 0.1, increment: 0.05, decrementFactor: 0.2, smoothing: 0.5,
                    schedule: .exponentialDecay(rate: 0.1),
                    clipping: .byValue(minimum: -1, maximum: 1)),
                Golden.deltaBarDeltaValueClippedExponential)
        }
    }
}
