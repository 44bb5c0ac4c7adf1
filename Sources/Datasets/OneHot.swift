import Tensor

extension Matrix {
    /// One-hot rows for class labels: a `labels.count x classCount` matrix
    /// whose row `i` is 1 in column `labels[i]` and 0 elsewhere.
    ///
    /// - Throws: ``DatasetError/labelOutOfRange(label:classCount:location:)``
    ///   (at ``RecordLocation/sample(_:)``, counted from the first label) for
    ///   a label outside `0..<classCount`.
    @inlinable
    public init(oneHotLabels labels: some Collection<Int>, classCount: Int) throws(DatasetError) {
        require(classCount >= 0, "Matrix(oneHotLabels:): negative class count \(classCount)")
        var elements = [Scalar](repeating: 0, count: labels.count * classCount)
        for (sample, label) in labels.enumerated() {
            guard label >= 0 && label < classCount else {
                throw .labelOutOfRange(
                    label: label, classCount: classCount, location: .sample(sample))
            }
            elements[sample * classCount + label] = 1
        }
        self.init(rows: labels.count, columns: classCount, elements: elements)
    }
}

extension Dataset {
    /// The labels as one-hot rows, `count x classCount` (see
    /// ``Tensor/Matrix/init(oneHotLabels:classCount:)``).
    @inlinable
    public func oneHotLabels() -> Matrix<Scalar> {
        // The initializer checked every label, so this cannot throw.
        try! Matrix(oneHotLabels: labels, classCount: classCount)
    }
}
