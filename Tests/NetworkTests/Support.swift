import Network
import Tensor

extension Matrix {
    /// A reproducible random matrix, `N(0, 1)` entries.
    static func random(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
        var generator = Xoshiro256StarStar(seed: seed)
        return Matrix(randomNormalRows: rows, columns: columns, using: &generator)
    }
}

/// A model from a seed, so that each test states only what matters to it.
func makeModel<Scalar: BLASScalar>(
    _: Scalar.Type = Scalar.self, inputs: Int, layers: [Layer], loss: Loss,
    initializer: Initializer? = nil, regularization: Regularization = .none, seed: UInt64 = 1
) -> Sequential<Scalar> {
    var generator = Xoshiro256StarStar(seed: seed)
    return Sequential(
        inputs: inputs, layers: layers, loss: loss, initializer: initializer,
        regularization: regularization, using: &generator)
}

/// Targets that suit a loss: labels for the cross-entropies (0/1 for a
/// single binary output), values in (0, 1) for the regressions.
func targets<Scalar: BLASScalar>(
    for loss: Loss, batch: Int, outputs: Int, seed: UInt64
) -> Targets<Scalar> {
    var generator = Xoshiro256StarStar(seed: seed)
    switch loss {
    case .softmaxCrossEntropy, .binaryCrossEntropy:
        let classes = loss == .binaryCrossEntropy && outputs == 1 ? 2 : outputs
        return Targets(labels: (0..<batch).map { _ in Int.random(in: 0..<classes, using: &generator) })
    case .meanSquaredError, .meanAbsoluteError:
        return Targets(
            values: Matrix(randomUniformRows: batch, columns: outputs, in: 0.05...0.95, using: &generator))
    }
}

/// Points on two interleaved spirals (the classic hard 2-D set): class `c`
/// at angle `t` has radius `t` and phase `c * pi`, with Gaussian jitter.
func spirals(pointsPerClass n: Int, noise: Double, seed: UInt64) -> (Matrix<Double>, [Int]) {
    var generator = Xoshiro256StarStar(seed: seed)
    var rows: [[Double]] = []
    var labels: [Int] = []
    for c in 0..<2 {
        for i in 0..<n {
            let t = 0.5 + 3.5 * Double(i) / Double(n)  // 0.5 to 4 radians of turn
            let (jitterX, jitterY) = Double.standardNormalPair(using: &generator)
            let angle = t * 2.0 + Double(c) * Double.pi
            rows.append([
                t * Double.cos(angle) + noise * jitterX, t * Double.sin(angle) + noise * jitterY,
            ])
            labels.append(c)
        }
    }
    return (Matrix(rows), labels)
}

/// Calls `body` with a view of `m`'s elements; writes through it land in `m`.
func withView<Scalar: BLASScalar, R>(
    _ m: inout Matrix<Scalar>, _ body: (MatrixView<Scalar>) throws -> R
) rethrows -> R {
    let (rows, columns) = (m.rows, m.columns)
    return try m.withUnsafeMutableScalars { try body(MatrixView($0, rows: rows, columns: columns)) }
}
