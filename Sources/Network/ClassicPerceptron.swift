import RealModule
import Tensor

/// The classic perceptron (Rosenblatt 1958): one threshold unit with weights
/// `w`, bias `b` and a binary output,
///
/// ```
/// output(x) = step(w . x + b),   step(z) = 1 if z > 0,  0 if z <= 0.
/// ```
///
/// The bias is minus the threshold of Nielsen's chapter 1 (`b = -threshold`),
/// and the convention at exactly `w . x + b = 0` is his: the output is `0`
/// there. A non-finite pre-activation `NaN` gives `0` as well (`NaN > 0` is
/// false).
///
/// ```swift
/// let nand = ClassicPerceptron<Double>(weights: [-2, -2], bias: 3)
/// nand.output([1, 1])                    // 0:  -2 - 2 + 3 = -1 <= 0
/// nand.outputs(Matrix([[0, 0], [0, 1], [1, 0], [1, 1]]))   // [1, 1, 1, 0], one GEMV
/// ```
///
/// It learns with the perceptron rule
/// (``train(on:labels:learningRate:maximumEpochs:keepsBestWeights:)``), which
/// finds a separating hyperplane whenever the two classes are linearly
/// separable and can never find one otherwise (XOR): the training reports
/// which case it ended in instead of looping. ``scaled(by:)`` and
/// ``sigmoidOutput(_:)`` are the two exercises of Nielsen's chapter 1: a
/// positive scale changes no output, and a sigmoid neuron with weights and
/// bias scaled by `c` tends to the perceptron as `c -> +infinity` except on
/// the boundary `w . x + b = 0`, where it stays at `1/2`.
///
/// References: F. Rosenblatt, "The perceptron: a probabilistic model for
/// information storage and organization in the brain", Psychological Review
/// 65(6), 1958; M. Nielsen, *Neural Networks and Deep Learning*, chapter 1,
/// 2015; A. B. J. Novikoff, "On convergence proofs on perceptrons",
/// Symposium on the Mathematical Theory of Automata 12, 615-622, 1962
/// (convergence on linearly separable data); M. Minsky, S. Papert,
/// *Perceptrons*, MIT Press 1969 (XOR is not linearly separable).
public struct ClassicPerceptron<Scalar: BLASScalar>: Hashable, Sendable, Codable {
    /// The weights `w`, one per input.
    public var weights: [Scalar]
    /// The bias `b = -threshold`.
    public var bias: Scalar

    /// A perceptron with the given weights and bias.
    @inlinable
    public init(weights: [Scalar], bias: Scalar) {
        self.weights = weights
        self.bias = bias
    }

    /// A perceptron with `inputCount` inputs and all weights and the bias
    /// zero, the usual start of the learning rule (its output is `0`
    /// everywhere).
    @inlinable
    public init(inputCount: Int) {
        require(inputCount >= 0, "ClassicPerceptron: negative input count \(inputCount)")
        self.init(weights: [Scalar](repeating: 0, count: inputCount), bias: 0)
    }

    /// A perceptron with `inputCount` inputs whose weights and bias are drawn
    /// uniformly from `range` by `generator`, weights first.
    @inlinable
    public init(
        inputCount: Int, uniformIn range: ClosedRange<Scalar> = -1...1,
        using generator: inout some RandomNumberGenerator
    ) {
        self.init(inputCount: inputCount)
        weights.fillUniform(in: range, using: &generator)
        bias = Scalar.random(in: range, using: &generator)
    }

    /// Nielsen's NAND gate, `w = (-2, -2)`, `b = 3`: the output is `0` only
    /// for the input `(1, 1)`, where `w . x + b = -1`.
    @inlinable
    public static var nand: ClassicPerceptron { ClassicPerceptron(weights: [-2, -2], bias: 3) }

    /// The number of inputs, `weights.count`.
    @inlinable
    public var inputCount: Int { weights.count }

    /// The step function of the perceptron: `1` when `z > 0`, `0` when
    /// `z <= 0` (and for `NaN`).
    @inlinable
    public static func step(_ z: Scalar) -> Int { z > 0 ? 1 : 0 }

    /// The logistic sigmoid `sigma(z) = 1 / (1 + e^-z)` of a sigmoid neuron,
    /// evaluated without overflow for every `z` (as `e^z / (1 + e^z)` when
    /// `z < 0`).
    @inlinable
    public static func sigmoid(_ z: Scalar) -> Scalar {
        if z >= 0 { return 1 / (1 + Scalar.exp(-z)) }
        let e = Scalar.exp(z)
        return e / (1 + e)
    }

    /// The pre-activation `z = w . x + b` of one input `x` (one BLAS `dot`).
    /// Stops unless `x` has ``inputCount`` elements.
    @inlinable
    public func preActivation(_ x: some ScalarBuffer<Scalar>) -> Scalar {
        require(
            x.count == inputCount,
            "ClassicPerceptron: the input has \(x.count) elements but the perceptron has \(inputCount) weights"
        )
        return BLAS.dot(weights, x) + bias
    }

    /// The output `step(w . x + b)` in `{0, 1}` for one input `x`.
    @inlinable
    public func output(_ x: some ScalarBuffer<Scalar>) -> Int {
        Self.step(preActivation(x))
    }

    /// The output `sigma(w . x + b)` in `(0, 1)` of the sigmoid neuron with
    /// this perceptron's weights and bias. For `z = w . x + b != 0`,
    /// `scaled(by: c).sigmoidOutput(x) = sigma(c z)` tends to `output(x)` as
    /// `c -> +infinity`; for `z = 0` it is `1/2` for every `c`, while the
    /// perceptron says `0` (Nielsen, chapter 1, exercise 2).
    @inlinable
    public func sigmoidOutput(_ x: some ScalarBuffer<Scalar>) -> Scalar {
        Self.sigmoid(preActivation(x))
    }

    /// The pre-activations `z = X w + b 1` of a batch, one per row of
    /// `samples` (`n x inputCount`), computed by one GEMV.
    @inlinable
    public func preActivations(_ samples: some RowMajorMatrix<Scalar>) -> [Scalar] {
        var z = [Scalar](repeating: 0, count: samples.rows)
        preActivations(samples, into: &z)
        return z
    }

    /// The outputs `step(X w + b 1)` in `{0, 1}`, one per row of `samples`.
    @inlinable
    public func outputs(_ samples: some RowMajorMatrix<Scalar>) -> [Int] {
        preActivations(samples).map(Self.step)
    }

    /// The sigmoid-neuron outputs `sigma(X w + b 1)`, one per row of
    /// `samples` (see ``sigmoidOutput(_:)``).
    @inlinable
    public func sigmoidOutputs(_ samples: some RowMajorMatrix<Scalar>) -> [Scalar] {
        preActivations(samples).map(Self.sigmoid)
    }

    /// The perceptron with every weight and the bias multiplied by `c > 0`:
    /// `c w . x + c b = c (w . x + b)` has the sign of `w . x + b`, so no
    /// output changes (Nielsen, chapter 1, exercise 1; the same holds for a
    /// whole network of perceptrons, one perceptron at a time). In floating
    /// point the scaled pre-activation is rounded on its own, so a point
    /// within rounding error of the boundary may move to its other side;
    /// when `c` is a power of two the scaling is exact and no point does.
    /// Stops unless `c` is positive and finite.
    @inlinable
    public func scaled(by c: Scalar) -> ClassicPerceptron {
        require(
            c > 0 && c.isFinite, "ClassicPerceptron.scaled(by:): c must be positive, got \(c)")
        var result = self
        BLAS.scal(c, &result.weights)
        result.bias *= c
        return result
    }

    /// Writes `z = X w + b 1` into `z` (`samples.rows` elements): `z` is
    /// filled with `b`, then one GEMV adds `X w`.
    @inlinable
    func preActivations(_ samples: some RowMajorMatrix<Scalar>, into z: inout [Scalar]) {
        checkShape(samples)
        require(
            z.count == samples.rows,
            "ClassicPerceptron: samples are \(samples.shapeDescription) but there are \(z.count) outputs"
        )
        z.fill(with: bias)
        BLAS.gemv(samples, weights, beta: 1, into: &z)
    }

    /// Stops unless the rows of `samples` have ``inputCount`` elements.
    @inlinable
    func checkShape(_ samples: some RowMajorMatrix<Scalar>) {
        require(
            samples.columns == inputCount,
            "ClassicPerceptron: samples are \(samples.shapeDescription) but the perceptron has \(inputCount) weights (needs n x \(inputCount))"
        )
    }
}
