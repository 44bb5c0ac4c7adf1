import Datasets
import Foundation
import Tensor
import Testing

/// Standardization: fitted on training data it gives mean 0 and standard
/// deviation 1, applies the same statistics elsewhere, handles constant
/// features, and survives a JSON round trip.
@Suite("Standardization")
struct StandardizationTests {
    @Test("the training features end with mean 0 and standard deviation 1")
    func meanZeroStandardDeviationOne() {
        check(Float.self, tolerance: 1e-5)
        check(Double.self, tolerance: 1e-12)

        func check<Scalar: BLASScalar>(_: Scalar.Type, tolerance: Scalar) {
            var generator = Xoshiro256StarStar(seed: 8)
            var training = Dataset<Scalar>.blobs(
                count: 500, centers: [[100, -3, 0.001], [110, -5, 0.002]],
                standardDeviation: 2, using: &generator)
            let standardization = Standardization(fittedTo: training.features)
            training.standardize(with: standardization)
            let n = Scalar(training.count)
            for j in 0..<3 {
                let column = (0..<training.count).map { training.features[$0, j] }
                let mean = column.reduce(0, +) / n
                let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n
                #expect(abs(mean) < tolerance)
                #expect(abs(variance.squareRoot() - 1) < tolerance)
            }
        }
    }

    @Test("other data gets the training statistics, not its own")
    func appliedToOtherData() throws {
        let training = Matrix<Double>([[0, 10], [2, 10], [4, 10]])
        let standardization = Standardization(fittedTo: training)
        #expect(standardization.means == [2, 10])
        // Population standard deviation sqrt(8/3); the constant column gets 1.
        #expect(standardization.standardDeviations == [(8.0 / 3).squareRoot(), 1])
        let test = try Dataset(features: Matrix<Double>([[2, 10], [6, 13]]), labels: [0, 1])
        let standardized = test.standardized(with: standardization)
        #expect(standardized.features[0, 0] == 0 && standardized.features[0, 1] == 0)
        #expect(abs(standardized.features[1, 0] - 4 / (8.0 / 3).squareRoot()) < 1e-15)
        #expect(standardized.features[1, 1] == 3)
        #expect(standardized.labels == test.labels)
    }

    @Test("a constant feature maps to 0 even when its mean is not exact")
    func constantFeature() {
        // 0.1 has no exact binary form: the mean of 1000 copies differs from
        // 0.1 in the last bits, and the deviation is rounding, not variance.
        var features = Matrix<Double>(rows: 1000, columns: 2) { i, j in j == 0 ? 0.1 : Double(i) }
        let standardization = Standardization(fittedTo: features)
        #expect(standardization.standardDeviations[0] == 1)
        standardization.apply(to: &features)
        #expect(standardization.means[0] == 0.1)
        #expect((0..<1000).allSatisfy { features[$0, 0] == 0 })
    }

    @Test("inverting undoes the transform")
    func invert() {
        let original = Matrix<Double>([[1, 2], [3, 5], [4, 11]])
        let standardization = Standardization(fittedTo: original)
        var features = standardization.applied(to: original)
        standardization.invert(&features)
        #expect(features.maximumAbsoluteDifference(original) < 1e-14)
    }

    @Test("the statistics round-trip through JSON exactly (for checkpoints)")
    func codable() throws {
        let standardization = Standardization(
            fittedTo: Matrix<Float>([[0.1, 7], [0.3, -2], [0.7, 1e-3]]))
        let data = try JSONEncoder().encode(standardization)
        let decoded = try JSONDecoder().decode(Standardization<Float>.self, from: data)
        #expect(decoded == standardization)
    }
}
