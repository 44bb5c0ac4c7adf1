import Optimizers
import Tensor
import Testing

@Suite("Objectives")
struct ObjectiveTests {
    @Test func closureObjectiveWithAndWithoutValueClosure() {
        var bowl = bowl(a: 1.0, b: 100)
        var gradient: [Double] = [0, 0]
        #expect(bowl.valueAndGradient(at: [1.0, 1.0], gradient: &gradient) == 50.5)
        #expect(gradient == [1, 100])
        #expect(bowl.value(at: [2.0, 0.0]) == 2)

        var valued = ClosureObjective<Float>(
            parameterCount: 1, value: { w in w[0] * w[0] },
            valueAndGradient: { w, g in
                g[0] = 2 * w[0]
                return w[0] * w[0]
            })
        #expect(valued.value(at: [3 as Float]) == 9)
    }

    /// `step` evaluates at the current parameters, then updates them, and
    /// returns the value before the update.
    @Test func stepReturnsTheValueBeforeTheUpdate() {
        var objective = bowl(a: 1.0, b: 100)
        var descent = GradientDescent<Double>(learningRate: 0.001)
        var parameters: [Double] = [1, 1]
        var gradient: [Double] = [0, 0]
        let value = descent.step(&objective, parameters: &parameters, gradient: &gradient)
        #expect(value == 50.5)
        #expect(parameters == [0.999, 0.9])
    }

    /// A mini-batch objective whose batch `b` pulls the parameters toward
    /// `b`; an epoch of gradient descent visits every batch.
    @Test func miniBatchObjective() {
        final class Log: @unchecked Sendable { var epochs: [Int] = [] }
        let log = Log()
        var objective = ClosureMiniBatchObjective<Double>(
            parameterCount: 1, batchesPerEpoch: 3, prepareEpoch: { log.epochs.append($0) },
            valueAndGradient: { batch, w, g in
                g[0] = w[0] - Double(batch)
                return g[0] * g[0] / 2
            })
        var descent = GradientDescent<Double>(learningRate: 0.5)
        var parameters: [Double] = [0]
        var gradient: [Double] = [0]
        for epoch in 0..<2 {
            objective.prepareEpoch(epoch)
            for batch in 0..<objective.batchesPerEpoch {
                descent.step(&objective, batch: batch, parameters: &parameters, gradient: &gradient)
            }
        }
        #expect(log.epochs == [0, 1])
        #expect(descent.stepCount == 6)
        // w <- (w + b) / 2 for b = 0, 1, 2, 0, 1, 2.
        #expect(parameters == [1.40625])
    }

    /// The rules take any buffer: here a matrix of parameters and an array
    /// slice as gradient.
    @Test func rulesWorkOnMatricesAndSlices() {
        var weights = Matrix<Float>(rows: 2, columns: 2, repeating: 1)
        let gradients: [Float] = [9, 1, 2, 3, 4]
        var adam = Adam<Float>(learningRate: 0.1)
        adam.update(&weights, along: gradients[1...])
        weights.withUnsafeScalars { w in
            for value in w { #expect(abs(value - 0.9) < 1e-6) }
        }
    }
}

@Suite("Rosenbrock test problems")
struct RosenbrockTests {
    @Test("values and gradients agree with scipy's rosen and rosen_der")
    func agreesWithScipy() {
        // scipy.optimize.rosen([-1.2, 1, -1.2, 1]) = 532.4 and
        // rosen_der(...) = [-215.6, 792, -655.6, -88] (scipy 1.17.1).
        var chained = Rosenbrock<Double>(.chained, dimension: 4)
        var gradient = [Double](repeating: 0, count: 4)
        let value = chained.valueAndGradient(at: chained.standardStart, gradient: &gradient)
        #expect(Swift.abs(value - 532.4) < 1e-10)
        #expect(gradient.maximumAbsoluteDifference([-215.6, 792, -655.6, -88]) < 1e-10)
        #expect(chained.value(at: [1.0, 1, 1, 1]) == 0)
        #expect(chained.evaluations == 2)
    }

    @Test("the extended form is a sum of independent pairs")
    func extendedPairs() {
        var extended = Rosenbrock<Double>(.extended, dimension: 4)
        var pair = Rosenbrock<Double>(.chained, dimension: 2)
        #expect(extended.value(at: extended.standardStart) == 2 * pair.value(at: [-1.2, 1]))  // 2 x 24.2
    }
}
