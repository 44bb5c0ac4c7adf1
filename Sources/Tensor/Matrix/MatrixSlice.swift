/// A contiguous range of a ``Matrix``'s rows that shares the matrix's
/// storage: what ``Matrix/rows(_:)`` returns for a mini-batch.
///
/// It keeps the storage alive and has value semantics: writing into a slice
/// copies its rows first, and never changes the matrix it came from.
public struct MatrixSlice<Scalar: BLASScalar>: MutableRowMajorMatrix, Sendable {
    /// The number of rows in the range.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// The rows' elements, a slice of the matrix's storage.
    public var elements: ArraySlice<Scalar> { storage }

    @usableFromInline var storage: ArraySlice<Scalar>

    @inlinable
    init(rows: Int, columns: Int, elements: ArraySlice<Scalar>) {
        self.rows = rows
        self.columns = columns
        self.storage = elements
    }

    /// The rows in `range` (counted from the slice's first row), sharing the
    /// same storage: no copy.
    @inlinable
    public func rows(_ range: Range<Int>) -> MatrixSlice {
        require(
            range.lowerBound >= 0 && range.upperBound <= rows,
            "MatrixSlice: rows \(range) out of range for a \(rows)x\(columns) slice")
        let start = storage.startIndex
        return MatrixSlice(
            rows: range.count, columns: columns,
            elements: storage[(start + range.lowerBound * columns)..<(start + range.upperBound * columns)])
    }

    /// The element in row `row` (counted from the slice's first row) and
    /// column `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        element(row, column)
    }

    @inlinable
    public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R)
        rethrows -> R
    {
        try elements.withUnsafeBufferPointer { try body($0) }
    }

    @inlinable
    public mutating func withUnsafeMutableScalars<R>(
        _ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeMutableBufferPointer { try body($0) }
    }
}
