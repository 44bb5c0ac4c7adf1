import Optimizers
import Tensor
import Testing

/// The tolerance for comparing with float64 golden values: a few units in
/// the last place of a Double, and, for Float, what rounding every input and
/// every operation to 24 bits does over a few steps.
func goldenTolerance<Scalar: BLASScalar>(_: Scalar.Type) -> Double {
    Scalar.self == Float.self ? 2e-5 : 1e-12
}

/// Expects `actual` to match `expected` element by element within
/// `tolerance * max(1, |expected|)`.
func expectClose<Scalar: BLASScalar>(
    _ actual: [Scalar], _ expected: [Double], tolerance: Double, _ comment: Comment? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, comment, sourceLocation: sourceLocation)
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let error = abs(Double(a) - e)
        #expect(
            error <= tolerance * max(1, abs(e)),
            "\(comment.map { "\($0)" } ?? "") element \(i): \(a) vs \(e)",
            sourceLocation: sourceLocation)
    }
}

/// Runs `optimizer` from the golden initial parameters through the golden
/// gradients and expects the parameters after each update to match `expected`.
func expectGoldenTrajectory<O: FirstOrderOptimizer>(
    _ optimizer: O, _ expected: [[Double]],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    var optimizer = optimizer
    var parameters = Golden.initialParameters.map { O.Scalar($0) }
    for (step, gradient) in Golden.gradients.enumerated() {
        optimizer.update(&parameters, along: gradient.map { O.Scalar($0) })
        expectClose(
            parameters, expected[step], tolerance: goldenTolerance(O.Scalar.self),
            "\(O.self) after update \(step + 1)", sourceLocation: sourceLocation)
    }
    #expect(optimizer.stepCount == Golden.gradients.count, sourceLocation: sourceLocation)
}

/// The ill-conditioned bowl `L(x, y) = (a x^2 + b y^2) / 2` (Goodfellow,
/// Bengio and Courville, *Deep Learning*, 2016, section 4.3.1).
func bowl<Scalar: BLASScalar>(a: Scalar, b: Scalar) -> ClosureObjective<Scalar> {
    ClosureObjective(parameterCount: 2) { w, g in
        g[0] = a * w[0]
        g[1] = b * w[1]
        let (first, second): (Scalar, Scalar) = (a * w[0] * w[0], b * w[1] * w[1])
        return (first + second) / 2
    }
}
