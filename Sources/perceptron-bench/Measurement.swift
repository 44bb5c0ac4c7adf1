import Perceptron
import Tensor

/// Seconds taken by `body`, from the monotonic clock.
@inline(__always)
func seconds(_ body: () -> Void) -> Double {
    ContinuousClock().measure(body).inSeconds
}

/// The median of a non-empty list.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// How many calls make one timed sample last at least `minimum` seconds, so
/// that clock resolution and loop overhead vanish even for 5-microsecond
/// products.
func callsPerSample(minimum: Double, _ call: () -> Void) -> Int {
    var calls = 1
    while true {
        let elapsed = seconds { for _ in 0..<calls { call() } }
        if elapsed >= minimum || calls >= 1 << 24 { return calls }
        calls *= elapsed > minimum / 16 ? Int((minimum / elapsed * 1.2).rounded(.up)) : 8
    }
}

/// The timings of one case in one precision at one thread count.
struct Measurement: Codable, Sendable {
    var name: String
    var shape: String
    var precision: String
    var threads: Int
    /// GFLOP/s of the plain-Swift reference kernel; nil when skipped.
    var referenceGFLOPS: Double?
    /// GFLOP/s of `BLAS.gemm`, the Tensor layer.
    var tensorGFLOPS: Double
    /// GFLOP/s of `cblas_?gemm` called directly.
    var rawGFLOPS: Double
    /// Median over interleaved samples of raw time / Tensor time.
    var tensorOverRaw: Double
    /// Tensor GFLOP/s over reference GFLOP/s.
    var speedup: Double?
    /// Largest `|C_tensor - C_reference|` (or against raw cblas when the
    /// reference kernel was skipped).
    var maximumAbsoluteDifference: Double
    /// What the difference was measured against: `reference` or `raw`.
    var comparedWith: String
}

/// Options shared by every measurement.
struct MeasurementSettings {
    var repetitions: Int
    var minimumSampleSeconds: Double
    var referenceLimitGFLOP: Double
    var seed: UInt64
}

/// Times `BLAS.gemm`, raw cblas and the reference kernel on the same
/// operands. Raw and Tensor samples alternate (and swap order every
/// repetition) so that a noisy neighbour slows both alike.
func measure<Scalar: RawGEMMScalar>(
    _ gemmCase: GEMMCase, as _: Scalar.Type, threads: Int, settings: MeasurementSettings
) -> Measurement {
    var generator = Xoshiro256StarStar(seed: settings.seed)
    let (m, n, k) = (gemmCase.m, gemmCase.n, gemmCase.k)
    let a =
        gemmCase.transposeA
        ? Matrix<Scalar>(randomNormalRows: k, columns: m, using: &generator)
        : Matrix<Scalar>(randomNormalRows: m, columns: k, using: &generator)
    let b =
        gemmCase.transposeB
        ? Matrix<Scalar>(randomNormalRows: n, columns: k, using: &generator)
        : Matrix<Scalar>(randomNormalRows: k, columns: n, using: &generator)
    var tensorC = Matrix<Scalar>(rows: m, columns: n)
    var rawC = Matrix<Scalar>(rows: m, columns: n)

    let tensorCall = tensorGEMM(a, gemmCase.transposeA, b, gemmCase.transposeB)
    // The raw loop takes its pointers once; only the cblas call is repeated.
    let timeRaw: (Int) -> Double = { calls in
        a.withUnsafeScalars { aBuffer in
            b.withUnsafeScalars { bBuffer in
                rawC.withUnsafeMutableScalars { cBuffer in
                    let (pa, pb, pc) = (
                        aBuffer.baseAddress!, bBuffer.baseAddress!, cBuffer.baseAddress!
                    )
                    return seconds {
                        for _ in 0..<calls {
                            Scalar.rawGEMM(
                                transposeA: gemmCase.transposeA, transposeB: gemmCase.transposeB,
                                m: Int32(m), n: Int32(n), k: Int32(k), a: pa, lda: Int32(a.columns),
                                b: pb, ldb: Int32(b.columns), c: pc, ldc: Int32(n))
                        }
                    }
                }
            }
        }
    }
    let timeTensor: (Int) -> Double = { calls in
        seconds { for _ in 0..<calls { tensorCall(&tensorC) } }
    }

    _ = timeRaw(1)
    tensorCall(&tensorC)  // warm up caches, threads and page mappings
    let calls = callsPerSample(minimum: settings.minimumSampleSeconds) { tensorCall(&tensorC) }
    var rawTimes: [Double] = []
    var tensorTimes: [Double] = []
    var ratios: [Double] = []
    for repetition in 0..<settings.repetitions {
        let raw: Double
        let tensor: Double
        if repetition % 2 == 0 {
            raw = timeRaw(calls)
            tensor = timeTensor(calls)
        } else {
            tensor = timeTensor(calls)
            raw = timeRaw(calls)
        }
        rawTimes.append(raw / Double(calls))
        tensorTimes.append(tensor / Double(calls))
        ratios.append(raw / tensor)
    }

    var referenceGFLOPS: Double?
    var difference = tensorC.maximumAbsoluteDifference(rawC)
    var comparedWith = "raw"
    if gemmCase.flops <= settings.referenceLimitGFLOP * 1e9 {
        var referenceC = Matrix<Scalar>(rows: m, columns: n)
        let referenceCall = referenceGEMM(a, gemmCase.transposeA, b, gemmCase.transposeB)
        var referenceTimes: [Double] = []
        let referenceCalls = callsPerSample(minimum: settings.minimumSampleSeconds) {
            referenceCall(&referenceC)
        }
        // The naive kernel is slow and steady; fewer samples suffice.
        for _ in 0..<max(1, min(settings.repetitions, 3)) {
            let elapsed = seconds { for _ in 0..<referenceCalls { referenceCall(&referenceC) } }
            referenceTimes.append(elapsed / Double(referenceCalls))
        }
        referenceGFLOPS = gemmCase.flops / median(referenceTimes) / 1e9
        difference = tensorC.maximumAbsoluteDifference(referenceC)
        comparedWith = "reference"
    }
    let tensorGFLOPS = gemmCase.flops / median(tensorTimes) / 1e9
    return Measurement(
        name: gemmCase.name, shape: gemmCase.shape, precision: "\(Scalar.self)", threads: threads,
        referenceGFLOPS: referenceGFLOPS, tensorGFLOPS: tensorGFLOPS,
        rawGFLOPS: gemmCase.flops / median(rawTimes) / 1e9, tensorOverRaw: median(ratios),
        speedup: referenceGFLOPS.map { tensorGFLOPS / $0 },
        maximumAbsoluteDifference: Double(difference), comparedWith: comparedWith)
}

/// `C = op(A) op(B)` through `BLAS.gemm`, with the operand types fixed once
/// so that the timed closure is a direct, specialized call.
func tensorGEMM<Scalar: BLASScalar>(
    _ a: Matrix<Scalar>, _ transposeA: Bool, _ b: Matrix<Scalar>, _ transposeB: Bool
) -> (inout Matrix<Scalar>) -> Void {
    switch (transposeA, transposeB) {
    case (false, false): { BLAS.gemm(a, b, into: &$0) }
    case (true, false): { BLAS.gemm(a.transposed, b, into: &$0) }
    case (false, true): { BLAS.gemm(a, b.transposed, into: &$0) }
    case (true, true): { BLAS.gemm(a.transposed, b.transposed, into: &$0) }
    }
}

/// `C = op(A) op(B)` through the plain-Swift reference kernel.
func referenceGEMM<Scalar: BLASScalar>(
    _ a: Matrix<Scalar>, _ transposeA: Bool, _ b: Matrix<Scalar>, _ transposeB: Bool
) -> (inout Matrix<Scalar>) -> Void {
    switch (transposeA, transposeB) {
    case (false, false): { Reference.gemm(a, b, into: &$0) }
    case (true, false): { Reference.gemm(a.transposed, b, into: &$0) }
    case (false, true): { Reference.gemm(a, b.transposed, into: &$0) }
    case (true, true): { Reference.gemm(a.transposed, b.transposed, into: &$0) }
    }
}
