import Optimizers
import RealModule
import Tensor
import Testing

/// Adam's update runs as a C loop (CVectorMath's `perceptron_adam_f32` and
/// `_f64`, 8 lanes with AVX2) that must give exactly the bits of Kingma and
/// Ba's algorithm 1 written as a plain Swift loop: the same operations in
/// the same order, none fused.
@Suite("Adam's vectorized update")
struct AdamKernelTests {
    /// Algorithm 1 as a Swift loop, `keep` the decoupled decay factor
    /// (1 for Adam): the specification the kernel is held to.
    static func referenceStep<Scalar: BLASScalar & ElementaryFunctions>(
        w: inout [Scalar], m: inout [Scalar], v: inout [Scalar], g: [Scalar], t: Int,
        rate: Scalar, keep: Scalar, clip: ClippingTransform<Scalar>
    ) {
        let (beta1, beta2, epsilon): (Scalar, Scalar, Scalar) = (0.9, 0.999, 1e-8)
        let stepSize = rate / (1 - Scalar.pow(beta1, t))
        let rootCorrection = 1 / (1 - Scalar.pow(beta2, t)).squareRoot()
        for i in w.indices {
            let gi = clip(g[i])
            m[i] = beta1 * m[i] + (1 - beta1) * gi
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
            w[i] =
                keep * w[i] - stepSize * m[i]
                / (v[i].magnitude.squareRoot() * rootCorrection + epsilon)
        }
    }

    /// Five updates of 1,003 parameters (the 8-lane body and a tail) with
    /// `clipping`, by `Adam` (or `AdamW` with `weightDecay`) and by the
    /// reference, compared bit for bit after each.
    static func expectSameBits<Scalar: BLASScalar & ElementaryFunctions>(
        _: Scalar.Type, clipping: GradientClipping<Scalar>, weightDecay: Scalar?
    ) {
        let rate: Scalar = 0.01
        var adam = Adam<Scalar>(learningRate: rate, clipping: clipping)
        var adamW = AdamW<Scalar>(
            learningRate: rate, weightDecay: weightDecay ?? 0, clipping: clipping)
        let count = 1003
        var w = (0..<count).map { Scalar($0 % 17) * 0.05 - 0.4 }
        var (reference, m, v) = (
            w, [Scalar](repeating: 0, count: count), [Scalar](repeating: 0, count: count)
        )
        for t in 1...5 {
            let g = (0..<count).map { Scalar(($0 * 7 + t * 3) % 23) * 0.013 - 0.15 }
            if weightDecay == nil { adam.update(&w, along: g) } else { adamW.update(&w, along: g) }
            Self.referenceStep(
                w: &reference, m: &m, v: &v, g: g, t: t, rate: rate,
                keep: weightDecay.map { 1 - rate * $0 } ?? 1, clip: clipping.transform(for: g))
            let first = w.indices.first { w[$0] != reference[$0] }
            #expect(
                first == nil,
                "step \(t): \(first.map { "\(w[$0]) against \(reference[$0])" } ?? "")")
        }
        let state =
            weightDecay == nil
            ? adam.stateVector(0) + adam.stateVector(1)
            : adamW.stateVector(0) + adamW.stateVector(1)
        #expect(state == m + v, "the moments")
    }

    @Test(
        "Adam and AdamW give the bits of algorithm 1's loop, with and without clipping, on both code paths",
        arguments: [true, false])
    func sameBits(avx2: Bool) {
        let before = VectorMath.usesAVX2
        VectorMath.usesAVX2 = avx2
        defer { VectorMath.usesAVX2 = before }
        for weightDecay in [nil, 0.1] as [Double?] {
            for clipping in [
                .none, .byValue(minimum: -0.05, maximum: 0.02), .byNorm(threshold: 0.5),
            ]
                as [GradientClipping<Double>]
            {
                Self.expectSameBits(Double.self, clipping: clipping, weightDecay: weightDecay)
            }
        }
        for weightDecay in [nil, 0.1] as [Float?] {
            for clipping in [
                .none, .byValue(minimum: -0.05, maximum: 0.02), .byNorm(threshold: 0.5),
            ]
                as [GradientClipping<Float>]
            {
                Self.expectSameBits(Float.self, clipping: clipping, weightDecay: weightDecay)
            }
        }
    }
}
