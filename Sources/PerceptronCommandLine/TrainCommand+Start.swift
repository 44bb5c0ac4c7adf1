import Foundation
import Perceptron

// Where a run starts: the data, split and shared across processes, and the
// checkpoint, read from --resume or built from the options.

extension TrainCommand {
    /// The training, validation and test sets (this process's shares of
    /// them across `group`), standardized (a regression's targets too), and
    /// the checkpoint to train:
    /// read from `file`, or new. Every process reads the whole data, so
    /// that the standardization and the validation split are the same
    /// everywhere, and keeps only its shares: the whole sets are released
    /// on return.
    func prepare<Scalar: BLASScalar>(
        _: Scalar.Type, resuming file: SafeTensors?, group: (any Communicator)?
    ) throws -> (
        training: Dataset<Scalar>, validation: Dataset<Scalar>?, test: Dataset<Scalar>,
        checkpoint: TrainingCheckpoint<Scalar>, format: String?
    ) {
        let resumed = try file.map { try TrainingCheckpoint<Scalar>($0, source: resume!) }
        if let resumed, let problem = try monitorProblem(regression: resumed.isRegression) {
            throw CommandError(problem)
        }
        var (training, test, format) = try data.load(
            Scalar.self, classNames: resumed?.classNames,
            regression: resumed?.isRegression ?? regression)
        guard training.count > 0, test.count > 0 else {
            throw CommandError(
                "\(training.count) training and \(test.count) test samples: both sets need at least one"
                    + (data.source.isSynthetic ? " (raise --samples)" : ""))
        }
        var checkpoint: TrainingCheckpoint<Scalar>
        if let resumed {
            checkpoint = resumed
            checkpoint.dataOptions = data.record
            try checkResumable(resumed, path: resume!)
            try checkModel(checkpoint.trainer.model, accepts: training, path: resume!)
        } else {
            checkpoint = try newCheckpoint(training)
        }
        if let standardization = checkpoint.standardization {
            training.standardize(with: standardization)
            test.standardize(with: standardization)
        }
        if let targetStandardization = checkpoint.targetStandardization {
            training.standardizeTargets(with: targetStandardization)
            test.standardizeTargets(with: targetStandardization)
        }
        var splitGenerator = Xoshiro256StarStar(seed: data.seed &+ 0x5B17)
        let (trainingSet, validationSet) =
            validationFraction > 0
            ? training.split(
                validationFraction: validationFraction, stratified: true, using: &splitGenerator)
            : (training, nil)
        guard trainingSet.count > 0 else {
            throw CommandError(
                "holding out --validation-fraction \(validationFraction) of \(training.count) samples leaves none to train on"
            )
        }
        guard let group else { return (trainingSet, validationSet, test, checkpoint, format) }
        let seed = data.seed &+ 0x5A4E
        return (
            trainingSet.share(rank: group.rank, of: group.size, seed: seed),
            validationSet?.share(rank: group.rank, of: group.size, seed: seed),
            test.share(rank: group.rank, of: group.size, seed: seed), checkpoint, format
        )
    }

    func newCheckpoint<Scalar: BLASScalar>(_ training: Dataset<Scalar>) throws
        -> TrainingCheckpoint<Scalar>
    {
        let classes = training.classCount
        let lossFunction = try lossFunction()
        var layers: [Layer] = inputNoise > 0 ? [.gaussianNoise(standardDeviation: inputNoise)] : []
        for width in try hiddenWidths() {
            layers.append(.dense(outputs: width, activation: try hiddenActivation()))
            if dropoutRate > 0 { layers.append(.dropout(rate: dropoutRate)) }
        }
        // One output a target, or a class; one sigmoid output for two classes.
        let outputs =
            training.isRegression
            ? training.targetCount
            : lossFunction == .binaryCrossEntropy && classes == 2 ? 1 : classes
        layers.append(.dense(outputs: outputs))
        var generator = Xoshiro256StarStar(seed: data.seed)
        let model = Sequential<Scalar>(
            inputs: training.featureCount, layers: layers, loss: lossFunction,
            initializer: try weightInitializer(), regularization: Regularization(l1: l1, l2: l2),
            using: &generator)
        let trainer = Trainer(
            model: model, optimizer: try optimizerConfiguration(), batchSize: batchSize ?? 128,
            seed: generator.next(), averaging: try averagingKind(Scalar.self),
            earlyStopping: earlyStopping
                ? EarlyStopping(
                    metric: try monitoredMetric(), patience: patience ?? 5,
                    minimumImprovement: minimumDelta ?? 0)
                : nil)
        // A regression learns standardized targets; the checkpoint keeps
        // their statistics to report and predict in the original units.
        return TrainingCheckpoint(
            trainer: trainer,
            standardization: standardize ? Standardization(fittedTo: training) : nil,
            classNames: training.classNames,
            targetNames: training.isRegression ? training.targetNames : nil,
            targetStandardization: training.isRegression
                ? Standardization(fittedToTargetsOf: training) : nil,
            dataOptions: data.record)
    }
}
