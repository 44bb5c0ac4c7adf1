import Optimizers
import Testing

/// A few updates on fixed gradients, compared with golden values that
/// scripts/optimizer-golden.py computed independently with numpy (float64)
/// and that GoldenValues.swift holds; see that script for the formulas.
@Suite("Update rules against numpy golden values")
struct GoldenTests {
    @Test func gradientDescent() {
        expectGoldenTrajectory(GradientDescent<Float>(learningRate: 0.1), Golden.gradientDescent)
        expectGoldenTrajectory(GradientDescent<Double>(learningRate: 0.1), Golden.gradientDescent)
    }

    @Test func momentum() {
        expectGoldenTrajectory(Momentum<Float>(learningRate: 0.1, momentum: 0.9), Golden.momentum)
        expectGoldenTrajectory(Momentum<Double>(learningRate: 0.1, momentum: 0.9), Golden.momentum)
    }

    @Test func nesterovMomentum() {
        expectGoldenTrajectory(
            NesterovMomentum<Float>(learningRate: 0.1, momentum: 0.9), Golden.nesterovMomentum)
        expectGoldenTrajectory(
            NesterovMomentum<Double>(learningRate: 0.1, momentum: 0.9), Golden.nesterovMomentum)
    }

    @Test func adaGrad() {
        expectGoldenTrajectory(
            AdaGrad<Float>(learningRate: 0.1, epsilon: 1e-10, initialAccumulator: 0.1),
            Golden.adaGrad)
        expectGoldenTrajectory(
            AdaGrad<Double>(learningRate: 0.1, epsilon: 1e-10, initialAccumulator: 0.1),
            Golden.adaGrad)
    }

    @Test func rmsProp() {
        expectGoldenTrajectory(
            RMSProp<Float>(learningRate: 0.01, rho: 0.9, epsilon: 1e-8), Golden.rmsProp)
        expectGoldenTrajectory(
            RMSProp<Double>(learningRate: 0.01, rho: 0.9, epsilon: 1e-8), Golden.rmsProp)
    }

    @Test func nesterovRMSProp() {
        expectGoldenTrajectory(
            NesterovRMSProp<Float>(learningRate: 0.01, rho: 0.9, momentum: 0.9, epsilon: 1e-8),
            Golden.nesterovRMSProp)
        expectGoldenTrajectory(
            NesterovRMSProp<Double>(learningRate: 0.01, rho: 0.9, momentum: 0.9, epsilon: 1e-8),
            Golden.nesterovRMSProp)
    }

    @Test func adadelta() {
        expectGoldenTrajectory(
            Adadelta<Float>(learningRate: 1, rho: 0.95, epsilon: 1e-6), Golden.adadelta)
        expectGoldenTrajectory(
            Adadelta<Double>(learningRate: 1, rho: 0.95, epsilon: 1e-6), Golden.adadelta)
    }

    @Test func adam() {
        expectGoldenTrajectory(
            Adam<Float>(learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8), Golden.adam)
        expectGoldenTrajectory(
            Adam<Double>(learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8), Golden.adam)
    }

    @Test func adamW() {
        expectGoldenTrajectory(
            AdamW<Float>(learningRate: 0.01, weightDecay: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8),
            Golden.adamW)
        expectGoldenTrajectory(
            AdamW<Double>(learningRate: 0.01, weightDecay: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8),
            Golden.adamW)
    }

    @Test func deltaBarDelta() {
        expectGoldenTrajectory(
            DeltaBarDelta<Float>(
                learningRate: 0.1, increment: 0.05, decrementFactor: 0.2, smoothing: 0.5),
            Golden.deltaBarDelta)
        expectGoldenTrajectory(
            DeltaBarDelta<Double>(
                learningRate: 0.1, increment: 0.05, decrementFactor: 0.2, smoothing: 0.5),
            Golden.deltaBarDelta)
    }
}
