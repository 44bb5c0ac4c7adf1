import Tensor

/// `P A = L U` with partial pivoting of a small dense `k x k` matrix, in
/// place, for the `2m x 2m` symmetric indefinite systems of L-BFGS-B's
/// compact representation (`k <= 2m`, a few dozen at most), where a LAPACK
/// call would cost more in setup than in arithmetic (Golub & Van Loan,
/// *Matrix Computations*, 4th ed., 2013, algorithm 3.4.1).
///
/// Storage for the largest size is allocated once; the matrix is written
/// with ``set(_:_:_:)`` (row-major, leading dimension `capacity`).
@usableFromInline
struct SmallLUFactorization<Scalar: BLASScalar>: Sendable {
    @usableFromInline var entries: [Scalar]
    @usableFromInline var pivots: [Int]
    @usableFromInline let capacity: Int
    /// The order `k` of the matrix last written or factored.
    @usableFromInline var size = 0

    @inlinable
    init(capacity: Int) {
        self.capacity = capacity
        entries = [Scalar](repeating: 0, count: capacity * capacity)
        pivots = [Int](repeating: 0, count: capacity)
    }

    @inlinable
    subscript(row: Int, column: Int) -> Scalar {
        get { entries[row * capacity + column] }
        set { entries[row * capacity + column] = newValue }
    }

    /// Starts a `size x size` matrix of zeros.
    @inlinable
    mutating func reset(size: Int) {
        self.size = size
        for row in 0..<size {
            for column in 0..<size { self[row, column] = 0 }
        }
    }

    /// Factors the matrix in place. `false` when a pivot is below
    /// `k eps max|a_ij|` (singular to working precision); the factors are
    /// then unusable.
    @inlinable
    mutating func factor() -> Bool {
        var largest: Scalar = 0
        for row in 0..<size {
            for column in 0..<size { largest = max(largest, abs(self[row, column])) }
        }
        guard largest.isFinite, largest > 0 else { return size == 0 }
        let threshold = Scalar(size) * Scalar.ulpOfOne * largest
        for k in 0..<size {
            var pivotRow = k
            for row in (k + 1)..<size where abs(self[row, k]) > abs(self[pivotRow, k]) {
                pivotRow = row
            }
            guard abs(self[pivotRow, k]) > threshold else { return false }
            pivots[k] = pivotRow
            if pivotRow != k {
                for column in 0..<size {
                    let t = self[k, column]
                    self[k, column] = self[pivotRow, column]
                    self[pivotRow, column] = t
                }
            }
            let pivot = self[k, k]
            for row in (k + 1)..<size {
                let multiplier = self[row, k] / pivot
                self[row, k] = multiplier
                for column in (k + 1)..<size { self[row, column] -= multiplier * self[k, column] }
            }
        }
        return true
    }

    /// Solves `A w = b` in place (`b` has at least `size` elements; the
    /// rest are left alone) with the factors of ``factor()``.
    @inlinable
    func solve(_ b: inout [Scalar]) {
        for k in 0..<size where pivots[k] != k { b.swapAt(k, pivots[k]) }
        for row in 0..<size {
            var sum = b[row]
            for column in 0..<row { sum -= self[row, column] * b[column] }
            b[row] = sum
        }
        for row in stride(from: size - 1, through: 0, by: -1) {
            var sum = b[row]
            for column in (row + 1)..<size { sum -= self[row, column] * b[column] }
            b[row] = sum / self[row, row]
        }
    }
}
