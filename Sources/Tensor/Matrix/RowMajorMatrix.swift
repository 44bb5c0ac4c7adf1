/// A row-major matrix whose rows are contiguous and packed (the leading
/// dimension equals ``columns``): ``Matrix``, a row range of one
/// (``MatrixSlice``), or a view into a flat buffer (``MatrixView``).
///
/// Element `(i, j)` is scalar `i * columns + j` of the buffer.
public protocol RowMajorMatrix<Scalar>: ScalarBuffer, MatrixOperand where Storage == Self {
    /// The number of rows.
    var rows: Int { get }
    /// The number of columns.
    var columns: Int { get }
}

/// A row-major matrix that BLAS can write into (a GEMM output).
public protocol MutableRowMajorMatrix<Scalar>: RowMajorMatrix, MutableScalarBuffer {}

extension RowMajorMatrix {
    /// `rows x columns`, as shape messages print it.
    @inlinable public var shapeDescription: String { "\(rows)x\(columns)" }

    /// The number of scalars, `rows * columns`.
    @inlinable public var count: Int { rows * columns }

    /// Itself: a row-major matrix is an untransposed GEMM operand.
    @inlinable public var storage: Self { self }

    /// `false`: the operand is the matrix as stored.
    @inlinable public var isTransposed: Bool { false }

    /// `A^T` as a GEMM operand: no copy is made; GEMM reads the same storage
    /// with its transpose flag set.
    @inlinable public var transposed: Transposed<Self> { Transposed(self) }

    /// The element in row `row` and column `column`.
    @inlinable
    public func element(_ row: Int, _ column: Int) -> Scalar {
        require(
            row >= 0 && row < rows && column >= 0 && column < columns,
            "index (\(row), \(column)) out of range for a \(shapeDescription) matrix")
        return withUnsafeScalars { $0[row * columns + column] }
    }
}

/// The left or right factor of a product: a matrix as stored, or its
/// transpose (``Transposed``) read from the same storage.
public protocol MatrixOperand<Scalar> {
    associatedtype Scalar where Scalar == Storage.Scalar
    associatedtype Storage: RowMajorMatrix

    /// The matrix as it lies in memory.
    var storage: Storage { get }
    /// Whether the operand is the transpose of ``storage``.
    var isTransposed: Bool { get }
}

extension MatrixOperand {
    /// Rows of the operand, `op(A)`.
    @inlinable public var operandRows: Int { isTransposed ? storage.columns : storage.rows }
    /// Columns of the operand, `op(A)`.
    @inlinable public var operandColumns: Int { isTransposed ? storage.rows : storage.columns }
    /// `op(A)`'s shape, with a `^T` when it is a transpose.
    @inlinable public var operandDescription: String {
        isTransposed ? "(\(storage.shapeDescription))^T" : storage.shapeDescription
    }
}

/// The transpose `A^T` of a row-major matrix, used only as a GEMM/GEMV
/// operand: `BLAS.gemm(X.transposed, dZ, into: &dW)` computes `dW = X^T dZ`
/// in one call on `X`'s storage, never an explicit transposed copy.
public struct Transposed<Base: RowMajorMatrix>: MatrixOperand {
    public typealias Scalar = Base.Scalar

    /// The untransposed matrix.
    public let storage: Base

    /// Wraps `base` as `base^T`.
    @inlinable public init(_ base: Base) { storage = base }

    /// `true`.
    @inlinable public var isTransposed: Bool { true }
}
