import ArgumentParser
import Datasets
import Foundation
import Tensor

/// `perceptron-bench gather`: the cost of building shuffled mini-batches
/// with `Dataset.gatherFeatures`, per feature value, for each storage
/// (IDX-like bytes, scalars) with and without standardization.
struct GatherBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gather",
        abstract: "Nanoseconds per feature value of Dataset.gatherFeatures into a batch buffer.")

    @Option(help: "Samples in the dataset.")
    var samples: Int = 54_000

    @Option(help: "Features per sample (784: a 28x28 image).")
    var features: Int = 784

    @Option(help: "Samples per batch.")
    var batch: Int = 128

    @Option(help: "Epochs to time (the median is reported).")
    var repeats: Int = 5

    func run() throws {
        bench(Float.self)
        bench(Double.self)
    }

    func bench<Scalar: BLASScalar>(_: Scalar.Type) {
        var generator = Xoshiro256StarStar(seed: 1)
        let pixels = (0..<samples * features).map { _ in UInt8(truncatingIfNeeded: generator.next())
        }
        let idx = IDXImages(count: samples, rows: 1, columns: features, pixels: pixels)
        // Byte-backed datasets come from IDX files: write a pair.
        let base = FileManager.default.temporaryDirectory.path + "/gather-bench-\(getpid())"
        try! Data(idxHeader(3, [samples, 1, features]) + pixels).write(
            to: URL(fileURLWithPath: base + "-images"))
        try! Data(idxHeader(1, [samples]) + [UInt8](repeating: 0, count: samples)).write(
            to: URL(fileURLWithPath: base + "-labels"))
        defer {
            for f in ["-images", "-labels"] {
                try? FileManager.default.removeItem(atPath: base + f)
            }
        }
        let bytes = try! Dataset<Scalar>(idxImages: base + "-images", labels: base + "-labels")
        let scalars = try! Dataset<Scalar>(features: idx.features(), labels: bytes.labels)
        let standardization = Standardization(fittedTo: bytes)
        for (name, dataset) in [
            ("bytes", bytes), ("bytes, standardized", bytes.standardized(with: standardization)),
            ("scalars", scalars),
            ("scalars, standardized", scalars.standardized(with: standardization)),
        ] {
            let view = dataset.shuffled(using: &generator)
            var buffer = [Scalar](repeating: 0, count: batch * features)
            var times = [Double]()
            for _ in 0..<repeats {
                let start = ContinuousClock.now
                buffer.withUnsafeMutableBufferPointer { output in
                    for first in stride(from: 0, to: samples, by: batch) {
                        view.gatherFeatures(
                            at: first..<min(first + batch, samples), into: output.baseAddress!)
                    }
                }
                times.append(nanoseconds(ContinuousClock.now - start))
            }
            report(Scalar.self, name, times)
            // The same epoch through MiniBatches, which gathers each batch
            // into a new matrix: the allocation is the difference.
            times = []
            for _ in 0..<repeats {
                let start = ContinuousClock.now
                var checksum = Scalar.zero
                for batch in view.batches(size: batch) {
                    checksum += batch.features.elements.first!
                }
                times.append(nanoseconds(ContinuousClock.now - start))
                require(checksum.isFinite, "the batches held a non-finite value")
            }
            report(Scalar.self, name + " (MiniBatches)", times)
        }
    }

    /// Prints the median of `times` (nanoseconds per epoch) per value and per
    /// epoch.
    func report<Scalar>(_: Scalar.Type, _ name: String, _ times: [Double]) {
        let median = times.sorted()[times.count / 2]
        let label = "\(Scalar.self) \(name)".padding(toLength: 44, withPad: " ", startingAt: 0)
        print(
            label
                + String(
                    format: "%6.2f ns per value, %6.1f ms per epoch",
                    median / Double(samples * features), median / 1e6))
    }
}

private func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}

/// An IDX header for unsigned bytes with `dimensions` (`count` of them).
private func idxHeader(_ count: UInt8, _ dimensions: [Int]) -> [UInt8] {
    [0, 0, 0x08, count]
        + dimensions.flatMap { size in (0..<4).reversed().map { UInt8(size >> (8 * $0) & 0xFF) } }
}
