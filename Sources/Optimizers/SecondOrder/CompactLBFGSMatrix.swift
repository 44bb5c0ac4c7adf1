import Tensor

/// The limited-memory BFGS matrix in compact form (Byrd, Nocedal & Schnabel
/// 1994, theorem 2.3; Byrd, Lu, Nocedal & Zhu 1995, eq. 3.2-3.4):
///
/// ```
/// B = theta I - W M W^T,   W = [Y, theta S]          (n x 2k)
/// M = K^{-1},              K = [ -D   L^T       ]     (2k x 2k)
///                              [  L   theta S^T S ]
/// ```
///
/// from the last `k <= m` pairs `s_i = x_{i+1} - x_i`, `y_i = g_{i+1} - g_i`
/// (columns of `S` and `Y`, oldest first), with `D = diag(s_i^T y_i)`, `L`
/// the strictly lower triangle of `S^T Y` and `theta = y^T y / s^T y` of
/// the newest pair.
///
/// The pairs live in a ring of `m` slots; `S^T S` and `S^T Y` are kept per
/// slot and updated with `2k` dot products per new pair. `K` is refactored
/// (LU, `O(k^3)`, `k <= m`) after each update, so that `M v` is one small
/// solve. All storage is allocated once.
///
/// `Codable` (``CompactLBFGSMatrix+Codable.swift``): the pairs, their
/// products, `theta` and the ring's position are coded; the factors of `K`
/// are not, being a function of them, and are recomputed when decoded.
@usableFromInline
struct CompactLBFGSMatrix<Scalar: BLASScalar>: Sendable {
    @usableFromInline @StoredAsTensor var steps: [[Scalar]]
    @usableFromInline @StoredAsTensor var gradientChanges: [[Scalar]]
    /// `s_a^T s_b` for slots `a, b` (`m x m`, row-major).
    @usableFromInline @StoredAsTensor var stepProducts: [Scalar]
    /// `s_a^T y_b` for slots `a, b` (`m x m`, row-major).
    @usableFromInline @StoredAsTensor var crossProducts: [Scalar]
    /// The factored `K`.
    @usableFromInline var middle: SmallLUFactorization<Scalar>
    /// `theta`.
    @usableFromInline var theta: Scalar = 1
    /// The slot of the oldest pair.
    @usableFromInline var oldest = 0
    /// The number of pairs `k`.
    @usableFromInline var count = 0
    @usableFromInline let capacity: Int

    @inlinable
    init(parameterCount n: Int, historySize m: Int) {
        capacity = m
        let pairs = Array(repeating: [Scalar](repeating: 0, count: n), count: m)
        let products = [Scalar](repeating: 0, count: m * m)
        steps = pairs
        gradientChanges = pairs
        stepProducts = products
        crossProducts = products
        middle = SmallLUFactorization(capacity: 2 * m)
    }

    /// The slot of pair `k` (0: the oldest).
    @inlinable
    func slot(_ k: Int) -> Int { (oldest + k) % capacity }

    /// `s_a^T y_b` for pairs `a` and `b` (ages, 0 oldest).
    @inlinable
    func stepDotChange(_ a: Int, _ b: Int) -> Scalar {
        crossProducts[slot(a) * capacity + slot(b)]
    }

    /// `s_a^T s_b` for pairs `a` and `b`.
    @inlinable
    func stepDotStep(_ a: Int, _ b: Int) -> Scalar {
        stepProducts[slot(a) * capacity + slot(b)]
    }

    /// Forgets every pair: `B = I`.
    @inlinable
    mutating func reset() {
        count = 0
        oldest = 0
        theta = 1
        middle.size = 0
    }

    /// Adds the pair `(s, y)` (with `s^T y > 0`), dropping the oldest when
    /// `m` are stored, and refactors `K`. Returns `false`, and forgets every
    /// pair, when `K` is singular to working precision (nearly dependent
    /// steps), as L-BFGS-B 3.0 does on a failed factorization.
    @inlinable
    mutating func append(step s: [Scalar], gradientChange y: [Scalar]) -> Bool {
        if count == capacity {
            oldest = (oldest + 1) % capacity
            count -= 1
        }
        let new = slot(count)
        BLAS.copy(s, &steps[new])
        BLAS.copy(y, &gradientChanges[new])
        count += 1
        for k in 0..<count {
            let other = slot(k)
            let ss = BLAS.dot(steps[other], s)
            stepProducts[other * capacity + new] = ss
            stepProducts[new * capacity + other] = ss
            crossProducts[other * capacity + new] = BLAS.dot(steps[other], y)
            crossProducts[new * capacity + other] = BLAS.dot(s, gradientChanges[other])
        }
        theta = BLAS.dot(y, y) / crossProducts[new * capacity + new]
        writeMiddleInverse(into: &middle)
        guard middle.factor() else {
            reset()
            return false
        }
        return true
    }

    /// Writes `K = [-D, L^T; L, theta S^T S]` (`2k x 2k`) into `matrix`.
    @inlinable
    func writeMiddleInverse(into matrix: inout SmallLUFactorization<Scalar>) {
        let k = count
        matrix.reset(size: 2 * k)
        for i in 0..<k {
            matrix[i, i] = -stepDotChange(i, i)
            for j in 0..<i {
                let l = stepDotChange(i, j)  // L_ij = s_i^T y_j, i > j
                matrix[k + i, j] = l
                matrix[j, k + i] = l
            }
            for j in 0..<k { matrix[k + i, k + j] = theta * stepDotStep(i, j) }
        }
    }

    /// `v = M v` (the first `2k` elements).
    @inlinable
    func applyMiddle(_ v: inout [Scalar]) {
        middle.solve(&v)
    }

    /// Row `i` of `W`, `[y_0[i], ..., y_{k-1}[i], theta s_0[i], ...]`, into
    /// the first `2k` elements of `row`.
    @inlinable
    func row(_ i: Int, into row: inout [Scalar]) {
        for k in 0..<count {
            let slot = slot(k)
            row[k] = gradientChanges[slot][i]
            row[count + k] = theta * steps[slot][i]
        }
    }

    /// `p = W^T v` (`2k` elements).
    @inlinable
    func transposedProduct(_ v: [Scalar], into p: inout [Scalar]) {
        for k in 0..<count {
            let slot = slot(k)
            p[k] = BLAS.dot(gradientChanges[slot], v)
            p[count + k] = theta * BLAS.dot(steps[slot], v)
        }
    }

    /// Component `i` of `W v`: `sum_k y_k[i] v_k + theta s_k[i] v_{k+K}`.
    @inlinable
    func productComponent(_ i: Int, _ v: [Scalar]) -> Scalar {
        var sum: Scalar = 0
        for k in 0..<count {
            let slot = slot(k)
            sum += gradientChanges[slot][i] * v[k] + theta * steps[slot][i] * v[count + k]
        }
        return sum
    }
}
