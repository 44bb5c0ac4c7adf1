import Tensor

extension Dataset {
    /// Writes the features of the samples at `positions` (each in
    /// `0..<count`) into consecutive rows of `output`, `positions.count x
    /// featureCount` scalars, exactly as ``features`` holds them: row `k` is
    /// sample `positions[k]`, `x_j = (decode(stored_j) - c_j) / s_j` (see
    /// ``Dataset``). How a trainer builds a shuffled mini-batch in the step's
    /// own input buffer: one pass that reads, converts and standardizes, no
    /// copy of the data set, and no allocation.
    ///
    /// `output` may be uninitialized (`Scalar` is a trivial type).
    ///
    /// Stops (a programmer error) at the first position outside
    /// `0..<count`; the rows before it have been written.
    @inlinable
    public func gatherFeatures(
        at positions: some Collection<Int>, into output: UnsafeMutablePointer<Scalar>
    ) {
        switch storage.values {
        case .scalars(let values):
            values.withUnsafeBufferPointer {
                gatherRows(of: $0, at: positions, into: output) { $0 }
            }
        case .bytes(let values):
            // The division, not a product with 1 / 255: the correctly rounded
            // quotient, 255 reading as exactly 1 (see FeatureStorage).
            values.withUnsafeBufferPointer {
                gatherRows(of: $0, at: positions, into: output) { Scalar($0) / 255 }
            }
        }
    }

    /// Writes the labels of the samples at `positions` into `output`
    /// (`positions.count` of them), in order. Stops at the first position
    /// outside `0..<count`.
    @inlinable
    public func gatherLabels(
        at positions: some Collection<Int>, into output: UnsafeMutablePointer<Int>
    ) {
        labelStorage.withUnsafeBufferPointer { input in
            for (row, position) in positions.enumerated() {
                checkPosition(position)
                output[row] = input[position]
            }
        }
    }

    /// ``gatherFeatures(at:into:)`` from the stored values `source` of
    /// either element type, read through `decode`: the selection resolved
    /// per row, the transform per element in one of two tight loops (with
    /// and without standardization) that the compiler vectorizes once
    /// `decode` is inlined.
    @inlinable
    func gatherRows<Stored>(
        of source: UnsafeBufferPointer<Stored>, at positions: some Collection<Int>,
        into output: UnsafeMutablePointer<Scalar>, decode: (Stored) -> Scalar
    ) {
        let width = featureCount
        guard width > 0 else {
            for position in positions { checkPosition(position) }
            return
        }
        guard let standardization else {
            for (row, position) in positions.enumerated() {
                let input = storedRowStart(of: position, in: source)
                let target = output + row * width
                for j in 0..<width { target[j] = decode(input[j]) }
            }
            return
        }
        standardization.means.withUnsafeBufferPointer { centers in
            standardization.standardDeviations.withUnsafeBufferPointer { divisors in
                for (row, position) in positions.enumerated() {
                    let input = storedRowStart(of: position, in: source)
                    let target = output + row * width
                    for j in 0..<width { target[j] = (decode(input[j]) - centers[j]) / divisors[j] }
                }
            }
        }
    }

    /// The first stored value of sample `position`'s row in `source` (which
    /// is not empty once a position is valid and rows have features).
    /// Stops when `position` is outside `0..<count`.
    @inlinable
    func storedRowStart<Stored>(of position: Int, in source: UnsafeBufferPointer<Stored>)
        -> UnsafePointer<Stored>
    {
        checkPosition(position)
        return source.baseAddress! + (storedRows?[position] ?? position) * featureCount
    }

    /// Stops unless `position` is a sample, in `0..<count`.
    @inlinable
    func checkPosition(_ position: Int) {
        require(
            position >= 0 && position < count,
            "Dataset: sample \(position) out of range for \(count) samples")
    }
}
