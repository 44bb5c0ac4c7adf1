import Foundation
import Perceptron
import Testing

/// Regression in `perceptron-train` (issue 13, item 2): real-valued CSV
/// targets with `--loss mse` or `l1`, standardized for training and
/// reported, evaluated and predicted in their own units; several targets,
/// sample weights, resuming, a single sigmoid output for two classes, and
/// the combinations refused in one line.
extension CommandLineTests {
    /// Writes `rows` samples of `x1, x2` uniform in [-1, 1] (drawn from
    /// `seed`) and the columns `columns` computes from them, under
    /// `header`, to a new CSV file.
    static func regressionCSV(
        _ name: String, rows: Int = 500, seed: UInt64 = 7, header: String = "x1,x2,y",
        columns: (Double, Double, Int) -> [Double] = { a, b, _ in [a * a + 0.5 * b] }
    ) throws -> URL {
        var generator = Xoshiro256StarStar(seed: seed)
        var lines = [header]
        for row in 0..<rows {
            let a = Double.random(in: -1...1, using: &generator)
            let b = Double.random(in: -1...1, using: &generator)
            lines.append(
                ([a, b] + columns(a, b, row)).map { String(format: "%.6f", $0) }.joined(
                    separator: ","))
        }
        let url = temporaryFile(name)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }

    /// The number after `name` in `output` (e.g. `test R² 0.9812`).
    static func number(after name: String, in output: String) -> Double? {
        guard let range = output.range(of: name + " ") else { return nil }
        let rest = output[range.upperBound...].prefix { !$0.isWhitespace && $0 != "," && $0 != ";" }
        return Double(rest)
    }

    /// A fixed seed and one thread: the issue's command is otherwise run as
    /// written (with --loss mse, L-BFGS on the full batch by default).
    static let quickRegression = ["--seed", "1", "--threads", "1"]

    @Test(
        "the issue's command learns y = x1² + 0.5 x2: R² ≥ 0.95, predictions in the data's units, evaluate agrees"
    )
    func issueCommand() throws {
        let csv = try Self.regressionCSV("reg.csv")
        let model = Self.temporaryFile("reg.safetensors")
        let inputs = Self.temporaryFile("inputs.csv")
        defer {
            for url in [csv, model, inputs] { try? FileManager.default.removeItem(at: url) }
        }
        let trained = try Self.run(
            [
                "train", "--dataset", "csv", "--csv", csv.path, "--label-column", "y", "--loss",
                "mse", "--layers", "16",
            ] + Self.quickRegression + ["--output", model.path])
        #expect(trained.status == 0, "stderr: \(trained.error)")
        let output = trained.output
        // MSE, MAE and R², not an accuracy or a 500-class confusion matrix.
        #expect(output.contains("dense 1 identity") && output.contains("val_r2"), "\(output)")
        #expect(!output.contains("acc") && !output.contains("actual \\ predicted"), "\(output)")
        let testLine = try #require(Self.line(output, startingWith: "test loss"))
        let rSquared = try #require(Self.number(after: "test R²", in: testLine), "\(testLine)")
        #expect(rSquared >= 0.95, "\(testLine)")
        #expect(testLine.contains("test MSE") && testLine.contains("test MAE"))
        #expect(output.contains("\ny  "), "the per-target table: \(output)")

        // Test samples: each prediction near its target, in the data's units.
        let predicted = try Self.run(["predict", "--model", model.path, "--indices", "0,1,2,3,4"])
        #expect(predicted.status == 0, "stderr: \(predicted.error)")
        let lines = predicted.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        for line in lines {
            #expect(
                line.wholeMatch(of: /Target: y -?[\d.e+-]+; Predicted: y -?[\d.e+-]+/) != nil,
                "\(line)")
            let target = try #require(Self.number(after: "Target: y", in: line))
            let prediction = try #require(Self.number(after: "Predicted: y", in: line))
            #expect(abs(prediction - target) < 0.25, "\(line)")
        }
        // New inputs: the formula, roughly (the test MSE is about 0.003).
        let points: [(Double, Double)] = [
            (0, 0), (0.8, 0.5), (-0.7, -0.9), (0.5, -0.3), (-0.2, 0.6),
        ]
        try Data(("x1,x2\n" + points.map { "\($0.0),\($0.1)" }.joined(separator: "\n")).utf8)
            .write(to: inputs)
        let fresh = try Self.run(["predict", "--model", model.path, "--inputs", inputs.path])
        #expect(fresh.status == 0, "stderr: \(fresh.error)")
        let values = fresh.output.split(separator: "\n").map {
            Self.number(after: "Predicted: y", in: String($0))
        }
        #expect(values.count == points.count)
        for ((a, b), value) in zip(points, values) {
            let value = try #require(value, "\(fresh.output)")
            #expect(abs(value - (a * a + 0.5 * b)) < 0.2, "(\(a), \(b)): \(value)")
        }

        // The same test part and weights: the same figures.
        let evaluated = try Self.run(["evaluate", "--model", model.path])
        #expect(evaluated.status == 0, "stderr: \(evaluated.error)")
        #expect(
            evaluated.output.contains("evaluating on the test part of csv \(csv.path) (seed 1)"))
        let reported = testLine.replacingOccurrences(of: "test ", with: "")
        #expect(
            evaluated.output.contains("100 samples: \(reported)"),
            "\(reported) / \(evaluated.output)")
        #expect(Self.number(after: "R²", in: evaluated.output) == rSquared)
    }

    @Test(
        "--target-columns: one output per column, each reported by name; history, plot and metrics files"
    )
    func multipleTargets() throws {
        // b in units near 1000, a near 0: one network, both in their units.
        let csv = try Self.regressionCSV("two.csv", rows: 400, header: "x1,x2,a,b") { a, b, _ in
            [a * a + 0.5 * b, 1000 + 100 * (a - b)]
        }
        let model = Self.temporaryFile("two.safetensors")
        let history = Self.temporaryFile("two-history.csv")
        let plot = Self.temporaryFile("two.svg")
        let metrics = Self.temporaryFile("two.json")
        defer {
            for url in [csv, model, history, plot, metrics] {
                try? FileManager.default.removeItem(at: url)
            }
        }
        let trained = try Self.run(
            ["train", "--csv", csv.path, "--target-columns", "a,b", "--layers", "16"]
                + Self.quickRegression + [
                    "--output", model.path, "--history", history.path, "--plot", plot.path,
                    "--metrics", metrics.path,
                ])
        #expect(trained.status == 0, "stderr: \(trained.error)")
        #expect(
            trained.output.contains("loss mse"), "--target-columns implies mse: \(trained.output)")
        for name in ["a", "b", "average"] {
            #expect(trained.output.contains("\n\(name) "), "\(name): \(trained.output)")
        }
        let checkpoint = try TrainingCheckpoint<Float>(contentsOf: model)
        #expect(checkpoint.trainer.model.outputWidth == 2 && checkpoint.trainer.model.inputs == 2)
        #expect(checkpoint.targetNames == ["a", "b"])
        let scale = try #require(checkpoint.targetStandardization)
        #expect(abs(scale.means[1] - 1000) < 20 && scale.standardDeviations[1] > 50)
        #expect(checkpoint.dataOptions?["target-columns"] == "a,b")

        let predicted = try Self.run(["predict", "--model", model.path, "--indices", "0,1"])
        #expect(predicted.status == 0, "stderr: \(predicted.error)")
        for line in predicted.output.split(separator: "\n").map(String.init) {
            // Target: a 0.25, b 980.5; Predicted: a 0.27, b 981.6
            let parts = line.components(separatedBy: "; Predicted: ")
            #expect(parts.count == 2 && parts[0].hasPrefix("Target: a "), "\(line)")
            let target = try #require(Self.number(after: "b", in: parts[0]), "\(line)")
            let prediction = try #require(Self.number(after: "b", in: parts.last!), "\(line)")
            #expect(target > 700 && abs(prediction - target) < 40, "\(line)")
        }
        let csvReport = try Self.run([
            "predict", "--model", model.path, "--indices", "0", "--format", "csv",
        ])
        #expect(
            csvReport.output.hasPrefix("sample,a,b,predicted_a,predicted_b\n0,"),
            "\(csvReport.output)")
        let evaluated = try Self.run(["evaluate", "--model", model.path])
        let testLine = try #require(Self.line(trained.output, startingWith: "test loss"))
        #expect(evaluated.output.contains(testLine.replacingOccurrences(of: "test ", with: "")))

        let lines = try String(contentsOf: history, encoding: .utf8).split(separator: "\n")
        // The regression header, then L-BFGS's columns; a row per epoch (20).
        #expect(lines.first?.hasPrefix(TrainingHistory.regressionCSVHeader + ",") == true)
        #expect(lines.count == 21)
        #expect(try TrainingHistory(contentsOf: history).records.last?.validationRSquared != nil)
        let svg = try String(contentsOf: plot, encoding: .utf8)
        #expect(svg.contains("data-series=\"validation-r2\"") && !svg.contains("accuracy"))
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: metrics)) as? [String: Any]
        let targets = try #require(json?["targets"] as? [[String: Any]])
        #expect(targets.compactMap { $0["name"] as? String } == ["a", "b"])
        let rSquared = try #require(json?["r_squared"] as? Double)
        #expect(rSquared > 0.9 && (json?["samples"] as? Int) == 80)
    }

    @Test("--weight-column: weights leave the features and weigh the loss and the metrics")
    func sampleWeights() throws {
        // Every other row is wrong by 3 and weighs nothing: a model that
        // used them would miss the formula by 1.5 everywhere.
        let csv = try Self.regressionCSV("weighted.csv", header: "x1,x2,w,y") { a, b, row in
            row % 2 == 0 ? [1, a * a + 0.5 * b] : [0, a * a + 0.5 * b + 3]
        }
        let model = Self.temporaryFile("weighted.safetensors")
        let best = Self.temporaryFile("weighted-best.safetensors")
        defer {
            for url in [csv, model, best] { try? FileManager.default.removeItem(at: url) }
        }
        let trained = try Self.run(
            ["train", "--csv", csv.path, "--loss", "mse", "--weight-column", "w", "--layers", "16"]
                + Self.quickRegression + [
                    "--output", model.path, "--early-stopping", "--monitor", "val_r2",
                    "--patience", "20", "--save-best", best.path,
                ])
        #expect(trained.status == 0, "stderr: \(trained.error)")
        let checkpoint = try TrainingCheckpoint<Float>(contentsOf: model)
        #expect(checkpoint.trainer.model.inputs == 2, "w is not a feature")
        #expect(checkpoint.targetNames == ["y"])
        #expect(checkpoint.dataOptions?["weight-column"] == "w")
        #expect(checkpoint.trainer.earlyStopping?.metric == .validationRSquared)
        // The zero-weight rows count neither in training nor in the R².
        let testLine = try #require(Self.line(trained.output, startingWith: "test loss"))
        let rSquared = try #require(Self.number(after: "test R²", in: testLine))
        #expect(rSquared > 0.9, "\(testLine)")
        #expect(
            trained.output.contains("best epoch") && trained.output.contains("by validation_r2"))
        let inputs = Self.temporaryFile("weighted-inputs.csv")
        defer { try? FileManager.default.removeItem(at: inputs) }
        try Data("0.5,0.5\n".utf8).write(to: inputs)
        let predicted = try Self.run(["predict", "--model", model.path, "--inputs", inputs.path])
        let value = try #require(
            Self.number(after: "Predicted: y", in: predicted.output), "\(predicted.output)")
        #expect(abs(value - 0.5) < 0.3, "\(value)")
    }

    @Test("a regression checkpoint resumes exactly, and predicts the same from a model-only file")
    func resumeAndModelFile() throws {
        // Targets around 5000: far from standardized units.
        let csv = try Self.regressionCSV("scaled.csv", rows: 300, header: "x1,x2,price") {
            a, b, _ in
            [5000 + 1000 * (a * a + 0.5 * b)]
        }
        let full = Self.temporaryFile("full.safetensors")
        let half = Self.temporaryFile("half.safetensors")
        let modelOnly = Self.temporaryFile("scaled-model.safetensors")
        defer {
            for url in [csv, full, half, modelOnly] { try? FileManager.default.removeItem(at: url) }
        }
        let common = [
            "train", "--csv", csv.path, "--loss", "l1", "--label-column", "price", "--layers", "8",
            "--batch-size", "32", "--learning-rate", "0.01", "--seed", "2", "--threads", "1",
        ]
        #expect(try Self.run(common + ["--epochs", "6", "--output", full.path]).status == 0)
        #expect(try Self.run(common + ["--epochs", "3", "--output", half.path]).status == 0)
        let resumed = try Self.run([
            "train", "--resume", half.path, "--epochs", "6", "--threads", "1",
        ])
        #expect(resumed.status == 0, "stderr: \(resumed.error)")
        #expect(resumed.output.contains("epoch 4/6") && !resumed.output.contains("epoch 3/6"))
        #expect(try SafeTensors(contentsOf: full).tensors == SafeTensors(contentsOf: half).tensors)
        #expect(
            Self.line(resumed.output, startingWith: "test loss")
                == Self.line(
                    try Self.run(common + ["--epochs", "6"]).output, startingWith: "test loss"))

        let inspected = try Self.run(["inspect", full.path])
        #expect(inspected.output.contains("regression targets: price"), "\(inspected.output)")
        #expect(inspected.output.contains("target standardization: means 5"), "\(inspected.output)")

        try TrainingCheckpoint<Float>(contentsOf: full).modelCheckpoint.write(
            toFile: modelOnly.path)
        let arguments = ["predict", "--indices", "0,1,2", "--model"]
        let fromCheckpoint = try Self.run(arguments + [full.path])
        let fromModel = try Self.run(arguments + [modelOnly.path])
        #expect(fromModel.status == 0, "stderr: \(fromModel.error)")
        #expect(fromModel.output == fromCheckpoint.output)
        for line in fromModel.output.split(separator: "\n").map(String.init) {
            let prediction = try #require(Self.number(after: "Predicted: price", in: line))
            #expect(prediction > 3000 && prediction < 7000, "original units: \(line)")
        }
        let evaluated = try Self.run(["evaluate", "--model", modelOnly.path])
        #expect(evaluated.output == (try Self.run(["evaluate", "--model", full.path])).output)
    }

    @Test(
        "binary-cross-entropy on two classes: one sigmoid output, class probabilities, sample weights"
    )
    func binaryClassification() throws {
        // Class 1 above the line x1 + x2 = 0; weights in a column of their own.
        let csv = try Self.regressionCSV("binary.csv", rows: 300, header: "x1,x2,weight,label") {
            a, b, row in
            [Double(1 + row % 2), a + b > 0 ? 1 : 0]
        }
        let model = Self.temporaryFile("binary.safetensors")
        defer {
            for url in [csv, model] { try? FileManager.default.removeItem(at: url) }
        }
        let trained = try Self.run([
            "train", "--csv", csv.path, "--loss", "binary-cross-entropy", "--weight-column",
            "weight",
            "--layers", "8", "--epochs", "30", "--batch-size", "32", "--learning-rate", "0.01",
            "--seed", "1", "--threads", "1", "--output", model.path,
        ])
        #expect(trained.status == 0, "stderr: \(trained.error)")
        #expect(trained.output.contains("dense 1 identity"), "\(trained.output)")
        #expect(trained.output.contains("actual \\ predicted"))
        let accuracy = try #require(Self.number(after: "test accuracy", in: trained.output))
        #expect(accuracy > 0.9)
        let checkpoint = try TrainingCheckpoint<Float>(contentsOf: model)
        #expect(
            checkpoint.trainer.model.outputWidth == 1 && checkpoint.trainer.model.classCount == 2)
        #expect(checkpoint.trainer.model.inputs == 2 && !checkpoint.isRegression)
        let predicted = try Self.run([
            "predict", "--model", model.path, "--indices", "0,1", "--probabilities",
        ])
        for line in predicted.output.split(separator: "\n") {
            #expect(
                line.wholeMatch(
                    of:
                        /Label: [01], Predicted: [01] with [01]\.\d{3} confidence; probabilities [01]\.\d{3} [01]\.\d{3}/
                )
                    != nil, "\(line)")
        }
        let evaluated = try Self.run(["evaluate", "--model", model.path])
        #expect(evaluated.output.contains("precision") && evaluated.output.contains("accuracy"))
    }

    @Test(
        "meaningless combinations are refused in one line",
        arguments: [
            (
                ["--loss", "cross-entropy", "--target-columns", "y"],
                "--target-columns reads real-valued targets for --loss mse or l1, not --loss cross-entropy"
            ),
            (
                ["--loss", "binary-cross-entropy", "--target-columns", "y"],
                "--target-columns reads real-valued targets for --loss mse or l1, not --loss binary-cross-entropy"
            ),
            (["--target-columns", "y,y"], "--target-columns: 'y' is named twice"),
            (["--target-columns", "y,"], "--target-columns: column 2 of 'y,' is empty"),
            (
                ["--target-columns", "y", "--label-column", "y"],
                "--target-columns and --label-column both name the targets"
            ),
            (
                ["--loss", "mse", "--weight-column", "y"],
                "column \"y\" (index 2) is asked for as the target and as the weight column"
            ),
            (
                ["--label-column", "y", "--weight-column", "y"],
                "--weight-column y is also a label column"
            ),
            (
                ["--target-columns", "y", "--weight-column", "y"],
                "--weight-column y is also a target column"
            ),
            (
                ["--loss", "mse", "--early-stopping", "--monitor", "val_accuracy"],
                "--monitor val_accuracy measures classes; a regression monitors val_loss, val_r2"
            ),
            (
                ["--early-stopping", "--monitor", "val_r2"],
                "--monitor val_r2 measures a regression (--loss mse or l1)"
            ),
            (
                [
                    "--loss", "mse", "--early-stopping", "--monitor", "val_r2",
                    "--validation-fraction", "0",
                ],
                "--early-stopping on validation_r2 needs --validation-fraction > 0"
            ),
            (
                ["--loss", "mse", "--target-columns", "z"],
                "no label column \"z\" among the 3 columns"
            ),
        ])
    func regressionRefusals(options: [String], message: String) throws {
        let csv = try Self.regressionCSV("refused.csv", rows: 20)
        defer { try? FileManager.default.removeItem(at: csv) }
        try expectFailure(["train", "--csv", csv.path, "--epochs", "1"] + options, saying: message)
    }

    @Test(
        "a regression needs CSV targets; a classifier's checkpoint takes none; predict ranks no values"
    )
    func regressionRefusalsElsewhere() throws {
        try expectFailure(
            ["train", "--dataset", "moons", "--loss", "mse"],
            saying:
                "--loss mse needs real-valued targets, which only --dataset csv reads (--label-column or --target-columns); moons has class labels"
        )
        try expectFailure(
            ["train", "--loss", "l1"],
            saying: "--loss l1 needs real-valued targets, which only --dataset csv reads")
        try expectFailure(
            ["train", "--dataset", "moons", "--target-columns", "a"],
            saying: "--target-columns applies to --dataset csv, not --dataset moons")
        try expectFailure(
            ["train", "--dataset", "fashion-mnist", "--weight-column", "w"],
            saying: "--weight-column applies to --dataset csv, not --dataset fashion-mnist")

        let csv = try Self.regressionCSV("small.csv", rows: 100)
        let model = Self.temporaryFile("small.safetensors")
        let spirals = try Self.spiralsCheckpoint()
        defer {
            for url in [csv, model, spirals] { try? FileManager.default.removeItem(at: url) }
        }
        // Without a regression loss, real-valued labels are refused as classes.
        try expectFailure(
            ["train", "--csv", csv.path, "--epochs", "1"],
            saying:
                "that is a regression target, which needs a regression loss on real-valued targets, not class labels; choose the class column (CSVReader.labelColumn, or perceptron-train's --label-column); or train a regression on it: --loss mse or l1"
        )
        let trained = try Self.run(
            [
                "train", "--csv", csv.path, "--loss", "mse", "--layers", "4", "--epochs", "1",
                "--output", model.path,
            ])
        #expect(trained.status == 0, "stderr: \(trained.error)")
        try expectFailure(
            ["predict", "--model", model.path, "--top", "2"],
            saying:
                "--top is about classes, but \(model.path) is a regression: predict prints its values"
        )
        try expectFailure(
            ["predict", "--model", model.path, "--probabilities"],
            saying: "--probabilities is about classes, but \(model.path) is a regression")
        try expectFailure(
            ["evaluate", "--model", model.path, "--dataset", "moons"],
            saying: "a regression needs real-valued targets, which only --dataset csv reads")
        try expectFailure(
            [
                "train", "--resume", model.path, "--epochs", "2", "--early-stopping", "--monitor",
                "val_accuracy",
            ],
            saying: "--monitor val_accuracy measures classes")
        try expectFailure(
            ["train", "--resume", model.path, "--epochs", "2", "--loss", "cross-entropy"],
            saying: "--loss cannot change on --resume")
        // A classifier reads labels, not targets.
        try expectFailure(
            [
                "evaluate", "--model", spirals.path, "--dataset", "csv", "--csv", csv.path,
                "--target-columns", "y",
            ],
            saying:
                "--target-columns reads real-valued targets for a regression (--loss mse or l1), not class labels"
        )
    }
}
