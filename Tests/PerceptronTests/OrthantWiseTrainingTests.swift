import Foundation
import Perceptron
import Testing

/// L-BFGS on a model with an L1 penalty trains with OWL-QN: exact zeros in
/// the weights, the biases left unpenalized, and the reported loss the
/// model's penalized loss.
@Suite("L-BFGS with an L1 penalty")
struct OrthantWiseTrainingTests {
    @Test("the weights get exact zeros, the biases are not penalized, the loss includes the penalty")
    func exactZeros() throws {
        let (training, _) = SecondOrderTrainingTests.moons()
        var model = SecondOrderTrainingTests.model()
        model.regularization = Regularization(l1: 0.003)
        var trainer = Trainer(model: model, optimizer: .lbfgs(iterationsPerEpoch: 30), seed: 1)
        try trainer.fit(training: training, epochs: 3)

        let trained = trainer.model
        let weights = trained.denseLayers.compactMap { $0 }.flatMap { trained.parameters[$0.weightRange] }
        let biases = trained.denseLayers.compactMap { $0 }.flatMap { trained.parameters[$0.biasRange] }
        let zeros = weights.filter { $0 == 0 }.count
        #expect(zeros >= 10, "\(zeros) of \(weights.count) weights are exactly 0")
        #expect(biases.filter { $0 == 0 }.count <= 1, "\(biases)")

        // The history's loss is f + l1 sum |W| at the final weights.
        var objective = NetworkObjective(model: trained, dataset: training, threads: 1)
        let loss = objective.value(at: trained.parameters)
        let recorded = try #require(trainer.history.records.last).loss
        #expect(abs(recorded - loss) <= 1e-12 * loss, "\(recorded) vs \(loss)")

        // Without the penalty L-BFGS leaves no weight at exactly 0.
        var plain = Trainer(
            model: SecondOrderTrainingTests.model(), optimizer: .lbfgs(iterationsPerEpoch: 30), seed: 1)
        try plain.fit(training: training, epochs: 3)
        #expect(plain.model.parameters.filter { $0 == 0 }.isEmpty)
    }
}
