import Tensor

/// The memory of an ``LBFGSB`` run: the compact limited-memory matrix
/// `B = theta I - W M W^T` (Byrd, Lu, Nocedal & Zhu 1995, section 3), that
/// is the last `m` pairs `(s, y)`, their products `S^T S` and `S^T Y`, and
/// `theta`. Everything else an iteration uses (the Cauchy point, the
/// subspace system, the line search's trials) is rebuilt from the iterate.
public struct LBFGSBMemory<Scalar: BLASScalar>: MinimizerMemory {
    /// The pairs and the factored middle matrix.
    @usableFromInline var matrix: CompactLBFGSMatrix<Scalar>
    /// Buffers of an iteration, not coded.
    @usableFromInline var scratch: LBFGSBScratch<Scalar>?

    enum CodingKeys: String, CodingKey { case matrix }

    /// No pairs, room for `historySize` of `parameterCount` values each.
    @inlinable
    init(parameterCount n: Int, historySize m: Int) {
        matrix = CompactLBFGSMatrix(parameterCount: n, historySize: m)
    }

    /// The number of pairs held (at most the history size).
    public var pairCount: Int { matrix.count }

    /// Why this memory cannot belong to a run on `parameterCount`
    /// parameters, or `nil`.
    public func problem(parameterCount n: Int) -> String? {
        matrix.problem(parameterCount: n)
    }
}

/// The buffers of one L-BFGS-B iteration, sized once for `n` parameters
/// and `m` pairs: the direction, the pair being formed, the line search's
/// trials, the Cauchy point, the subspace system, the projected trial the
/// objective sees, and the box of a run without bounds.
@usableFromInline
struct LBFGSBScratch<Scalar: BLASScalar>: Sendable {
    @usableFromInline var direction: [Scalar]
    @usableFromInline var step: [Scalar]
    @usableFromInline var gradientChange: [Scalar]
    @usableFromInline var clamped: [Scalar]
    @usableFromInline var lineSearch: LineSearchBuffers<Scalar>
    @usableFromInline var cauchy: GeneralizedCauchyPoint<Scalar>
    @usableFromInline var subspace: SubspaceMinimization<Scalar>
    @usableFromInline var unbounded: BoxConstraints<Scalar>?

    @inlinable
    init(parameterCount n: Int, historySize m: Int) {
        direction = [Scalar](repeating: 0, count: n)
        step = direction
        gradientChange = direction
        clamped = direction
        lineSearch = LineSearchBuffers(parameterCount: n)
        cauchy = GeneralizedCauchyPoint(parameterCount: n, historySize: m)
        subspace = SubspaceMinimization(parameterCount: n, historySize: m)
    }
}
