import Optimizers
import Tensor
import Testing

/// Gradient clipping in place, against numpy (scripts/optimizer-golden.py).
/// Clipping as an optimizer option is checked in OptionGoldenTests.
@Suite("Gradient clipping")
struct GradientClippingTests {
    @Test func byValueAndByNormMatchGolden() {
        check(Float.self)
        check(Double.self)
        func check<Scalar: BLASScalar>(_: Scalar.Type) {
            let gradient = Golden.gradients[0].map { Scalar($0) }
            var byValue = gradient
            GradientClipping<Scalar>.byValue(minimum: -1, maximum: 1).apply(to: &byValue)
            expectClose(byValue, Golden.clippedByValue, tolerance: goldenTolerance(Scalar.self))
            var byNorm = gradient
            GradientClipping<Scalar>.byNorm(threshold: 1).apply(to: &byNorm)
            expectClose(byNorm, Golden.clippedByNorm, tolerance: goldenTolerance(Scalar.self))
            #expect(abs(Double(BLAS.nrm2(byNorm)) - 1) < goldenTolerance(Scalar.self))
        }
    }

    @Test func shortGradientsAndNoneAreLeftAlone() {
        let gradient: [Double] = [0.3, -0.4]  // norm 0.5
        var clipped = gradient
        GradientClipping<Double>.byNorm(threshold: 1).apply(to: &clipped)
        #expect(clipped == gradient)
        GradientClipping<Double>.none.apply(to: &clipped)
        #expect(clipped == gradient)
        GradientClipping<Double>.byValue(minimum: -1, maximum: 1).apply(to: &clipped)
        #expect(clipped == gradient)
    }

    @Test func asymmetricBoundsAndNaN() {
        var gradient: [Float] = [-3, -0.5, 0.2, 0.7, .nan]
        GradientClipping<Float>.byValue(minimum: -1, maximum: 0.5).apply(to: &gradient)
        #expect(Array(gradient[0..<4]) == [-1, -0.5, 0.2, 0.5])
        #expect(gradient[4].isNaN, "a NaN must stay visible to the non-finite check")
    }

    /// An optimizer's clipping reads the gradient without modifying it.
    @Test func optimizerLeavesTheGradientBufferAlone() {
        let gradient: [Double] = [3, -4]
        var parameters: [Double] = [0, 0]
        var descent = GradientDescent<Double>(learningRate: 1, clipping: .byNorm(threshold: 1))
        descent.update(&parameters, along: gradient)
        #expect(gradient == [3, -4])
        #expect(abs(parameters[0] + 0.6) < 1e-15 && abs(parameters[1] - 0.8) < 1e-15)
    }

    @Test func invertedBoundsStop() async {
        await #expect(processExitsWith: .failure) {
            var gradient: [Double] = [1]
            GradientClipping<Double>.byValue(minimum: 1, maximum: -1).apply(to: &gradient)
        }
    }
}
