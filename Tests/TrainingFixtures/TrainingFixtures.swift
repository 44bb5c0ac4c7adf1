import Perceptron

/// The problems that the data-parallel specifications share: the thread
/// members of `Tests/PerceptronTests` and the MPI ranks of
/// `Tests/MPIChecks` train the same models on the same data, so that a
/// property checked on threads is checked on processes as written.
public enum TrainingFixtures {
    /// `inputs`, `hidden` tanh units, 3 classes, softmax cross-entropy and
    /// an L2 penalty of 1e-3, drawn from seed 3. With `random` the hidden
    /// layer has Gaussian input noise (0.1) before it and dropout (0.3)
    /// after it, every layer kind that draws random numbers, so that a
    /// combination of shards or members has something to get wrong;
    /// without, the loss is deterministic, as second-order methods need.
    public static func model(inputs: Int = 5, hidden: Int = 16, random: Bool = true)
        -> Sequential<Double>
    {
        var generator = Xoshiro256StarStar(seed: 3)
        let hiddenLayers: [Layer] =
            random
            ? [
                .gaussianNoise(standardDeviation: 0.1), .dense(outputs: hidden, activation: .tanh),
                .dropout(rate: 0.3),
            ] : [.dense(outputs: hidden, activation: .tanh)]
        return Sequential<Double>(
            inputs: inputs, layers: hiddenLayers + [.dense(outputs: 3)],
            loss: .softmaxCrossEntropy, regularization: Regularization(l1: 0, l2: 1e-3),
            using: &generator)
    }

    /// `count` samples of standard normal features and 3 classes (sample
    /// `i` has class `7i mod 3`), drawn from `seed`. The default 203 is odd,
    /// so that shares are uneven.
    public static func data(count: Int = 203, features: Int = 5, seed: UInt64 = 4) throws
        -> Dataset<Double>
    {
        var generator = Xoshiro256StarStar(seed: seed)
        return try Dataset(
            features: Matrix(randomNormalRows: count, columns: features, using: &generator),
            labels: (0..<count).map { ($0 * 7) % 3 }, classCount: 3)
    }

    /// The random model with Adam, batches of 32, seed 8 and an
    /// exponential average (decay 0.9), on one thread: every piece of a
    /// step that could differ between members.
    public static func adamTrainer() -> Trainer<Double> {
        var trainer = Trainer(
            model: model(), optimizer: OptimizerConfiguration(.adam), batchSize: 32, seed: 8,
            averaging: .exponential(decay: 0.9))
        trainer.threadBudget = 1
        return trainer
    }

    /// `model` with plain gradient descent (learning rate 0.5) in batches
    /// of 64, seed 8, on one thread: on 64 samples one epoch is one
    /// full-batch gradient step.
    public static func fullBatchSGDTrainer(_ model: Sequential<Double>) -> Trainer<Double> {
        var trainer = Trainer(
            model: model, optimizer: .sgd(learningRate: 0.5),
            batchSize: 64, seed: 8)
        trainer.threadBudget = 1
        return trainer
    }

    /// `model` with full-batch L-BFGS (10 pairs, 25 iterations an epoch),
    /// seed 2, on one thread.
    public static func lbfgsTrainer(_ model: Sequential<Double>) -> Trainer<Double> {
        var trainer = Trainer(
            model: model, optimizer: .lbfgs(historySize: 10, iterationsPerEpoch: 25), seed: 2)
        trainer.threadBudget = 1
        return trainer
    }
}
