import Optimizers
import Tensor
import Testing

/// The ill-conditioned bowl `L(x, y) = (x^2 + 100 y^2) / 2` (Goodfellow et
/// al. 2016, section 4.3.1; Nocedal and Wright 2006, section 3.3) from
/// `(1, 1)`: gradient descent zig-zags across the steep `y` direction and
/// crawls along the flat `x` direction; momentum and Adam reach the minimum
/// in far fewer steps. Counts are steps until `||w||_2 < 1e-6` (with the
/// loss then below `1e-10`); numpy gives, for Double: gradient descent at its
/// best fixed rate `2 / (a + b)` 709, momentum (0.01, 0.9) 264, Nesterov
/// momentum (0.01, 0.9) 207, Adam (0.1) 189.
@Suite("Ill-conditioned bowl")
struct BowlTests {
    static let accuracy = 1e-6
    static let budget = 5_000

    /// The number of updates after which `||w||_2 < accuracy`, or nil.
    func stepsToMinimum<O: FirstOrderOptimizer>(_ optimizer: O) -> Int? {
        var optimizer = optimizer
        var objective = bowl(a: O.Scalar(1), b: 100)
        var parameters: [O.Scalar] = [1, 1]
        var gradient: [O.Scalar] = [0, 0]
        for step in 1...Self.budget {
            optimizer.step(&objective, parameters: &parameters, gradient: &gradient)
            if Double(BLAS.nrm2(parameters)) < Self.accuracy {
                #expect(Double(objective.value(at: parameters)) < 1e-10)
                return step
            }
        }
        return nil
    }

    @Test("momentum, Nesterov and Adam beat gradient descent", arguments: [false, true])
    func ordering(single: Bool) throws {
        if single { try check(Float.self) } else { try check(Double.self) }

        func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
            // Gradient descent at the rate that is best for it on this bowl.
            let descent = try #require(
                stepsToMinimum(GradientDescent<Scalar>(learningRate: 2 / Scalar(101))))
            let momentum = try #require(
                stepsToMinimum(Momentum<Scalar>(learningRate: 0.01, momentum: 0.9)))
            let nesterov = try #require(
                stepsToMinimum(NesterovMomentum<Scalar>(learningRate: 0.01, momentum: 0.9)))
            let adam = try #require(stepsToMinimum(Adam<Scalar>(learningRate: 0.1)))
            let slowDescent = try #require(
                stepsToMinimum(GradientDescent<Scalar>(learningRate: 0.01)))

            #expect((650...750).contains(descent), "gradient descent: \(descent) steps")
            #expect(slowDescent > descent)
            #expect(momentum * 2 < descent, "momentum \(momentum) vs descent \(descent)")
            #expect(nesterov * 2 < descent, "Nesterov \(nesterov) vs descent \(descent)")
            #expect(adam * 3 < descent, "Adam \(adam) vs descent \(descent)")
            #expect(nesterov < momentum)
        }
    }

    /// Every rule makes progress on the bowl with settings suited to it.
    /// RMSProp at a constant rate ends up hopping around the minimum at the
    /// scale of its rate (its steps have roughly unit size per component);
    /// an exponentially decaying rate lets it settle.
    @Test func everyRuleDescends() {
        func finalLoss<O: FirstOrderOptimizer>(_ optimizer: O, steps: Int = 500) -> Double {
            var optimizer = optimizer
            var objective = bowl(a: O.Scalar(1), b: 100)
            var parameters: [O.Scalar] = [1, 1]
            var gradient: [O.Scalar] = [0, 0]
            for _ in 0..<steps {
                optimizer.step(&objective, parameters: &parameters, gradient: &gradient)
            }
            return Double(objective.value(at: parameters))
        }
        // L(1, 1) = 50.5.
        #expect(finalLoss(AdaGrad<Double>(learningRate: 0.5)) < 1e-12)
        let constant = finalLoss(RMSProp<Double>(learningRate: 0.02))
        let decayed = finalLoss(
            RMSProp<Double>(learningRate: 0.02, schedule: .exponentialDecay(rate: 0.01)))
        #expect(constant < 1e-2)
        #expect(decayed < 1e-6)
        #expect(
            finalLoss(
                NesterovRMSProp<Double>(learningRate: 0.01, schedule: .exponentialDecay(rate: 0.01))
            )
                < 1e-6)
        #expect(finalLoss(Adadelta<Double>(), steps: 5_000) < 0.1)
        #expect(finalLoss(DeltaBarDelta<Double>()) < 1e-12)
    }
}
