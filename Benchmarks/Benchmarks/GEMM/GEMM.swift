// BLAS.gemm into a preallocated output, the one call behind every dense-layer
// product. Each benchmark times one GEMM and counts the mallocs it makes: the
// library's claim is that a product into a uniquely owned Matrix allocates
// nothing, so mallocCountTotal must stay 0 (see the thresholds below).
//
// Every product runs with 1 and with 2 OpenBLAS threads (docs/ARCHITECTURE.md, principle
// 8: the benchmarks show both settings). The two differ in mallocs too:
// Debian's OpenBLAS 0.3.21 (MAX_THREADS=64) mallocs a 512 KiB job array in
// each level-3 call that it splits across threads, so a threads=2 product
// large enough to be split shows 1 malloc per call, made by OpenBLAS, not by
// Perceptron. With threads=1 every product allocates nothing.

import Benchmark
import Tensor

/// The operands and output of one product, built once in a benchmark's setup
/// so that allocating and filling them is not timed or counted.
///
/// A class so that `c` has a single owner: a struct handed to the closure by
/// value would share `c`'s storage with the setup's copy, and the first write
/// through `into: &c` would then copy it (a malloc) on every iteration.
final class Product<Scalar: BLASScalar> {
    let a: Matrix<Scalar>
    let b: Matrix<Scalar>
    var c: Matrix<Scalar>

    /// Random normal `a` and `b` of the given `(rows, columns)` shapes and a
    /// zero `c`.
    init(a aShape: (Int, Int), b bShape: (Int, Int), c cShape: (Int, Int)) {
        var generator = Xoshiro256StarStar(seed: 42)
        a = Matrix(randomNormalRows: aShape.0, columns: aShape.1, using: &generator)
        b = Matrix(randomNormalRows: bShape.0, columns: bShape.1, using: &generator)
        c = Matrix(rows: cShape.0, columns: cShape.1)
    }
}

/// Which product of a dense layer, as `BLAS.gemm` spells it.
enum Kind {
    /// `C = A B`: a square product, or the forward pass `Z = X W`.
    case plain
    /// `dW = X^T dZ`, the weight gradient (A is stored `batch x in`).
    case transposedA
    /// `dX = dZ W^T`, the input gradient (B is stored `in x out`).
    case transposedB
}

/// Registers the benchmark of `C (m x n) = op(A) (m x k) * op(B) (k x n)`
/// with `threads` OpenBLAS threads, named
/// `<Scalar>.<name>.<m>x<k>x<n>.threads=<threads>`.
///
/// No spaces in names: package-benchmark 1.38.1 writes a static threshold
/// file with spaces turned into `_` but looks it up by the raw name, so a
/// name with a space never finds its thresholds (ordo-one/benchmark#373).
func gemmBenchmark<Scalar: BLASScalar>(
    _ name: String, _: Scalar.Type, kind: Kind, m: Int, k: Int, n: Int, threads: Int
) {
    // The shapes A and B are stored in: op() swaps a transposed operand's.
    let aShape = kind == .transposedA ? (k, m) : (m, k)
    let bShape = kind == .transposedB ? (n, k) : (k, n)
    let fullName = "\(Scalar.self).\(name).\(m)x\(k)x\(n).threads=\(threads)"
    Benchmark(fullName) { (_, product: Product<Scalar>) in
        switch kind {
        case .plain: BLAS.gemm(product.a, product.b, into: &product.c)
        case .transposedA: BLAS.gemm(product.a.transposed, product.b, into: &product.c)
        case .transposedB: BLAS.gemm(product.a, product.b.transposed, into: &product.c)
        }
    } setup: {
        // Process-wide, so each benchmark sets it before its own iterations.
        BLAS.threadCount = threads
        return Product<Scalar>(a: aShape, b: bShape, c: (m, n))
    }
}

/// The layer widths of the 784-256-128-10 network that Perceptron trains.
let widths = [784, 256, 128, 10]

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        // One unit for all shapes, so that runs read side by side.
        timeUnits: .microseconds,
        // Warm-up lets OpenBLAS start its thread pool and fault in C's pages
        // before anything is counted.
        warmupIterations: 3,
        // About 1 s a benchmark keeps all 84 of them to about two minutes on
        // 2 cores while still giving the 1024 products ten or more samples.
        maxDuration: .seconds(1),
        maxIterations: 10_000,
        // Tolerance 0: one more malloc, at any percentile, is a regression
        // for `benchmark baseline check`, and for `benchmark thresholds
        // check` against Thresholds/ (mallocCountTotal 0 for threads=1).
        thresholds: [
            .mallocCountTotal: .init(
                absolute: [.p0: 0, .p25: 0, .p50: 0, .p75: 0, .p90: 0, .p99: 0, .p100: 0])
        ]
    )

    register(Float.self)
    register(Double.self)
}

/// Registers every benchmark for one precision. Generic so that each one
/// calls a specialized `BLAS.gemm`, as library code does.
func register<Scalar: BLASScalar>(_ scalar: Scalar.Type) {
    for threads in [1, 2] {
        for n in [64, 128, 256, 512, 1024] {
            gemmBenchmark("square", scalar, kind: .plain, m: n, k: n, n: n, threads: threads)
        }
        for batch in [128, 1024] {
            for layer in 1..<widths.count {
                let (input, output) = (widths[layer - 1], widths[layer])
                gemmBenchmark(
                    "L\(layer).forward", scalar, kind: .plain,
                    m: batch, k: input, n: output, threads: threads)
                gemmBenchmark(
                    "L\(layer).dW", scalar, kind: .transposedA,
                    m: input, k: batch, n: output, threads: threads)
                // The first layer's input is the data: no dX is computed for it.
                if layer > 1 {
                    gemmBenchmark(
                        "L\(layer).dX", scalar, kind: .transposedB,
                        m: batch, k: output, n: input, threads: threads)
                }
            }
        }
    }
}
