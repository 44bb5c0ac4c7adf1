import Network
import RealModule
import Tensor
import Testing

/// The activations (Goodfellow et al. 2016, section 6.3) as functions:
/// known values, derivatives
/// expressed through the output (checked against central differences),
/// numerical safety of the sigmoid and the softmax, log-softmax, the fused
/// bias add, and the softmax Jacobian. Every check that depends on precision
/// runs in Float and Double.
@Suite("Activations")
struct ActivationTests {
    /// The element-wise activations (all but softmax), with a custom leaky
    /// slope besides the default one.
    static let elementWise: [Activation] = [
        .identity, .sign, .sigmoid, .tanh, .relu, .leakyReLU(), .leakyReLU(slope: 0.2), .hardTanh,
    ]

    // MARK: Known values

    @Test("known values of every element-wise activation at -2, -0.5, 0, 0.5, 2")
    func knownValues() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let z: [Scalar] = [-2, -0.5, 0, 0.5, 2]
            // sigma(0.5) and sigma(2) to 17 digits; sigma(-z) = 1 - sigma(z).
            let (s05, s2) = (0.622_459_331_201_854_6, 0.880_797_077_977_882_3)
            let (t05, t2) = (0.462_117_157_260_009_76, 0.964_027_580_075_817)
            let expected: [(Activation, [Double])] = [
                (.identity, [-2, -0.5, 0, 0.5, 2]),
                (.sign, [-1, -1, 0, 1, 1]),
                (.sigmoid, [1 - s2, 1 - s05, 0.5, s05, s2]),
                (.tanh, [-t2, -t05, 0, t05, t2]),
                (.relu, [0, 0, 0, 0.5, 2]),
                (.leakyReLU(), [-0.02, -0.005, 0, 0.5, 2]),
                (.leakyReLU(slope: 0.2), [-0.4, -0.1, 0, 0.5, 2]),
                (.hardTanh, [-1, -0.5, 0, 0.5, 1]),
            ]
            for (f, values) in expected {
                for (zi, ei) in zip(z, values) {
                    let a: Scalar = f.value(zi)
                    #expect(
                        isClose(a, Scalar(ei), ulps: 8), "\(f.name)(\(zi)) = \(a), expected \(ei)")
                }
                // The matrix form agrees with the scalar one.
                var m = Matrix(rows: 1, columns: z.count, elements: z)
                withView(&m) { f.apply(to: $0) }
                #expect(m.elements == z.map { f.value($0) }, "\(f.name).apply")
            }
            // Hard tanh is exactly +-1 at and beyond its corners.
            for (zi, ai) in [(-1, -1), (1, 1), (-3, -1), (7, 1)] as [(Scalar, Scalar)] {
                #expect(Activation.hardTanh.value(zi) == ai)
            }
        }
    }

    @Test("known derivatives, each from the output a = f(z)")
    func knownDerivatives() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            func derivative(_ f: Activation, at z: Scalar) -> Scalar {
                f.derivative(output: f.value(z))
            }
            for z: Scalar in [-3, -0.5, 0.5, 3] {
                #expect(derivative(.identity, at: z) == 1)
                #expect(derivative(.sign, at: z) == 0)
                #expect(derivative(.relu, at: z) == (z > 0 ? 1 : 0))
                #expect(derivative(.leakyReLU(), at: z) == (z > 0 ? 1 : Scalar(0.01)))
                #expect(derivative(.leakyReLU(slope: 0.2), at: z) == (z > 0 ? 1 : Scalar(0.2)))
            }
            #expect(derivative(.sigmoid, at: 0) == 0.25)
            #expect(derivative(.tanh, at: 0) == 1)
            // Hard tanh passes the gradient inside (-1, 1) and blocks it outside.
            #expect(derivative(.hardTanh, at: 0.5) == 1)
            #expect(derivative(.hardTanh, at: -0.99) == 1)
            #expect(derivative(.hardTanh, at: 1.5) == 0)
            #expect(derivative(.hardTanh, at: -4) == 0)
            // ReLU's derivative at the kink is taken as 0, leaky ReLU's as the slope.
            #expect(derivative(.relu, at: 0) == 0)
            #expect(derivative(.leakyReLU(slope: 0.2), at: 0) == Scalar(0.2))
        }
    }

    @Test(
        "f'(z) from the output equals the central difference of f away from kinks",
        arguments: elementWise)
    func derivativeMatchesNumerical(activation f: Activation) {
        // Kinks: 0 for sign and the ReLUs, +-1 for hard tanh.
        let points: [Double] = [-4, -2.5, -1.3, -0.7, -0.2, 0.15, 0.6, 0.95, 1.4, 3.5]
        let h = 1e-6
        for z in points {
            let numerical = (f.value(z + h) - f.value(z - h)) / (2 * h)
            let fromOutput = f.derivative(output: f.value(z))
            #expect(Swift.abs(fromOutput - numerical) < 1e-8, "\(f.name)'(\(z))")
            // Float agrees to Float accuracy.
            let single: Float = f.derivative(output: f.value(Float(z)))
            #expect(Swift.abs(Double(single) - fromOutput) < 1e-6, "\(f.name)'(\(z)) in Float")
        }
    }

    @Test("backpropagate multiplies dA by f'(A) element by element", arguments: elementWise)
    func backpropagateIsElementWise(activation f: Activation) {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let z = Matrix<Scalar>.random(6, 5, seed: 11).map { 2 * $0 }
            let dA = Matrix<Scalar>.random(6, 5, seed: 12)
            var a = z
            withView(&a) { f.apply(to: $0) }
            var dZ = dA
            withView(&a) { a in withView(&dZ) { f.backpropagate(output: a, gradient: $0) } }
            for i in 0..<dZ.count {
                #expect(dZ.elements[i] == dA.elements[i] * f.derivative(output: a.elements[i]))
            }
        }
    }

    // MARK: Numerical safety

    @Test("sigmoid: exactly 0.5 at 0, no overflow or NaN at +-1000, symmetric")
    func sigmoidIsSafe() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let f = Activation.sigmoid
            #expect(f.value(Scalar(0)) == 0.5)
            #expect(f.value(Scalar(1000)) == 1)
            #expect(f.value(Scalar(-1000)) == 0)
            #expect(f.value(Scalar.greatestFiniteMagnitude) == 1)
            #expect(f.value(-Scalar.greatestFiniteMagnitude) == 0)
            #expect(f.derivative(output: f.value(Scalar(1000))) == 0)
            #expect(f.derivative(output: f.value(Scalar(-1000))) == 0)
            // A very negative logit still gives a tiny positive probability,
            // not 0 from 1 - 1: sigma(-30) = e^-30 / (1 + e^-30).
            let tiny = f.value(Scalar(-30))
            #expect(isClose(tiny, Scalar.exp(-30) / (1 + Scalar.exp(-30)), ulps: 8))
            for z: Scalar in [0.1, 1, 4.5, 12] {
                #expect(Swift.abs(f.value(-z) + f.value(z) - 1) <= 2 * Scalar.ulpOfOne)
            }
            // The batch forms are just as safe.
            var m = Matrix<Scalar>([[-1000, 0, 1000]])
            withView(&m) { f.apply(to: $0) }
            #expect(m.elements == [0, 0.5, 1])
        }
    }

    @Test("NaN propagates through every element-wise activation, so divergence is not hidden")
    func nanPropagates() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            for f in Self.elementWise {
                #expect(f.value(Scalar.nan).isNaN, "\(f.name).value(nan)")
                var m = Matrix<Scalar>([[.nan, 1]])
                withView(&m) { f.apply(to: $0) }
                #expect(m[0, 0].isNaN, "\(f.name).apply on nan")
            }
        }
    }

    // MARK: Softmax and log-softmax

    @Test("softmax of [1, 2, 3] is [0.0900, 0.2447, 0.6652]")
    func softmaxKnownValues() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            var m = Matrix<Scalar>([[1, 2, 3], [0, 0, 0]])
            withView(&m) { Activation.softmax.apply(to: $0) }
            let expected: [Double] = [
                0.090_030_573_170_380_46, 0.244_728_471_054_797_64, 0.665_240_955_774_821_9,
                1.0 / 3, 1.0 / 3, 1.0 / 3,
            ]
            for (a, e) in zip(m.elements, expected) {
                #expect(isClose(a, Scalar(e), ulps: 8))
            }
        }
    }

    @Test("softmax rows sum to 1 and do not change when a constant is added to a row")
    func softmaxRowsAndShiftInvariance() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let z = Matrix<Scalar>.random(20, 7, seed: 3).map { 5 * $0 }
            var a = z
            withView(&a) { Softmax.apply(to: $0) }
            for i in 0..<a.rows {
                let row = a.row(i)
                #expect(Swift.abs(row.reduce(0, +) - 1) <= 16 * Scalar.ulpOfOne)
                #expect(row.allSatisfy { $0 > 0 && $0 < 1 })
            }
            // Adding c_i to row i (c from -300 to 300) changes no probability.
            var shifted = Matrix(rows: z.rows, columns: z.columns) { i, j in
                z[i, j] + Scalar(30 * i - 300)
            }
            withView(&shifted) { Softmax.apply(to: $0) }
            #expect(shifted.maximumAbsoluteDifference(a) <= 2_000 * Scalar.ulpOfOne)
        }
    }

    @Test("softmax of logits [1000, 0, -1000] is [1, 0, 0] with no NaN")
    func softmaxExtremeLogits() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            var m = Matrix<Scalar>([[1000, 0, -1000], [-1000, -1000, -1000], [0, 1000, 1000]])
            withView(&m) { Softmax.apply(to: $0) }
            #expect(m.elements.allSatisfy { $0.isFinite })
            #expect(m.row(0) == [1, 0, 0])
            for j in 0..<3 { #expect(isClose(m[1, j], 1 / 3, ulps: 4)) }
            #expect(m.row(2) == [0, 0.5, 0.5])
        }
    }

    @Test(
        "log-softmax equals log(softmax) where representable, and stays finite where it underflows")
    func logSoftmax() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let z = Matrix<Scalar>.random(10, 6, seed: 4).map { 3 * $0 }
            var probabilities = z
            withView(&probabilities) { Softmax.apply(to: $0) }
            var logs = z
            withView(&logs) { Softmax.applyLogarithm(to: $0) }
            for i in 0..<z.count {
                let expected = Scalar.log(probabilities.elements[i])
                #expect(
                    Swift.abs(logs.elements[i] - expected) <= 64 * Scalar.ulpOfOne
                        * (1 + Swift.abs(expected)))
            }
            // softmax underflows to 0 (log gives -inf); log-softmax gives z_i - max z.
            var extreme = Matrix<Scalar>([[1000, 0, -1000]])
            withView(&extreme) { Softmax.applyLogarithm(to: $0) }
            #expect(extreme.row(0) == [0, -1000, -2000])
            var underflowing = Matrix<Scalar>([[1000, 0, -1000]])
            withView(&underflowing) { Softmax.apply(to: $0) }
            #expect(Scalar.log(underflowing[0, 2]) == -.infinity)
            // logSumExp itself: log(e^1000 + e^1000) = 1000 + log 2.
            let pair: [Scalar] = [1000, 1000]
            let lse = pair.withUnsafeBufferPointer { Softmax.logSumExp($0.baseAddress!, 2) }
            #expect(isClose(lse, 1000 + Scalar.log(2), ulps: 4))
        }
    }

    // MARK: Batch form and the softmax Jacobian

    @Test(
        "apply on a batch equals f computed naively, element by element or row by row",
        arguments: Activation.allCases + [.leakyReLU(slope: 0.2)])
    func applyMatchesNaive(activation f: Activation) {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let z = Matrix<Scalar>.random(9, 13, seed: 5).map { 2 * $0 }
            let b = Matrix<Scalar>.random(1, 13, seed: 6).elements
            // Naive: add b to every row, then f element by element or softmax by row.
            var expected = Matrix(rows: 9, columns: 13) { i, j in z[i, j] + b[j] }
            if f == .softmax {
                expected = naiveSoftmax(expected)
            } else {
                expected = expected.map { f.value($0) }
            }
            var batch = Matrix(rows: 9, columns: 13) { i, j in z[i, j] + b[j] }
            withView(&batch) { f.apply(to: $0) }
            #expect(
                batch.maximumAbsoluteDifference(expected) <= 8 * Scalar.ulpOfOne,
                "\(f.name) in \(Scalar.self)")
        }
    }

    @Test("the softmax backward pass is the product with the explicit Jacobian diag(a) - a a^T")
    func softmaxJacobian() {
        check(Float.self)
        check(Double.self)

        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let (rows, k) = (4, 5)
            var a = Matrix<Scalar>.random(rows, k, seed: 7)
            withView(&a) { Softmax.apply(to: $0) }
            let dA = Matrix<Scalar>.random(rows, k, seed: 8)
            var dZ = dA
            withView(&a) { a in
                withView(&dZ) { Activation.softmax.backpropagate(output: a, gradient: $0) }
            }
            for i in 0..<rows {
                // J[p, q] = d softmax_p / d z_q = a_p (delta_pq - a_q); dZ = J^T dA.
                let jacobian = Matrix<Scalar>(rows: k, columns: k) { p, q in
                    a[i, p] * ((p == q ? 1 : 0) - a[i, q])
                }
                var expected = Matrix<Scalar>(rows: 1, columns: k)
                Reference.gemm(dA.rows(i..<(i + 1)), jacobian, into: &expected)
                #expect(
                    Matrix(dZ.rows(i..<(i + 1))).maximumAbsoluteDifference(expected) <= 16
                        * Scalar.ulpOfOne)
                // softmax sums to 1 whatever z is, so its gradient sums to 0.
                #expect(Swift.abs(dZ.row(i).reduce(0, +)) <= 16 * Scalar.ulpOfOne)
            }
        }
    }

    // MARK: Programmer errors

    @Test("a leaky ReLU slope outside [0, 1) stops in a standalone activation too")
    func leakySlopeStopsInApply() async {
        // A negative slope makes f' from the output wrong (a = slope z > 0
        // for z < 0 reads as f' = 1), so it must not run silently.
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent])
        {
            var z = Matrix<Double>([[-2, 3]])
            withView(&z) { Activation.leakyReLU(slope: -0.5).apply(to: $0) }
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("slope -0.5 is not in [0, 1)"))
    }
}

/// `|a - b| <= ulps * eps * |b|`: agreement to a few units in the last place,
/// relative even for tiny values.
private func isClose<Scalar: BLASScalar>(_ a: Scalar, _ b: Scalar, ulps: Scalar) -> Bool {
    a == b || Swift.abs(a - b) <= ulps * Scalar.ulpOfOne * Swift.abs(b)
}

/// Row-wise softmax straight from the definition, with the row maximum
/// subtracted (the rows here are moderate).
private func naiveSoftmax<Scalar: BLASScalar>(_ z: Matrix<Scalar>) -> Matrix<Scalar> {
    var result = z
    for i in 0..<z.rows {
        let row = z.row(i)
        let m = row.max()!
        let total = row.reduce(0) { $0 + Scalar.exp($1 - m) }
        for j in 0..<z.columns { result[i, j] = Scalar.exp(z[i, j] - m) / total }
    }
    return result
}
