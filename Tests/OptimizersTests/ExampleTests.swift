import Optimizers
import Tensor
import Testing

/// The usage example of the module's documentation, kept compiling and true.
@Suite("Example")
struct ExampleTests {
    @Test func adamWithOptionsOnAFloatVector() throws {
        // L(w) = sum_i (w_i - i)^2 / 2 on 4 parameters; minimum at (0, 1, 2, 3).
        var objective = ClosureObjective<Float>(parameterCount: 4) { w, g in
            var loss: Float = 0
            for i in 0..<4 {
                g[i] = w[i] - Float(i)
                loss += g[i] * g[i] / 2
            }
            return loss
        }
        var parameters: [Float] = [0, 0, 0, 0]
        var gradient: [Float] = [0, 0, 0, 0]
        var adam = Adam<Float>(
            learningRate: 0.1, schedule: .inverseDecay(rate: 0.001),
            clipping: .byNorm(threshold: 1))
        var averaging = PolyakAveraging<Float>(.geometric(decay: 0.9))
        for _ in 0..<500 {
            adam.step(&objective, parameters: &parameters, gradient: &gradient)
            averaging.accumulate(parameters)
        }
        var evaluation = parameters
        averaging.copyAverage(into: &evaluation)
        #expect(objective.value(at: evaluation) < 1e-4)

        // Checkpoint: named flat vectors and the step count.
        let state = adam.state
        #expect(state.stepCount == 500)
        #expect(state.vectors.keys.sorted() == ["firstMoment", "secondMoment"])
        var resumed = Adam<Float>(learningRate: 0.1, schedule: .inverseDecay(rate: 0.001))
        try resumed.restore(state)
        #expect(resumed.currentLearningRate == adam.currentLearningRate)
    }
}
