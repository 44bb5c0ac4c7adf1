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
        let files = [
            (FashionMNIST.trainingImagesFile, 6000), (FashionMNIST.trainingLabelsFile, 6000),
            (FashionMNIST.testImagesFile, 1000), (FashionMNIST.testLabelsFile, 1000),
        ]
        for (name, count) in files {
            let idx = decompressed(FashionMNIST.defaultDirectory + "/" + name + ".gz")
            try! firstSamples(count, of: idx).write(to: directory.appendingPathComponent(name))
        }
        return directory
    }()

    /// The first `count` samples of an IDX file (Y. LeCun's format: a
    /// 4-byte magic number whose last byte is the number of dimensions,
    /// the big-endian 32-bit dimensions, then the data, one byte each):
    /// the first dimension set to `count` and the data cut to match.
    static func firstSamples(_ count: Int, of idx: Data) -> Data {
        let bytes = [UInt8](idx)
        let dimensions = Int(bytes[3])
        let sampleSize = (1..<dimensions).reduce(1) { size, d in
            size * bytes[(4 + 4 * d)..<(8 + 4 * d)].reduce(0) { $0 << 8 | Int($1) }
        }
        precondition(bytes[4..<8].reduce(0) { $0 << 8 | Int($1) } >= count)
        var result = Array(bytes[0..<4]) + withUnsafeBytes(of: UInt32(count).bigEndian, Array.init)
        result += bytes[8..<(4 + 4 * dimensions)]
        let start = 4 + 4 * dimensions
        result += bytes[start..<(start + count * sampleSize)]
        return Data(result)
    }

    /// The contents of a gzip file, through gzip(1).
    static func decompressed(_ path: String) -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let output = Pipe()
        process.standardOutput = output
        try! process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        precondition(process.terminationStatus == 0, "gzip -dc \(path) failed")
        return data
    }
}
