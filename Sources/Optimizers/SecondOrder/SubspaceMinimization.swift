import Tensor

/// The subspace step of L-BFGS-B: from the Cauchy point `x^c`, minimize the
/// quadratic model over the variables free at `x^c` (the others held at
/// their bounds) by the direct primal method (Byrd, Lu, Nocedal & Zhu 1995,
/// section 5.1), then bring the result back into the box.
///
/// With `Z` the columns of the identity of the `t` free variables, the
/// reduced gradient and the unconstrained subspace minimizer are
///
/// ```
/// r   = Z^T (g + theta (x^c - x_k) - W M c)                  c = W^T (x^c - x_k)
/// d_u = -(1/theta) r - (1/theta^2) Z^T W (K - W^T Z Z^T W / theta)^{-1} W^T Z r
/// ```
///
/// the second line being Sherman-Morrison-Woodbury on
/// `Z^T B Z = theta I - Z^T W M W^T Z` (eq. 5.9-5.11), with `K = M^{-1}`:
/// one `2k x 2k` solve and `O(t k^2)` for `W^T Z Z^T W`.
///
/// Then, after Morales & Nocedal (2011): the point `P(x^c + Z d_u)` is kept
/// when it is the unconstrained minimizer (no bound met) or a descent
/// direction from `x_k` (`g^T (P(x^c + Z d_u) - x_k) <= 0`); otherwise the
/// step from `x^c` is truncated to the box, `x^c + alpha* Z d_u` with the
/// largest `alpha* <= 1` that stays feasible (the original paper's
/// eq. 5.8), as L-BFGS-B 3.0 does.
@usableFromInline
struct SubspaceMinimization<Scalar: BLASScalar>: Sendable {
    @usableFromInline var reducedGradient: [Scalar]
    @usableFromInline var freeVariables: [Int]
    @usableFromInline var freeCount = 0
    @usableFromInline var system: SmallLUFactorization<Scalar>
    @usableFromInline var v: [Scalar]
    @usableFromInline var w: [Scalar]
    @usableFromInline var rowOfW: [Scalar]
    /// `x^c` before the projection, for the fallback to truncation.
    @usableFromInline var cauchyPoint: [Scalar]

    @inlinable
    init(parameterCount n: Int, historySize m: Int) {
        reducedGradient = [Scalar](repeating: 0, count: n)
        freeVariables = [Int](repeating: 0, count: n)
        system = SmallLUFactorization(capacity: 2 * m)
        v = [Scalar](repeating: 0, count: 2 * m)
        w = v
        rowOfW = v
        cauchyPoint = reducedGradient
    }

    /// Replaces `point` (the Cauchy point on entry, with its ``BoundStatus``
    /// and `c`) by the subspace step's result. Returns `false` when the
    /// reduced system is singular; `point` is then left at `x^c`.
    @inlinable
    mutating func minimize(
        point: inout [Scalar], status: [BoundStatus], c: [Scalar], from x: [Scalar],
        gradient g: [Scalar], box: BoxConstraints<Scalar>, matrix: CompactLBFGSMatrix<Scalar>
    ) -> Bool {
        let k2 = 2 * matrix.count
        let theta = matrix.theta
        freeCount = 0
        for i in status.indices where status[i] == .free {
            freeVariables[freeCount] = i
            freeCount += 1
        }
        guard freeCount > 0, k2 > 0 else { return true }

        // r = Z^T (g + theta (x^c - x) - W M c).
        copyPrefix(c, into: &w, count: k2)
        matrix.applyMiddle(&w)
        for j in 0..<freeCount {
            let i = freeVariables[j]
            reducedGradient[j] =
                g[i] + theta * (point[i] - x[i]) - matrix.productComponent(i, w)
        }

        // K - W^T Z Z^T W / theta, and v = W^T Z r.
        matrix.writeMiddleInverse(into: &system)
        for a in 0..<k2 { v[a] = 0 }
        for j in 0..<freeCount {
            matrix.row(freeVariables[j], into: &rowOfW)
            let r = reducedGradient[j]
            for a in 0..<k2 {
                v[a] += rowOfW[a] * r
                let scaled = rowOfW[a] / theta
                for b in 0...a { system[a, b] -= scaled * rowOfW[b] }
            }
        }
        for a in 0..<k2 {
            for b in 0..<a { system[b, a] = system[a, b] }
        }
        guard system.factor() else { return false }
        system.solve(&v)

        // d_u = -r / theta - Z^T W v / theta^2, kept in reducedGradient.
        for j in 0..<freeCount {
            let i = freeVariables[j]
            reducedGradient[j] =
                -reducedGradient[j] / theta - matrix.productComponent(i, v) / (theta * theta)
        }

        // Morales & Nocedal 2011: project, and keep it if it descends.
        BLAS.copy(point, &cauchyPoint)
        var projected = false
        for j in 0..<freeCount {
            let i = freeVariables[j]
            let target = point[i] + reducedGradient[j]
            point[i] = min(max(target, box.lower[i]), box.upper[i])
            if point[i] != target || point[i] == box.lower[i] || point[i] == box.upper[i] {
                projected = true
            }
        }
        guard projected else { return true }
        var slope: Scalar = 0
        for i in point.indices { slope += (point[i] - x[i]) * g[i] }
        guard slope > 0 else { return true }

        // Otherwise truncate x^c + alpha d_u at the first bound (eq. 5.8).
        BLAS.copy(cauchyPoint, &point)
        var alpha: Scalar = 1
        var blocking = -1
        for j in 0..<freeCount {
            let i = freeVariables[j]
            let d = reducedGradient[j]
            guard d != 0 else { continue }
            let room = d > 0 ? box.upper[i] - point[i] : box.lower[i] - point[i]
            let exceeds = d > 0 ? d * alpha > room : d * alpha < room
            let limit = room * d <= 0 ? 0 : exceeds ? room / d : alpha
            if limit < alpha {
                alpha = limit
                blocking = j
            }
        }
        for j in 0..<freeCount {
            let i = freeVariables[j]
            point[i] =
                j == blocking
                ? (reducedGradient[j] > 0 ? box.upper[i] : box.lower[i])
                : min(max(point[i] + alpha * reducedGradient[j], box.lower[i]), box.upper[i])
        }
        return true
    }
}
