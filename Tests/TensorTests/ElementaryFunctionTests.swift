import Foundation
import Synchronization
import Tensor
import Testing

/// The largest error of `apply` over `inputs`, in units in the last place
/// of the correctly rounded value: `reference` is evaluated in Double
/// (libm) and rounded to `Scalar`, so for Float it is exact to within half
/// an ulp and for Double it is libm itself.
func worstULP<Scalar: BLASScalar>(
    _ apply: (inout [Scalar]) -> Void, reference: (Double) -> Double, inputs: [Scalar]
) -> (ulp: Double, input: Scalar) {
    var outputs = inputs
    apply(&outputs)
    var worst: (ulp: Double, input: Scalar) = (0, 0)
    for (x, y) in zip(inputs, outputs) {
        let expected = Scalar(reference(Double(x)))
        let error: Double
        if expected.isNaN || y.isNaN {
            error = expected.isNaN && y.isNaN ? 0 : .infinity
        } else if expected == y {
            error = 0
        } else {
            // The spacing at the expected value; at 0 or a subnormal, the
            // smallest spacing.
            error = Double(
                Swift.abs(y - expected) / Swift.max(expected.ulp, Scalar.leastNonzeroMagnitude))
        }
        if error > worst.ulp { worst = (error, x) }
    }
    return worst
}

/// `count` evenly spaced points from `low` to `high`, plus `low` and `high`.
func sweep<Scalar: BLASScalar>(_ low: Double, _ high: Double, count: Int) -> [Scalar] {
    (0...count).map { Scalar(low + (high - low) * Double($0) / Double(count)) }
}

/// `count` points spaced evenly in magnitude exponent between `10^low` and
/// `10^high`, with both signs: the arguments where tanh x ~ x.
func magnitudes<Scalar: BLASScalar>(_ low: Double, _ high: Double, count: Int) -> [Scalar] {
    let positive = (0...count).map {
        Scalar(pow(10, low + (high - low) * Double($0) / Double(count)))
    }
    return positive + positive.map { -$0 }
}

/// `1 / (1 + e^-x)` through libm, in the form that cannot overflow.
func libmLogistic(_ x: Double) -> Double {
    x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
}

/// Runs `body` once with the AVX2 + FMA code (where the CPU has it) and
/// once with the baseline code, on the calling thread only (the switch is
/// per thread), so suites training at the same time keep their code.
func withEachCodePath(_ body: () -> Void) {
    let native = VectorMath.usesAVX2
    defer { VectorMath.usesAVX2 = native }
    for avx2 in native ? [true, false] : [false] {
        VectorMath.usesAVX2 = avx2
        body()
    }
}

@Suite("Vectorized elementary functions agree with libm", .serialized)
struct ElementaryFunctionTests {
    // Dense sweeps over each function's whole range, on both code paths.
    // Worst errors seen: tanh 3 ulp (Double, on a 4-million-point sweep)
    // and 2 ulp (Float), exp and logistic 2 ulp, log 1 ulp.

    @Test("forcing the baseline code changes the calling thread only")
    func switchIsPerThread() {
        guard VectorMath.usesAVX2 else { return }
        VectorMath.usesAVX2 = false
        defer { VectorMath.usesAVX2 = true }
        let seenElsewhere = Mutex<Bool?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            seenElsewhere.withLock { $0 = VectorMath.usesAVX2 }
            done.signal()
        }.start()
        done.wait()
        #expect(!VectorMath.usesAVX2)
        #expect(seenElsewhere.withLock { $0 } == true)
    }

    @Test("tanh within 3 ulp over [-25, 25] and at tiny magnitudes")
    func tanh() {
        withEachCodePath {
            for inputs: [Double] in [
                sweep(-25, 25, count: 200_000), magnitudes(-320, 0, count: 50_000),
            ] {
                let worst = worstULP({ $0.formTanh() }, reference: Foundation.tanh, inputs: inputs)
                #expect(worst.ulp <= 3, "\(worst.ulp) ulp at \(worst.input)")
            }
            for inputs: [Float] in [
                sweep(-12, 12, count: 200_000), magnitudes(-45, 0, count: 50_000),
            ] {
                let worst = worstULP({ $0.formTanh() }, reference: Foundation.tanh, inputs: inputs)
                #expect(worst.ulp <= 2, "\(worst.ulp) ulp at \(worst.input)")
            }
        }
    }

    @Test("exp within 2 ulp from underflow to overflow, subnormal results included")
    func exp() {
        withEachCodePath {
            let doubles: [Double] = sweep(-746, 709.78, count: 400_000)
            let worstDouble = worstULP({ $0.formExp() }, reference: Foundation.exp, inputs: doubles)
            #expect(worstDouble.ulp <= 2, "\(worstDouble.ulp) ulp at \(worstDouble.input)")
            let floats: [Float] = sweep(-104, 88.72, count: 400_000)
            let worstFloat = worstULP({ $0.formExp() }, reference: Foundation.exp, inputs: floats)
            #expect(worstFloat.ulp <= 2, "\(worstFloat.ulp) ulp at \(worstFloat.input)")
        }
    }

    @Test("log within 1 ulp from the smallest subnormal to the largest number, and near 1")
    func log() {
        withEachCodePath {
            // Spaced evenly in the exponent, over every binade, and densely
            // around 1, where log x ~ x - 1 must keep its relative accuracy.
            let doubles: [Double] =
                (sweep(-1074, 1023.99, count: 400_000) as [Double]).map { Foundation.exp2($0) }
                + sweep(1 - 1e-6, 1 + 1e-6, count: 100_000) + sweep(0.5, 2, count: 100_000)
            let worstDouble = worstULP({ $0.formLog() }, reference: Foundation.log, inputs: doubles)
            #expect(worstDouble.ulp <= 1, "\(worstDouble.ulp) ulp at \(worstDouble.input)")
            let floats: [Float] =
                (sweep(-149, 127.99, count: 400_000) as [Double]).map { Float(Foundation.exp2($0)) }
                + sweep(1 - 1e-3, 1 + 1e-3, count: 100_000) + sweep(0.5, 2, count: 100_000)
            let worstFloat = worstULP({ $0.formLog() }, reference: Foundation.log, inputs: floats)
            #expect(worstFloat.ulp <= 1, "\(worstFloat.ulp) ulp at \(worstFloat.input)")
        }
    }

    @Test("logistic within 3 ulp, with no overflow for large |x|")
    func logistic() {
        withEachCodePath {
            let doubles: [Double] = sweep(-745, 40, count: 200_000)
            let worstDouble = worstULP(
                { $0.formLogistic() }, reference: libmLogistic, inputs: doubles)
            #expect(worstDouble.ulp <= 3, "\(worstDouble.ulp) ulp at \(worstDouble.input)")
            let floats: [Float] = sweep(-104, 20, count: 200_000)
            let worstFloat = worstULP(
                { $0.formLogistic() }, reference: libmLogistic, inputs: floats)
            #expect(worstFloat.ulp <= 3, "\(worstFloat.ulp) ulp at \(worstFloat.input)")
        }
    }

    @Test("special values: signed zero, infinities, NaN, overflow and underflow")
    func specialValues() {
        withEachCodePath {
            func check<Scalar: BLASScalar>(_: Scalar.Type) {
                let tiny = Scalar.leastNonzeroMagnitude
                var t: [Scalar] = [0, -0.0, .infinity, -.infinity, .nan, tiny, -tiny, 1e30, -1e30]
                t.formTanh()
                #expect(t[0] == 0 && t[0].sign == .plus && t[1] == 0 && t[1].sign == .minus)
                #expect(t[2] == 1 && t[3] == -1 && t[4].isNaN)
                #expect(t[5] == tiny && t[6] == -tiny && t[7] == 1 && t[8] == -1)

                let overflow: Scalar = Scalar.self == Float.self ? 89 : 710
                var e: [Scalar] = [0, .infinity, -.infinity, .nan, overflow, -overflow * 2, 1]
                e.formExp()
                #expect(e[0] == 1 && e[1] == .infinity && e[2] == 0 && e[3].isNaN)
                #expect(e[4] == .infinity && e[5] == 0)
                #expect(Swift.abs(e[6] - Scalar.exp(1)) <= Scalar.exp(1).ulp)

                let huge = Scalar.greatestFiniteMagnitude
                var l: [Scalar] = [0, -0.0, -1, .infinity, -.infinity, .nan, 1, tiny, huge]
                l.formLog()
                #expect(l[0] == -.infinity && l[1] == -.infinity && l[2].isNaN && l[3] == .infinity)
                #expect(l[4].isNaN && l[5].isNaN && l[6] == 0)
                #expect(l[7] == Scalar.log(tiny) && l[8] == Scalar.log(huge))

                var s: [Scalar] = [0, .infinity, -.infinity, .nan, 1e4, -1e4]
                s.formLogistic()
                #expect(s[0] == 0.5 && s[1] == 1 && s[2] == 0 && s[3].isNaN)
                #expect(s[4] == 1 && s[5] == 0)
            }
            check(Float.self)
            check(Double.self)
        }
    }

    @Test("every length writes exactly its elements, each as if computed alone")
    func lengths() {
        let functions: [(inout UnsafeMutableBufferPointer<Double>) -> Void] = [
            { $0.formTanh() }, { $0.formExp() }, { $0.formLogistic() }, { $0.formLog() },
        ]
        withEachCodePath {
            for function in functions {
                for count in 0...19 {
                    // A sentinel past the end catches a vector store that
                    // overruns.
                    var buffer = (0...count).map { Double($0) / 3 - 2 }
                    buffer[count] = 42
                    buffer.withUnsafeMutableBufferPointer { all in
                        var head = UnsafeMutableBufferPointer(rebasing: all[..<count])
                        function(&head)
                    }
                    #expect(buffer[count] == 42)
                    // The vector body and the scalar remainder agree to the
                    // bit with the function of one element.
                    for i in 0..<count {
                        var alone = [Double(i) / 3 - 2]
                        alone.withUnsafeMutableBufferPointer { function(&$0) }
                        #expect(buffer[i].bitPattern == alone[0].bitPattern)
                    }
                }
            }
        }
    }
}
