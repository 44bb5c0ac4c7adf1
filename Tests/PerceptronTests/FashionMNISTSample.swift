import Foundation
import Perceptron

extension CommandLineTests {
    /// A directory holding the first 6,000 training and 1,000 test samples
    /// of the installed Fashion-MNIST, as uncompressed IDX files under
    /// Fashion-MNIST's file names: the command-line tests that run the
    /// README's Fashion-MNIST commands point `--data-directory` here, so
    /// that the debug build trains a tenth of an epoch's samples. Written
    /// once per test process.
    static let fashionMNISTSample: URL = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cli-fashion-mnist-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        func installed(_ name: String) -> String {
            FashionMNIST.defaultDirectory + "/" + name + ".gz"
        }
        func write(_ name: String, dimensions: [Int], _ data: some Collection<UInt8>) {
            try! Data(idxBytes(dimensions: dimensions) + data).write(
                to: directory.appendingPathComponent(name))
        }
        for (images, labels, count) in [
            (FashionMNIST.trainingImagesFile, FashionMNIST.trainingLabelsFile, 6000),
            (FashionMNIST.testImagesFile, FashionMNIST.testLabelsFile, 1000),
        ] {
            let all = try! IDXReader.readImages(at: installed(images))
            write(
                images, dimensions: [count, all.rows, all.columns],
                all.pixels.prefix(count * all.pixelsPerImage))
            let classes = try! IDXReader.readLabels(at: installed(labels))
            write(labels, dimensions: [count], classes.prefix(count).map(UInt8.init))
        }
        return directory
    }()

    /// The header of an IDX file of unsigned bytes (`IDXHeader`'s layout:
    /// magic `00 00 08 d`, then each dimension as a big-endian 32-bit
    /// integer).
    static func idxBytes(dimensions: [Int]) -> [UInt8] {
        [0, 0, IDXDataType.unsignedByte.rawValue, UInt8(dimensions.count)]
            + dimensions.flatMap { withUnsafeBytes(of: UInt32($0).bigEndian, Array.init) }
    }
}
