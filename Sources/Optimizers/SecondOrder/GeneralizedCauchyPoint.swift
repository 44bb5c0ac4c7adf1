import Tensor

/// Where a variable stands after the generalized Cauchy point: free for the
/// subspace minimization, or held at a bound.
@usableFromInline
enum BoundStatus: UInt8, Sendable {
    /// Strictly inside its bounds (or unbounded): free.
    case free
    /// Held at its lower bound.
    case atLower
    /// Held at its upper bound.
    case atUpper
    /// `l_i = u_i`: never moves.
    case fixed
}

/// The generalized Cauchy point of L-BFGS-B: the first local minimizer of
/// the quadratic model
///
/// ```
/// m(x) = f + g^T (x - x_k) + (x - x_k)^T B (x - x_k) / 2,   B = theta I - W M W^T
/// ```
///
/// along the projected steepest-descent path `x(t) = P(x_k - t g)`, found by
/// visiting the breakpoints `t_i` (where `x_i(t)` meets a bound) in
/// increasing order (Byrd, Lu, Nocedal & Zhu 1995, section 4, algorithm CP).
/// On each segment `[t_{j-1}, t_j]` with direction `d` (the components of
/// `-g` whose breakpoint is not yet passed), `m` is the parabola with
///
/// ```
/// f'  = g^T d + theta d^T z - d^T W M c        z = x(t_{j-1}) - x_k, c = W^T z
/// f'' = theta d^T d - d^T W M W^T d
/// ```
///
/// and its minimizer `t_{j-1} - f'/f''` ends the search when it comes before
/// `t_j`. Passing breakpoint `b` updates `f'`, `f''`, `p = W^T d` and `c` in
/// `O(k^2)` with row `b` of `W` (eqs. 4.9-4.11), so the whole search costs
/// `O(n + k^2 * breakpoints passed)` besides `p = W^T d`.
///
/// Buffers for `n` variables and `m` pairs are allocated once.
@usableFromInline
struct GeneralizedCauchyPoint<Scalar: BLASScalar>: Sendable {
    /// The Cauchy point `x^c`.
    @usableFromInline var point: [Scalar]
    /// Which variables are free at `x^c`.
    @usableFromInline var status: [BoundStatus]
    /// `c = W^T (x^c - x_k)` (`2k` elements).
    @usableFromInline var c: [Scalar]
    @usableFromInline var direction: [Scalar]
    @usableFromInline var p: [Scalar]
    @usableFromInline var v: [Scalar]
    @usableFromInline var rowOfW: [Scalar]
    @usableFromInline var breakpoints: BreakpointHeap<Scalar>

    @inlinable
    init(parameterCount n: Int, historySize m: Int) {
        point = [Scalar](repeating: 0, count: n)
        direction = point
        status = [BoundStatus](repeating: .free, count: n)
        c = [Scalar](repeating: 0, count: 2 * m)
        p = c
        v = c
        rowOfW = c
        breakpoints = BreakpointHeap(capacity: n, zero: 0)
    }

    /// Takes `x` itself as the Cauchy point with every variable free and
    /// `c = 0`: L-BFGS-B 3.0's shortcut when nothing is bounded and there
    /// is history, after which the subspace step is the L-BFGS step.
    @inlinable
    mutating func start(at x: [Scalar], historySize k: Int) {
        BLAS.copy(x, &point)
        for i in status.indices { status[i] = .free }
        for j in 0..<(2 * k) { c[j] = 0 }
    }

    /// Computes ``point``, ``status`` and ``c`` for the feasible point `x`
    /// with gradient `g`.
    @inlinable
    mutating func compute(
        at x: [Scalar], gradient g: [Scalar], box: BoxConstraints<Scalar>,
        matrix: CompactLBFGSMatrix<Scalar>
    ) {
        let n = x.count
        let k2 = 2 * matrix.count
        let theta = matrix.theta
        BLAS.copy(x, &point)
        breakpoints.removeAll()
        // The slope f' = g^T d with d = -g on the variables that can move;
        // every moving variable with no bound ahead leaves the path unbounded.
        var slope: Scalar = 0
        var boundedPath = true
        for i in 0..<n {
            let (l, u) = (box.lower[i], box.upper[i])
            direction[i] = 0
            if l == u {
                status[i] = .fixed
            } else if x[i] <= l && g[i] >= 0 {
                status[i] = .atLower
            } else if x[i] >= u && g[i] <= 0 {
                status[i] = .atUpper
            } else {
                status[i] = .free
                guard g[i] != 0 else { continue }
                direction[i] = -g[i]
                slope -= g[i] * g[i]
                if g[i] > 0, l.isFinite {
                    breakpoints.append((x[i] - l) / g[i], variable: i)
                } else if g[i] < 0, u.isFinite {
                    breakpoints.append((x[i] - u) / g[i], variable: i)
                } else {
                    boundedPath = false
                }
            }
        }
        for j in 0..<k2 { c[j] = 0 }
        guard slope < 0 else { return }  // d = 0: x is the Cauchy point
        breakpoints.heapify()
        matrix.transposedProduct(direction, into: &p)
        var curvature = -theta * slope
        if k2 > 0 {
            copyPrefix(p, into: &v, count: k2)
            matrix.applyMiddle(&v)
            curvature -= dotPrefix(v, p, count: k2)
        }
        // Fortran's f2_org: a floor on f'' against cancellation.
        let curvatureFloor = Scalar.ulpOfOne * curvature
        var minimizerStep = -slope / curvature
        var segmentStart: Scalar = 0  // t_{j-1}
        var allFixed = false
        while !breakpoints.isEmpty {
            let (time, b) = breakpoints.popMinimum()
            let length = time - segmentStart
            if minimizerStep < length { break }
            // Move to breakpoint b and hold x_b at its bound.
            segmentStart = time
            let db = direction[b]
            direction[b] = 0
            let zb: Scalar
            if db > 0 {
                point[b] = box.upper[b]
                status[b] = .atUpper
            } else {
                point[b] = box.lower[b]
                status[b] = .atLower
            }
            zb = point[b] - x[b]
            if breakpoints.isEmpty && boundedPath {
                // Every moving variable is at a bound: x^c is the last breakpoint.
                allFixed = true
                minimizerStep = 0
                for j in 0..<k2 { c[j] += length * p[j] }
                break
            }
            slope += length * curvature + db * db - theta * db * zb
            curvature -= theta * db * db
            if k2 > 0 {
                for j in 0..<k2 { c[j] += length * p[j] }
                matrix.row(b, into: &rowOfW)
                copyPrefix(rowOfW, into: &v, count: k2)
                matrix.applyMiddle(&v)  // v = M w_b
                let wmc = dotPrefix(v, c, count: k2)
                let wmp = dotPrefix(v, p, count: k2)
                let wmw = dotPrefix(v, rowOfW, count: k2)
                for j in 0..<k2 { p[j] -= db * rowOfW[j] }
                slope += db * wmc
                curvature += 2 * db * wmp - db * db * wmw
            }
            curvature = max(curvatureFloor, curvature)
            minimizerStep = breakpoints.isEmpty && boundedPath ? 0 : -slope / curvature
        }
        if allFixed { return }
        minimizerStep = max(minimizerStep, 0)
        let step = segmentStart + minimizerStep
        for i in 0..<n where direction[i] != 0 {
            point[i] = min(max(x[i] + step * direction[i], box.lower[i]), box.upper[i])
        }
        for j in 0..<k2 { c[j] += minimizerStep * p[j] }
    }
}
