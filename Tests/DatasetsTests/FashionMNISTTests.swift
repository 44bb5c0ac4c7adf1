import Datasets
import Foundation
import Testing

/// Fashion-MNIST from the Debian package `dataset-fashion-mnist` (skipped
/// when it is not installed), from a directory the user gives, and the
/// message when it is missing.
@Suite("Fashion-MNIST")
struct FashionMNISTTests {
    static let installed = FileManager.default.fileExists(
        atPath: FashionMNIST.defaultDirectory + "/train-images-idx3-ubyte.gz")

    @Test(
        "the installed dataset: 60000 + 10000 images of 28x28, labels 0..9, pixels in [0, 1]",
        .enabled(
            if: installed,
            "Fashion-MNIST is not installed in /usr/share/datasets/fashion-mnist (sudo apt-get install dataset-fashion-mnist)"
        ))
    func installedDataset() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let (training, test) = try FashionMNIST.load(as: Float.self)
        print("Fashion-MNIST loaded in \(clock.now - start)")

        #expect(training.count == 60_000 && test.count == 10_000)
        #expect(training.featureCount == 784 && test.featureCount == 784)
        #expect(training.classCount == 10 && training.classNames == FashionMNIST.classNames)
        // The dataset is balanced: 6000 training and 1000 test images per class.
        #expect(training.classCounts == Array(repeating: 6000, count: 10))
        #expect(test.classCounts == Array(repeating: 1000, count: 10))
        // Pixels are scaled to [0, 1]: look at the first 1000 images.
        let pixels = training.subset(0..<1000).features.elements
        #expect(pixels.min() == 0 && pixels.max() == 1)
        // The first training image is an ankle boot, the first test image too.
        #expect(training.labels[0] == 9 && test.labels[0] == 9)
    }

    @Test("a directory given by the user, with uncompressed files")
    func userDirectory() throws {
        let directory = TemporaryDirectory()
        let pixels = [UInt8](repeating: 255, count: 2 * 784)
        for prefix in ["train", "t10k"] {
            directory.write(
                idxBytes(dimensions: [2, 28, 28], data: pixels), to: "\(prefix)-images-idx3-ubyte")
            directory.write(
                idxBytes(dimensions: [2], data: [3, 9]), to: "\(prefix)-labels-idx1-ubyte")
        }
        let (training, test) = try FashionMNIST.load(from: directory.path + "/", as: Double.self)
        #expect(training.count == 2 && test.count == 2 && training.featureCount == 784)
        #expect(training.labels == [3, 9] && training.classCount == 10)
        #expect(test.classNames?[9] == "Ankle boot")
    }

    @Test("a missing dataset: the message says how to install it")
    func missing() {
        let directory = TemporaryDirectory().path
        let missing = directory + "/train-images-idx3-ubyte.gz"
        expectError(
            .datasetNotFound(
                name: "Fashion-MNIST", missingPath: missing,
                installCommand: "sudo apt-get install dataset-fashion-mnist"),
            message:
                "Fashion-MNIST not found: \(missing) does not exist; install it with "
                + "`sudo apt-get install dataset-fashion-mnist` or give the directory that holds its files"
        ) { () throws(DatasetError) in try FashionMNIST.load(from: directory, as: Float.self) }
        let error = #expect(throws: DatasetError.self) {
            try FashionMNIST.load(from: "/nonexistent/fashion", as: Float.self)
        }
        #expect(error?.description.contains("apt-get install dataset-fashion-mnist") == true)
    }
}
