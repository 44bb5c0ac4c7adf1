import ArgumentParser
import Foundation
import Perceptron

/// `perceptron-train predict`: the predicted class and its probability for
/// chosen samples of a data set, or for the rows of a CSV file of inputs;
/// for a regression, the predicted values in the targets' original units.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Predict the class (or a regression's values) of given samples.",
        discussion: """
            The samples are test samples chosen by --indices, from the data set the data \
            options name (by default the one recorded in the checkpoint by its training run), \
            or the rows of an --inputs file. A regression model prints each target's predicted \
            value in the targets' own units (and the actual value of a test sample).
            """)

    @OptionGroup var data: DataOptions
    @Option(help: "The checkpoint (safetensors).") var model: String
    @Option(help: "Indices of test samples, comma-separated (default: 0); not with --inputs.")
    var indices: String?
    @Option(
        help: """
            A CSV file of inputs, one sample per row, features only (no labels), in the units of             the training data: the training set's standardization is applied to them.             --header/--no-header and --delimiter apply to it.
            """)
    var inputs: String?

    @Option(help: "Show the K most probable classes of each sample, at least 1.")
    var top = 1
    @Flag(
        name: .customLong("probabilities"),
        help: "Show every class's probability, in class order.")
    var allProbabilities = false
    @Option(help: "Output format: text or csv.")
    var format: PredictionReport.Format = .text

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        if indices != nil && inputs != nil {
            throw ValidationError("--indices chooses test samples and --inputs gives samples: use one")
        }
        if let indices, indices.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--indices is empty; expected test sample indices such as 0,1,2")
        }
    }

    mutating func run() throws {
        // Under mpirun, one process answers.
        guard PerceptronTrain.reports else { return }
        let file = try SafeTensors(contentsOf: URL(fileURLWithPath: model))
        // The data the model was trained on, unless the options say otherwise.
        data = try data.filled(from: TrainingCheckpoint<Float>.dataOptions(of: file))
        switch TrainingCheckpoint<Float>.scalarType(of: file) {
        case "Double": try predict(ModelCheckpoint<Double>(file, source: model))
        default: try predict(ModelCheckpoint<Float>(file, source: model))
        }
    }

    func predict<Scalar: BLASScalar>(_ checkpoint: ModelCheckpoint<Scalar>) throws {
        if checkpoint.isRegression {
            if top != 1 || allProbabilities {
                throw CommandError(
                    "\(top != 1 ? "--top" : "--probabilities") is about classes, but \(model) is a regression: predict prints its values"
                )
            }
        }
        let names = checkpoint.classNames
        var samples: Matrix<Scalar>
        var labels: [Int?]
        // A regression's actual targets, original units, one row a sample.
        var targets: [[Double]?]
        if let inputs {
            samples = try readInputs(inputs, as: Scalar.self)
            labels = Array(repeating: nil, count: samples.rows)
            targets = labels.map { _ in nil }
        } else {
            let test = try data.load(
                Scalar.self, classNames: names, regression: checkpoint.isRegression
            ).test
            try checkModel(checkpoint.model, accepts: test, path: model)
            let chosen = try (indices ?? "0").split(separator: ",", omittingEmptySubsequences: false).map { text -> Int in
                guard let index = Int(text.trimmingCharacters(in: .whitespaces)),
                    (0..<test.count).contains(index)
                else {
                    throw ValidationError(
                        "--indices: '\(text)' is not a sample index in 0..<\(test.count)")
                }
                return index
            }
            // A view of the chosen rows: only they are converted (features
            // of the whole set would decode every image).
            let chosenSamples = test.subset(chosen)
            samples = chosenSamples.features
            labels = chosenSamples.labels
            let values = chosenSamples.targetValues  // as read: original units
            targets = (0..<chosen.count).map { i in
                chosenSamples.isRegression
                    ? (0..<values.columns).map { Double(values[i, $0]) } : nil
            }
        }
        guard samples.columns == checkpoint.model.inputs else {
            throw CommandError(
                "\(inputs ?? model): \(samples.columns) features per sample but the model takes \(checkpoint.model.inputs)"
            )
        }
        if checkpoint.isRegression {
            let predicted = checkpoint.predictTargets(samples)
            print(
                RegressionPredictionReport(
                    predictions: (0..<predicted.rows).map { i in
                        (0..<predicted.columns).map { Double(predicted[i, $0]) }
                    },
                    targets: targets, targetNames: checkpoint.targetNames
                ).render(as: format))
            return
        }
        checkpoint.standardization?.apply(to: &samples)
        let output = checkpoint.model.predictProbabilities(samples)
        // One probability per class, also for a single sigmoid output.
        let probabilities: [[Double]] = (0..<samples.rows).map { row in
            output.columns == 1
                ? [1 - Double(output[row, 0]), Double(output[row, 0])]
                : (0..<output.columns).map { Double(output[row, $0]) }
        }
        print(
            PredictionReport(
                probabilities: probabilities, labels: labels, classNames: names, top: top,
                allProbabilities: allProbabilities
            ).render(as: format))
    }

    /// Rows of numbers, every row as long as the first.
    func readInputs<Scalar: BLASScalar>(_ path: String, as _: Scalar.Type) throws -> Matrix<Scalar>
    {
        let contents =
            path == "-"
            ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            : try? String(contentsOfFile: path, encoding: .utf8)
        guard let text = contents else { throw CommandError("\(path): cannot read the file") }
        let lines = text.split(whereSeparator: \.isNewline)
        let separator =
            try data.separator()
            ?? CSVReader.mostFrequentSeparator(in: lines.first.map { Array($0.utf8)[...] } ?? [])
        let hasHeader =
            data.header
            ?? !(lines.first?.split(separator: separator).allSatisfy {
                Double($0.trimmingCharacters(in: .whitespaces)) != nil
            } ?? true)
        var rows: [[Scalar]] = []
        for (number, line) in lines.enumerated() where !(hasHeader && number == 0) {
            let row = try line.split(separator: separator).enumerated().map { column, field -> Scalar in
                guard let value = Double(field.trimmingCharacters(in: .whitespaces)), value.isFinite
                else {
                    throw CommandError(
                        "\(path): line \(number + 1), column \(column + 1): '\(field)' is not a finite number"
                    )
                }
                return Scalar(value)
            }
            guard rows.isEmpty || row.count == rows[0].count else {
                throw CommandError(
                    "\(path): line \(number + 1) has \(row.count) fields, the first row has \(rows[0].count)"
                )
            }
            rows.append(row)
        }
        guard !rows.isEmpty else { throw CommandError("\(path): no samples") }
        return Matrix(rows)
    }
}
