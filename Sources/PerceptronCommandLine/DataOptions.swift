import ArgumentParser
import Foundation
import Perceptron

/// Which data set to use and where it is: the options shared by every
/// subcommand.
struct DataOptions: ParsableArguments {
    enum Source: String, ExpressibleByArgument, CaseIterable {
        case fashionMNIST = "fashion-mnist"
        case idx, csv, xor, circles, moons, spirals, blobs

        /// Whether the set is one of the generated 2-D ones.
        var isSynthetic: Bool { ![.fashionMNIST, .idx, .csv].contains(self) }
    }

    @Option(
        help: """
            fashion-mnist, idx, csv, or a synthetic 2-D set: xor, circles, moons, spirals, blobs \
            (default: csv with --csv, idx with --train-images, otherwise fashion-mnist).
            """)
    var dataset: Source?

    @Option(
        name: .customLong("data-directory"),
        help: "The Fashion-MNIST directory (default: \(FashionMNIST.defaultDirectory)).")
    var dataDirectoryGiven: String?

    @Option(help: "IDX images of the training part (implies --dataset idx).")
    var trainImages: String?
    @Option(help: "IDX labels of the training part.")
    var trainLabels: String?
    @Option(help: "IDX images of the test part.")
    var testImages: String?
    @Option(help: "IDX labels of the test part.")
    var testLabels: String?

    @Option(help: "A CSV data file, one sample per row with its label (implies --dataset csv; .gz accepted).")
    var csv: String?
    @Option(help: "A CSV file of the test part; without it a stratified 20% of --csv is the test part.")
    var testCSV: String?
    @Option(
        help: "The CSV label column: a header name, or an index counted from 0 (default: the column named label, class, target or y, else the last). With a regression loss (mse, l1), the one target column."
    )
    var labelColumn: String?
    @Option(
        help: "CSV columns of real-valued targets, header names or indices from 0, comma-separated: a regression with one output per column (train's --loss then defaults to mse)."
    )
    var targetColumns: String?
    @Option(
        help: "A CSV column of per-sample weights (finite, at least 0), left out of the features: a sample's loss counts that many times, in classification and regression."
    )
    var weightColumn: String?
    @Option(
        help: "The CSV field separator, of --csv, --test-csv and predict's --inputs: ',', ';' or 'tab' (default: detected from the first line)."
    )
    var delimiter: String?
    @Flag(
        inversion: .prefixedNo,
        help: "Whether the CSV files (--csv, --test-csv, predict's --inputs) start with a header row (default: detected; none when the first row is all numbers)."
    )
    var header: Bool?

    @Option(
        name: .customLong("samples"),
        help: "Points in a synthetic set, at least 10 (default: 1000; 20% are held out for testing).")
    var samplesGiven: Int?
    @Option(
        name: .customLong("noise"), parsing: .unconditional,
        help: "Noise of a synthetic set (standard deviation, at least 0; default: 0.1).")
    var noiseGiven: Double?

    @Option(
        name: .customLong("seed"),
        help: "Seed of every random choice: data, split, weights, shuffling, dropout (default: 1).")
    var seedGiven: UInt64?

    var dataDirectory: String { dataDirectoryGiven ?? FashionMNIST.defaultDirectory }
    var samples: Int { samplesGiven ?? 1000 }
    var noise: Double { noiseGiven ?? 0.1 }
    var seed: UInt64 { seedGiven ?? 1 }

    /// The data set: `--dataset`, or the one the file options imply.
    var source: Source {
        if let dataset { return dataset }
        if csv != nil || testCSV != nil { return .csv }
        if [trainImages, trainLabels, testImages, testLabels].contains(where: { $0 != nil }) {
            return .idx
        }
        return .fashionMNIST
    }

    func validate() throws {
        guard samples >= 10 else {
            throw ValidationError("--samples must be at least 10 (a fifth is held out for testing)")
        }
        guard noise >= 0 else { throw ValidationError("--noise must not be negative") }
        _ = try separator()
        let csvOptions: [(String, Bool)] = [
            ("--csv", csv != nil), ("--test-csv", testCSV != nil),
            ("--label-column", labelColumn != nil), ("--target-columns", targetColumns != nil),
            ("--weight-column", weightColumn != nil),
        ]
        let idxOptions: [(String, Bool)] = [
            ("--train-images", trainImages != nil), ("--train-labels", trainLabels != nil),
            ("--test-images", testImages != nil), ("--test-labels", testLabels != nil),
        ]
        for (options, kind) in [(csvOptions, Source.csv), (idxOptions, .idx)] where source != kind {
            if let given = options.first(where: \.1) {
                throw ValidationError(
                    "\(given.0) applies to --dataset \(kind.rawValue), not --dataset \(source.rawValue)")
            }
        }
        try checkTargetColumns()
    }

    /// The CSV separator asked for, or nil to detect it.
    func separator() throws -> Character? {
        switch delimiter {
        case nil: return nil
        case ","?, ";"?: return Character(delimiter!)
        case "tab"?, "\t"?: return "\t"
        case let other?:
            throw ValidationError("--delimiter: '\(other)'; expected ',', ';' or 'tab'")
        }
    }

    /// The training and test sets, and what a run's description says of
    /// how the files were read (nil for sets without options to report).
    /// With `classNames` (a checkpoint's), CSV labels are read as those
    /// classes; otherwise the test file's labels as the training file's.
    /// With `regression`, the CSV files are read with real-valued targets
    /// (``targetColumnList``), which no other data set has.
    func load<Scalar: BLASScalar>(
        _: Scalar.Type, classNames: [String]? = nil, regression: Bool = false
    ) throws -> (training: Dataset<Scalar>, test: Dataset<Scalar>, format: String?) {
        try checkTargets(regression: regression)
        var generator = Xoshiro256StarStar(seed: seed &+ 0x5EED)
        func heldOut(_ data: Dataset<Scalar>) -> (Dataset<Scalar>, Dataset<Scalar>, String?) {
            let (training, test) = data.split(
                validationFraction: 0.2, stratified: true, using: &generator)
            return (training, test, nil)
        }
        switch source {
        case .fashionMNIST:
            let (training, test) = try FashionMNIST.load(from: dataDirectory, as: Scalar.self)
            return (training, test, nil)
        case .idx:
            guard let trainImages, let trainLabels, let testImages, let testLabels else {
                throw ValidationError(
                    "--dataset idx needs --train-images, --train-labels, --test-images and --test-labels"
                )
            }
            let training = try Dataset<Scalar>(idxImages: trainImages, labels: trainLabels)
            let test = try Dataset<Scalar>(
                idxImages: testImages, labels: testLabels, classCount: training.classCount)
            return (training, test, nil)
        case .csv:
            return try loadCSV(
                Scalar.self, classNames: classNames, regression: regression,
                generator: &generator)
        case .xor: return heldOut(.xor(count: samples, noise: noise, using: &generator))
        case .circles: return heldOut(.circles(count: samples, noise: noise, using: &generator))
        case .moons: return heldOut(.moons(count: samples, noise: noise, using: &generator))
        case .spirals: return heldOut(.spirals(count: samples, noise: noise, using: &generator))
        case .blobs: return heldOut(.blobs(count: samples, using: &generator))
        }
    }

    /// `--csv`, and `--test-csv` or a stratified fifth of `--csv` held out
    /// (a random fifth for a regression). The test file must have the
    /// training file's columns, and its labels are read as the training
    /// file's classes; its targets and weights from the same columns.
    private func loadCSV<Scalar: BLASScalar>(
        _: Scalar.Type, classNames: [String]?, regression: Bool,
        generator: inout Xoshiro256StarStar
    ) throws -> (training: Dataset<Scalar>, test: Dataset<Scalar>, format: String?) {
        guard let csv else { throw ValidationError("--dataset csv needs --csv PATH") }
        let reader = try CSVReader(
            hasHeader: header,
            labelColumn: labelColumn.map(Self.column) ?? .automatic,
            labelEncoding: classNames.map(LabelEncoding.names) ?? .automatic,
            separator: separator(), targetColumns: regression ? targetColumnList : nil,
            weightColumn: weightColumn.map(Self.column)
        ).resolvedFormat(ofFileAt: csv)
        let data: Dataset<Scalar>
        do {
            data = try reader.read(at: csv, as: Scalar.self)
        } catch {
            guard case .continuousLabels = error else { throw error }
            // The reader's words, and how this program trains on them.
            throw CommandError("\(error); or train a regression on it: --loss mse or l1")
        }
        let format = "CSV with \(reader.formatDescription)"
        guard let testCSV else {
            let (training, test) = data.split(
                validationFraction: 0.2, stratified: true, using: &generator)
            return (training, test, format)
        }
        var testReader = try CSVReader(
            hasHeader: header, separator: separator(), targetColumns: reader.targetColumns
        ).resolvedFormat(ofFileAt: testCSV)
        testReader.labelColumn = reader.labelColumn
        testReader.weightColumn = reader.weightColumn
        testReader.labelEncoding =
            data.classNames.map(LabelEncoding.names) ?? .integers(classCount: data.classCount)
        let test = try testReader.read(at: testCSV, as: Scalar.self)
        guard test.featureCount == data.featureCount else {
            throw CommandError(
                "\(testCSV): \(test.featureCount) feature columns, but \(csv) has \(data.featureCount)")
        }
        return (data, test, format)
    }
}
