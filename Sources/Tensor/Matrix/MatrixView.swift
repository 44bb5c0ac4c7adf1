/// A `rows x columns` row-major matrix over memory that someone else owns:
/// a layer's weights or gradient inside a model's flat parameter buffer, or
/// the first rows of a workspace sized for the largest batch.
///
/// A view does not retain its memory. Make it inside the owner's
/// `withUnsafeMutableScalars` (or `withUnsafeScalars`) closure and do not
/// let it escape. Writes through a view go straight to that memory, which is
/// the point: a GEMM into a view of the gradient buffer fills the gradient
/// in place.
///
/// ```swift
/// gradient.withUnsafeMutableScalars { g in
///     var dW = MatrixView(g, offset: 0, rows: 784, columns: 256)
///     BLAS.gemm(X.transposed, dZ, into: &dW)       // dW = X^T dZ
/// }
/// ```
public struct MatrixView<Scalar: BLASScalar>: MutableRowMajorMatrix {
    /// The first element, `(0, 0)`.
    public let baseAddress: UnsafeMutablePointer<Scalar>
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int

    /// A view of `rows * columns` elements starting at `baseAddress`.
    @inlinable
    public init(_ baseAddress: UnsafeMutablePointer<Scalar>, rows: Int, columns: Int) {
        require(rows >= 0 && columns >= 0, "MatrixView: negative shape \(rows)x\(columns)")
        self.baseAddress = baseAddress
        self.rows = rows
        self.columns = columns
    }

    /// A view of `rows * columns` elements of `buffer` starting at `offset`.
    /// Stops when they do not fit in the buffer.
    @inlinable
    public init(
        _ buffer: UnsafeMutableBufferPointer<Scalar>, offset: Int = 0, rows: Int, columns: Int
    ) {
        require(
            offset >= 0 && offset + rows * columns <= buffer.count,
            "MatrixView: a \(rows)x\(columns) view at offset \(offset) does not fit in a buffer of \(buffer.count) elements"
        )
        self.init(
            UnsafeMutablePointer(mutating: buffer.address) + offset, rows: rows, columns: columns)
    }

    /// A read-only view of `rows * columns` elements of `buffer` starting at
    /// `offset`: a layer's weights inside the parameter buffer during a
    /// forward pass. Writing through a view made this way is undefined.
    @inlinable
    public init(
        readOnly buffer: UnsafeBufferPointer<Scalar>, offset: Int = 0, rows: Int, columns: Int
    ) {
        self.init(
            UnsafeMutableBufferPointer(mutating: buffer), offset: offset, rows: rows,
            columns: columns)
    }

    /// The first `rows` rows of this view.
    @inlinable
    public func prefix(rows count: Int) -> MatrixView {
        require(
            count >= 0 && count <= rows,
            "MatrixView: \(count) rows requested from a \(shapeDescription) view")
        return MatrixView(baseAddress, rows: count, columns: columns)
    }

    /// The element in row `row` and column `column`, read and written in
    /// place.
    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        get { element(row, column) }
        nonmutating set {
            require(
                row >= 0 && row < rows && column >= 0 && column < columns,
                "MatrixView: index (\(row), \(column)) out of range for \(shapeDescription)")
            baseAddress[row * columns + column] = newValue
        }
    }

    @inlinable
    public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R)
        rethrows -> R
    {
        try body(UnsafeBufferPointer(start: baseAddress, count: rows * columns))
    }

    @inlinable
    public func withUnsafeMutableScalars<R>(
        _ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: baseAddress, count: rows * columns))
    }
}

extension MatrixView {
    /// Sets every row to `row` (`columns` elements): the `1 b^T` that starts
    /// a dense layer's `Z = 1 b^T + X W`, so that the product adds into it
    /// (GEMM with `beta = 1`) instead of OpenBLAS first zeroing `Z` on its
    /// own pass.
    @inlinable
    public func fillRows(with row: UnsafeBufferPointer<Scalar>) {
        require(
            row.count == columns,
            "MatrixView: a row of \(row.count) elements for a \(shapeDescription) matrix")
        for i in 0..<rows {
            let destination = baseAddress + i * columns
            for j in 0..<columns { destination[j] = row[j] }  // no memmove call per short row
        }
    }
}
