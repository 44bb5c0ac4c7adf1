/// A dense row-major matrix of `Float` or `Double` with value semantics.
///
/// The `rows * columns` elements lie contiguously in ``elements``, row after
/// row, so that BLAS reads them in place: element `(i, j)` is
/// `elements[i * columns + j]`. Copies share storage until one of them is
/// written (copy-on-write), like `Array`.
///
/// ```swift
/// let a = Matrix<Double>([[1, 2], [3, 4]])
/// let b = Matrix<Double>(identity: 2)
/// let c = matmul(a, b)            // one cblas_dgemm call
/// ```
///
/// A mini-batch is a row range, ``rows(_:)``, which copies nothing.
public struct Matrix<Scalar: BLASScalar>: MutableRowMajorMatrix, Sendable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// The elements in row-major order; `count == rows * columns`.
    public var elements: [Scalar] { storage }

    @usableFromInline var storage: [Scalar]

    /// A matrix of the given shape whose elements are `elements`, row after
    /// row. Stops when `elements.count != rows * columns`.
    @inlinable
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        require(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)x\(columns)")
        require(
            elements.count == rows * columns,
            "Matrix: a \(rows)x\(columns) matrix needs \(rows * columns) elements, got \(elements.count)"
        )
        self.rows = rows
        self.columns = columns
        self.storage = elements
    }

    /// A `rows x columns` matrix with every element equal to `value`.
    @inlinable
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        require(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)x\(columns)")
        self.init(
            rows: rows, columns: columns,
            elements: [Scalar](repeating: value, count: rows * columns))
    }

    /// A matrix from its rows. Stops when the rows differ in length.
    @inlinable
    public init(_ rowArrays: [[Scalar]]) {
        let columns = rowArrays.first?.count ?? 0
        for (index, row) in rowArrays.enumerated() {
            require(
                row.count == columns,
                "Matrix: row 0 has \(columns) elements but row \(index) has \(row.count)")
        }
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    /// A `rows x columns` matrix whose element `(i, j)` is `value(i, j)`.
    @inlinable
    public init(rows: Int, columns: Int, _ value: (_ row: Int, _ column: Int) throws -> Scalar)
        rethrows
    {
        var elements = [Scalar]()
        elements.reserveCapacity(rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { elements.append(try value(i, j)) }
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    /// The `n x n` identity matrix.
    @inlinable
    public init(identity n: Int) {
        self.init(rows: n, columns: n) { $0 == $1 ? 1 : 0 }
    }

    /// A copy of any row-major matrix (a slice or a view) as an owning matrix.
    @inlinable
    public init(_ other: some RowMajorMatrix<Scalar>) {
        self.init(
            rows: other.rows, columns: other.columns,
            elements: other.withUnsafeScalars { Array($0) })
    }

    /// The element in row `row` and column `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Scalar {
        get {
            checkIndex(row, column)
            return elements[row * columns + column]
        }
        set {
            checkIndex(row, column)
            storage[row * columns + column] = newValue
        }
    }

    @inlinable
    func checkIndex(_ row: Int, _ column: Int) {
        require(
            row >= 0 && row < rows && column >= 0 && column < columns,
            "Matrix: index (\(row), \(column)) out of range for a \(rows)x\(columns) matrix")
    }

    /// Row `row` as an array slice of the storage (no copy).
    @inlinable
    public func row(_ row: Int) -> ArraySlice<Scalar> {
        require(row >= 0 && row < rows, "Matrix: row \(row) out of range for \(rows) rows")
        return elements[row * columns..<(row + 1) * columns]
    }

    /// The rows in `range` as a matrix that shares this one's storage: a
    /// mini-batch costs no copy.
    @inlinable
    public func rows(_ range: Range<Int>) -> MatrixSlice<Scalar> {
        require(
            range.lowerBound >= 0 && range.upperBound <= rows,
            "Matrix: rows \(range) out of range for a \(rows)x\(columns) matrix")
        return MatrixSlice(
            rows: range.count, columns: columns,
            elements: elements[range.lowerBound * columns..<range.upperBound * columns])
    }

    /// The same elements in a new shape with equal element count.
    @inlinable
    public func reshaped(rows: Int, columns: Int) -> Matrix {
        Matrix(rows: rows, columns: columns, elements: elements)
    }

    /// A new matrix holding `A^T`. Products never need it (see
    /// ``transposed``); this is for display and for tests.
    @inlinable
    public func transposedCopy() -> Matrix {
        Matrix(rows: columns, columns: rows) { self[$1, $0] }
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

extension Matrix: Equatable {}
extension Matrix: Hashable {}

extension Matrix: Codable {
    private enum CodingKeys: String, CodingKey { case rows, columns, elements }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try container.decode(Int.self, forKey: .rows)
        let columns = try container.decode(Int.self, forKey: .columns)
        let elements = try container.decode([Scalar].self, forKey: .elements)
        guard rows >= 0, columns >= 0, elements.count == rows * columns else {
            throw DecodingError.dataCorruptedError(
                forKey: .elements, in: container,
                debugDescription:
                    "a \(rows)x\(columns) matrix needs \(rows * columns) elements, got \(elements.count)"
            )
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(columns, forKey: .columns)
        try container.encode(elements, forKey: .elements)
    }
}

extension Matrix: CustomStringConvertible {
    /// The shape, then the rows (at most 8 rows and 8 columns are shown).
    public var description: String {
        let shownRows = Swift.min(rows, 8)
        let shownColumns = Swift.min(columns, 8)
        var lines = ["\(rows)x\(columns) Matrix<\(Scalar.self)>"]
        for i in 0..<shownRows {
            var line = (0..<shownColumns).map { "\(self[i, $0])" }.joined(separator: "  ")
            if shownColumns < columns { line += "  ..." }
            lines.append("  " + line)
        }
        if shownRows < rows { lines.append("  ...") }
        return lines.joined(separator: "\n")
    }
}
