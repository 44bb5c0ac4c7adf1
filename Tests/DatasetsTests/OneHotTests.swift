import Datasets
import Tensor
import Testing

/// One-hot target rows.
@Suite("One-hot")
struct OneHotTests {
    @Test("row i is 1 in column labels[i], 0 elsewhere")
    func oneHot() throws {
        let matrix = try Matrix<Float>(oneHotLabels: [2, 0, 1, 2], classCount: 3)
        #expect(matrix == Matrix([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]]))
        let dataset = try Dataset(
            features: Matrix<Double>(rows: 2, columns: 1), labels: [1, 0], classCount: 4)
        #expect(dataset.oneHotLabels() == Matrix([[0, 1, 0, 0], [1, 0, 0, 0]]))
        // A slice of labels (a batch) counts samples from its start.
        let batch = [5, 6, 0, 1][2...]
        #expect(
            try Matrix<Double>(oneHotLabels: batch, classCount: 2) == Matrix([[1, 0], [0, 1]]))
    }

    @Test("a label out of range")
    func outOfRange() {
        expectError(
            .labelOutOfRange(label: 3, classCount: 3, location: .sample(1)),
            message: "sample 1: label 3 is outside 0..<3"
        ) { () throws(DatasetError) in try Matrix<Float>(oneHotLabels: [0, 3], classCount: 3) }
    }
}
