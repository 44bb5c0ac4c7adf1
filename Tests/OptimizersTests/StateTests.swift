import Foundation
import Optimizers
import Tensor
import Testing

/// Save and restore: N updates, a snapshot through JSON, a fresh optimizer
/// restored from it and M more updates give, bit for bit, the parameters and
/// the state of N + M uninterrupted updates.
@Suite("Optimizer state")
struct StateTests {
    /// A quadratic with different curvatures and a coupling term, so that
    /// the gradient depends on the parameters along the run.
    func objective<Scalar: BLASScalar>(_: Scalar.Type) -> ClosureObjective<Scalar> {
        ClosureObjective(parameterCount: 6) { w, g in
            var value: Scalar = 0
            for i in 0..<6 {
                let c = Scalar(i + 1)
                let d = w[i] - Scalar(i) / 4
                g[i] = c * d + w[(i + 1) % 6] / 2
                value += c * d * d / 2
            }
            return value
        }
    }

    func checkResume<O: FirstOrderOptimizer>(
        _ make: () -> O, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let n = 3
        let m = 5
        var objective = objective(O.Scalar.self)
        let start: [O.Scalar] = [1, -1, 0.5, 2, -0.25, 0]
        var gradient = [O.Scalar](repeating: 0, count: 6)

        var whole = make()
        var wholeParameters = start
        for _ in 0..<(n + m) {
            whole.step(&objective, parameters: &wholeParameters, gradient: &gradient)
        }

        var first = make()
        var parameters = start
        for _ in 0..<n { first.step(&objective, parameters: &parameters, gradient: &gradient) }
        let saved = try JSONEncoder().encode(first.state)
        let snapshot = try JSONDecoder().decode(OptimizerState<O.Scalar>.self, from: saved)
        #expect(snapshot == first.state, sourceLocation: sourceLocation)

        var resumed = make()
        try resumed.restore(snapshot)
        #expect(resumed.stepCount == n, sourceLocation: sourceLocation)
        for _ in 0..<m { resumed.step(&objective, parameters: &parameters, gradient: &gradient) }

        #expect(parameters == wholeParameters, "\(O.self)", sourceLocation: sourceLocation)
        #expect(resumed.state == whole.state, "\(O.self)", sourceLocation: sourceLocation)
    }

    @Test("resumes bit for bit", arguments: [false, true])
    func resumesBitForBit(single: Bool) throws {
        if single { try check(Float.self) } else { try check(Double.self) }

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            try checkResume { GradientDescent<Scalar>(schedule: .inverseDecay(rate: 0.1)) }
            try checkResume { Momentum<Scalar>(clipping: .byValue(minimum: -1, maximum: 1)) }
            try checkResume { NesterovMomentum<Scalar>(schedule: .exponentialDecay(rate: 0.05)) }
            try checkResume { AdaGrad<Scalar>(learningRate: 0.1) }
            try checkResume { RMSProp<Scalar>(clipping: .byNorm(threshold: 1)) }
            try checkResume { NesterovRMSProp<Scalar>() }
            try checkResume { Adadelta<Scalar>() }
            try checkResume {
                Adam<Scalar>(learningRate: 0.05, schedule: .stepDecay(factor: 0.5, interval: 2))
            }
            try checkResume { DeltaBarDelta<Scalar>(learningRate: 0.05, increment: 0.01) }
        }
    }

    @Test func stateIsInspectable() {
        var adam = Adam<Double>(learningRate: 0.1)
        #expect(adam.firstMoment.isEmpty && adam.state.vectors["firstMoment"] == [])
        var parameters: [Double] = [1, 2]
        adam.update(&parameters, along: [0.5, -1])
        #expect(adam.stepCount == 1)
        // m = (1 - beta1) g, v = (1 - beta2) g^2.
        expectClose(adam.firstMoment, [0.05, -0.1], tolerance: 1e-15)
        expectClose(adam.secondMoment, [0.00025, 0.001], tolerance: 1e-15)
        #expect(adam.state.vectors.keys.sorted() == ["firstMoment", "secondMoment"])
    }

    @Test func mismatchedSnapshotsAreRejected() throws {
        var adam = Adam<Double>()
        var parameters: [Double] = [1, 2]
        adam.update(&parameters, along: [0.5, -1])
        var fresh = Adam<Double>()

        let momentum = Momentum<Double>().state
        #expect(throws: OptimizerStateError.wrongOptimizer(expected: "Adam", found: "Momentum")) {
            try fresh.restore(momentum)
        }

        var missing = adam.state
        missing.vectors["secondMoment"] = nil
        let error = #expect(throws: OptimizerStateError.self) { try fresh.restore(missing) }
        #expect(
            error?.description
                == "optimizer state: Adam keeps the vectors [\"firstMoment\", \"secondMoment\"], the snapshot holds [\"firstMoment\"]"
        )

        var short = adam.state
        short.vectors["secondMoment"] = [1]
        let countError = #expect(throws: OptimizerStateError.self) { try fresh.restore(short) }
        #expect(
            countError?.description
                == "optimizer state: Adam's vector secondMoment has 1 elements but firstMoment has 2"
        )

        var negative = adam.state
        negative.stepCount = -1
        #expect(throws: OptimizerStateError.negativeStepCount(-1)) { try fresh.restore(negative) }

        // Nothing was changed by the failed attempts.
        #expect(fresh.state == Adam<Double>().state)
    }

    @Test func mismatchedGradientStops() async {
        await #expect(processExitsWith: .failure) {
            var parameters: [Double] = [1, 2]
            var descent = GradientDescent<Double>()
            descent.update(&parameters, along: [1.0])
        }
    }

    @Test func badHyperparametersStop() async {
        await #expect(processExitsWith: .failure) { _ = Adam<Float>(beta1: 1) }
        await #expect(processExitsWith: .failure) { _ = Momentum<Double>(learningRate: -0.1) }
    }
}
