import Tensor

extension Dataset {
    /// The samples at `indices`, in that order, as a new dataset with the
    /// same classes (a copy of those rows).
    ///
    /// Stops when an index is outside `0..<count`.
    @inlinable
    public func subset(_ indices: some Collection<Int>) -> Dataset {
        checkSampleIndices(indices)
        let width = featureCount
        let elements = [Scalar](unsafeUninitializedCapacity: indices.count * width) {
            output, initialized in
            features.withUnsafeScalars { input in
                Self.copyRows(from: input, at: indices, width: width, to: output)
            }
            initialized = indices.count * width
        }
        return Dataset(
            uncheckedFeatures: Matrix(rows: indices.count, columns: width, elements: elements),
            labels: indices.map { labels[$0] }, classCount: classCount, classNames: classNames)
    }

    /// The samples in a random order drawn from `generator` (see
    /// ``Swift/Array/init(randomPermutationOf:using:)``).
    @inlinable
    public func shuffled(using generator: inout some RandomNumberGenerator) -> Dataset {
        subset([Int](randomPermutationOf: count, using: &generator))
    }

    /// Overwrites this dataset's rows and labels with `source`'s at
    /// `indices`, in place: row `i` becomes `source`'s row `indices[i]`.
    /// The shapes must already agree (`indices.count == count`, same
    /// feature count), so no storage is allocated when it is not shared.
    @inlinable
    mutating func gatherRows(of source: Dataset, at indices: some Collection<Int>) {
        precondition(
            indices.count == count && source.featureCount == featureCount,
            "Dataset: cannot gather \(indices.count) rows of \(source.featureCount) features into \(count)x\(featureCount)"
        )
        source.checkSampleIndices(indices)
        let width = featureCount
        source.features.withUnsafeScalars { input in
            featureStorage.withUnsafeMutableScalars { output in
                Self.copyRows(from: input, at: indices, width: width, to: output)
            }
        }
        source.labels.withUnsafeBufferPointer { input in
            labelStorage.withUnsafeMutableBufferPointer { output in
                for (row, index) in indices.enumerated() { output[row] = input[index] }
            }
        }
    }

    /// Stops unless every index is in `0..<count`.
    @inlinable
    func checkSampleIndices(_ indices: some Collection<Int>) {
        for index in indices {
            precondition(
                index >= 0 && index < count,
                "Dataset: sample index \(index) out of range for \(count) samples")
        }
    }

    /// Copies rows `indices` of `width` scalars each from `input` to
    /// consecutive rows of `output`, one `memcpy` per row. (`Float` and
    /// `Double` are trivial types, so initializing memory that holds values
    /// simply overwrites them.)
    @inlinable
    static func copyRows(
        from input: UnsafeBufferPointer<Scalar>, at indices: some Collection<Int>, width: Int,
        to output: UnsafeMutableBufferPointer<Scalar>
    ) {
        guard width > 0, let source = input.baseAddress, let target = output.baseAddress else {
            return
        }
        for (row, index) in indices.enumerated() {
            (target + row * width).initialize(from: source + index * width, count: width)
        }
    }
}
