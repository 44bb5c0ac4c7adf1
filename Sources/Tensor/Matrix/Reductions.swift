// Reductions over all elements, over columns (a dense layer's bias
// gradient `db = column sums of dZ`) and over rows (the largest logit of
// each sample, the predicted class).

extension ScalarBuffer {
    /// The sum of all elements, accumulated in order.
    @inlinable
    public func sum() -> Scalar {
        withUnsafeScalars { buffer in buffer.reduce(0, +) }
    }

    /// Whether every element is finite (no infinity, no NaN): one pass
    /// over the exponent bits (`BLASScalar.vectorAllFinite`). Cheaper than
    /// a norm, which scales every element to avoid overflow.
    @inlinable
    public func allFinite() -> Bool {
        withUnsafeScalars { x in
            guard let base = x.baseAddress else { return true }
            return Scalar.vectorAllFinite(base, count: x.count)
        }
    }

    /// The largest `|x_i - y_i|` over two buffers of equal length; NaN when
    /// either holds a NaN at the same index.
    @inlinable
    public func maximumAbsoluteDifference<Other: ScalarBuffer>(_ other: Other) -> Scalar
    where Other.Scalar == Scalar {
        require(
            count == other.count,
            "maximumAbsoluteDifference: \(count) elements against \(other.count)")
        return withUnsafeScalars { x in
            other.withUnsafeScalars { y in
                var largest: Scalar = 0
                for i in x.indices {
                    let difference = Swift.abs(x[i] - y[i])
                    if difference.isNaN { return .nan }
                    largest = Swift.max(largest, difference)
                }
                return largest
            }
        }
    }
}

extension RowMajorMatrix {
    /// Writes `sum_i A[i, j]` for each column `j` into `sums`
    /// (`columns` elements). Adds row after row, so the inner loop runs over
    /// contiguous memory.
    @inlinable
    public func columnSums<Output: MutableScalarBuffer>(into sums: inout Output)
    where Output.Scalar == Scalar {
        require(
            sums.count == columns,
            "columnSums: a \(shapeDescription) matrix has \(columns) columns but the output has \(sums.count) elements"
        )
        withUnsafeScalars { a in
            sums.withUnsafeMutableScalars { s in
                // Eight columns at a time, their running sums in registers
                // (four independent vector additions per row on SSE2):
                // adding into `s` directly made every addition a store and a
                // reload, as the compiler cannot rule out that `s` and `a`
                // overlap (70 us for a 1347 x 32 matrix; 10 us this way).
                guard let base = a.baseAddress else { return }
                var j = 0
                while j + 8 <= columns {
                    var sum = SIMD8<Scalar>()
                    for i in 0..<rows {
                        sum += UnsafeRawPointer(base + i * columns + j)
                            .loadUnaligned(as: SIMD8<Scalar>.self)
                    }
                    for lane in 0..<8 { s[j + lane] = sum[lane] }
                    j += 8
                }
                for j in j..<columns {
                    var sum: Scalar = 0
                    for i in 0..<rows { sum += base[i * columns + j] }
                    s[j] = sum
                }
            }
        }
    }

    /// The sums of the columns, `columns` elements.
    @inlinable
    public func columnSums() -> [Scalar] {
        var sums = [Scalar](repeating: 0, count: columns)
        columnSums(into: &sums)
        return sums
    }

    /// Writes `sum_j A[i, j]` for each row `i` into `sums` (`rows` elements).
    @inlinable
    public func rowSums<Output: MutableScalarBuffer>(into sums: inout Output)
    where Output.Scalar == Scalar {
        require(
            sums.count == rows,
            "rowSums: a \(shapeDescription) matrix has \(rows) rows but the output has \(sums.count) elements"
        )
        withUnsafeScalars { a in
            sums.withUnsafeMutableScalars { s in
                for i in 0..<rows {
                    s[i] = a[i * columns..<(i + 1) * columns].reduce(0, +)
                }
            }
        }
    }

    /// The sums of the rows, `rows` elements.
    @inlinable
    public func rowSums() -> [Scalar] {
        var sums = [Scalar](repeating: 0, count: rows)
        rowSums(into: &sums)
        return sums
    }

    /// Writes the largest element of each row into `maxima` (`rows`
    /// elements). A row containing NaN gives NaN. Stops for a matrix with no
    /// columns.
    @inlinable
    public func rowMaxima<Output: MutableScalarBuffer>(into maxima: inout Output)
    where Output.Scalar == Scalar {
        require(
            maxima.count == rows,
            "rowMaxima: a \(shapeDescription) matrix has \(rows) rows but the output has \(maxima.count) elements"
        )
        require(
            columns > 0 || rows == 0, "rowMaxima: a \(shapeDescription) matrix has no columns")
        withUnsafeScalars { a in
            maxima.withUnsafeMutableScalars { m in
                for i in 0..<rows {
                    var largest = a[i * columns]
                    for j in 1..<columns {
                        let x = a[i * columns + j]
                        if x > largest || x.isNaN { largest = x }
                        if largest.isNaN { break }
                    }
                    m[i] = largest
                }
            }
        }
    }

    /// The largest element of each row, `rows` elements.
    @inlinable
    public func rowMaxima() -> [Scalar] {
        var maxima = [Scalar](repeating: 0, count: rows)
        rowMaxima(into: &maxima)
        return maxima
    }

    /// Writes the column index of the largest element of each row into
    /// `indices` (the first one on ties; the first NaN if there is one):
    /// the predicted class of each sample from its logits or probabilities.
    @inlinable
    public func rowArgmax(into indices: inout [Int]) {
        require(
            indices.count == rows,
            "rowArgmax: a \(shapeDescription) matrix has \(rows) rows but the output has \(indices.count) elements"
        )
        require(
            columns > 0 || rows == 0, "rowArgmax: a \(shapeDescription) matrix has no columns")
        withUnsafeScalars { a in
            indices.withUnsafeMutableBufferPointer { result in
                for i in 0..<rows {
                    var best = 0
                    var largest = a[i * columns]
                    if !largest.isNaN {
                        for j in 1..<columns {
                            let x = a[i * columns + j]
                            if x.isNaN {
                                best = j
                                break
                            }
                            if x > largest {
                                largest = x
                                best = j
                            }
                        }
                    }
                    result[i] = best
                }
            }
        }
    }

    /// The column index of the largest element of each row.
    @inlinable
    public func rowArgmax() -> [Int] {
        var indices = [Int](repeating: 0, count: rows)
        rowArgmax(into: &indices)
        return indices
    }
}
