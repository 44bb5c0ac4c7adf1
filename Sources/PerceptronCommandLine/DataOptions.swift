import ArgumentParser
import Foundation
import Perceptron

/// Which data set to use and where it is: the options shared by every
/// subcommand.
struct DataOptions: ParsableArguments {
    enum Source: String, ExpressibleByArgument, CaseIterable {
        case fashionMNIST = "fashion-mnist"
        case idx, csv, xor, circles, moons, spirals, blobs
    }

    @Option(
        help:
            "fashion-mnist, idx, csv, or a synthetic 2-D set: xor, circles, moons, spirals, blobs.")
    var dataset: Source = .fashionMNIST

    @Option(help: "The Fashion-MNIST directory.")
    var dataDirectory: String = FashionMNIST.defaultDirectory

    @Option(help: "IDX training images (with --dataset idx).")
    var trainImages: String?
    @Option(help: "IDX training labels.")
    var trainLabels: String?
    @Option(help: "IDX test images.")
    var testImages: String?
    @Option(help: "IDX test labels.")
    var testLabels: String?

    @Option(help: "CSV training file (with --dataset csv; .gz accepted).")
    var csv: String?
    @Option(help: "CSV test file; without it 20% of --csv is held out.")
    var testCSV: String?
    @Option(help: "The CSV label column: a header name, or an index counted from 0.")
    var labelColumn: String?

    @Option(help: "Points in a synthetic set (20% are held out for testing).")
    var samples: Int = 1000
    @Option(help: "Noise of a synthetic set.")
    var noise: Double = 0.1

    @Option(help: "Seed of every random choice (data, weights, shuffling, dropout).")
    var seed: UInt64 = 1

    func validate() throws {
        guard samples > 0 else { throw ValidationError("--samples must be positive") }
        guard noise >= 0 else { throw ValidationError("--noise must not be negative") }
    }

    /// The training and test sets.
    func load<Scalar: BLASScalar>(_: Scalar.Type) throws -> (
        training: Dataset<Scalar>, test: Dataset<Scalar>
    ) {
        var generator = Xoshiro256StarStar(seed: seed &+ 0x5EED)
        func heldOut(_ data: Dataset<Scalar>) -> (Dataset<Scalar>, Dataset<Scalar>) {
            data.split(validationFraction: 0.2, stratified: true, using: &generator)
        }
        switch dataset {
        case .fashionMNIST:
            return try FashionMNIST.load(from: dataDirectory, as: Scalar.self)
        case .idx:
            guard let trainImages, let trainLabels, let testImages, let testLabels else {
                throw ValidationError(
                    "--dataset idx needs --train-images, --train-labels, --test-images and --test-labels"
                )
            }
            let training = try Dataset<Scalar>(idxImages: trainImages, labels: trainLabels)
            let test = try Dataset<Scalar>(
                idxImages: testImages, labels: testLabels, classCount: training.classCount)
            return (training, test)
        case .csv:
            guard let csv else { throw ValidationError("--dataset csv needs --csv PATH") }
            let reader = CSVReader(
                labelColumn: labelColumn.map { Int($0).map(CSVLabelColumn.index) ?? .name($0) }
                    ?? .last)
            let data = try reader.read(at: csv, as: Scalar.self)
            guard let testCSV else { return heldOut(data) }
            return (data, try reader.read(at: testCSV, as: Scalar.self))
        case .xor: return heldOut(.xor(count: samples, noise: noise, using: &generator))
        case .circles: return heldOut(.circles(count: samples, noise: noise, using: &generator))
        case .moons: return heldOut(.moons(count: samples, noise: noise, using: &generator))
        case .spirals: return heldOut(.spirals(count: samples, noise: noise, using: &generator))
        case .blobs: return heldOut(.blobs(count: samples, using: &generator))
        }
    }
}
