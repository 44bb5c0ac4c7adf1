import Tensor

/// A running average of the parameter vectors `w(1), ..., w(k)` an optimizer
/// produces (Polyak averaging): evaluating the averaged weights smooths out
/// the noise of the last steps of a stochastic gradient method.
///
/// Three averages are available, one per ``Kind``: the uniform one of
/// Polyak and Juditsky and the exponentially decaying one of Goodfellow et
/// al., section 8.7.3, in two normalizations:
///
/// ```
/// uniform:      w_av(k) = (1/k) sum_{i=1..k} w(i)
/// geometric:    w_av(k) = sum_{i=1..k} beta^(k-i) w(i) / sum_{i=1..k} beta^(k-i)
/// exponential:  w_av(k) = (1 - beta) w(k) + beta w_av(k-1),    w_av(0) = 0
/// ```
///
/// All three are kept recursively in one vector, with one `?scal` and one
/// `?axpy` per call to ``accumulate(_:)``. The geometric average uses the
/// normalizer `S(k) = sum beta^(k-i) = beta S(k-1) + 1`:
/// `w_av(k) = (beta S(k-1) / S(k)) w_av(k-1) + (1 / S(k)) w(k)`; with
/// `beta = 1` it is the uniform average (`S(k) = k`).
///
/// The exponential (recursive) form started from zero unrolls to
/// `(1 - beta) sum beta^(k-i) w(i)`, and `(1 - beta) S(k) = 1 - beta^k`, so
///
/// ```
/// exponential w_av(k) = (1 - beta^k) * geometric w_av(k)
/// ```
///
/// The geometric average is the exponential one with the bias correction of
/// Adam (``biasCorrection`` is `1 - beta^k`); early on the exponential
/// average is pulled toward zero, so `.geometric` is the one to evaluate
/// with. (An exponential average started from `w(1)` instead of zero, as
/// some libraries do, weights `w(1)` by `beta^(k-1)` rather than
/// `(1 - beta) beta^(k-1)` and matches neither formula exactly.)
///
/// References:
/// - B. T. Polyak, A. B. Juditsky, "Acceleration of stochastic approximation
///   by averaging", SIAM Journal on Control and Optimization 30(4), 838-855,
///   1992.
/// - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press 2016,
///   section 8.7.3.
public struct PolyakAveraging<Scalar: BLASScalar>: Sendable {
    /// Which average of the iterates is kept.
    public enum Kind: Codable, Equatable, Sendable {
        /// The arithmetic mean of all iterates.
        case uniform
        /// The normalized geometric average with decay `beta` in `(0, 1]`.
        case geometric(decay: Scalar)
        /// The recursive exponential average with decay `beta` in `[0, 1)`,
        /// started from zero.
        case exponential(decay: Scalar)
    }

    /// Which average is kept.
    public let kind: Kind
    @usableFromInline var averageStorage: [Scalar] = []
    @usableFromInline var countStorage = 0
    @usableFromInline var normalizerStorage: Scalar = 0
    @usableFromInline var decayPowerStorage: Scalar = 1

    /// The average `w_av(k)` (empty before the first call to ``accumulate(_:)``).
    public var average: [Scalar] { averageStorage }
    /// The number `k` of parameter vectors averaged so far.
    public var count: Int { countStorage }
    /// `S(k) = sum_{i=1..k} beta^(k-i)`, the geometric average's normalizer
    /// (`k` for the uniform average; kept for every kind).
    public var normalizer: Scalar { normalizerStorage }
    /// `1 - beta^k`: the factor by which the exponential average falls short
    /// of the geometric one with the same `beta` (`1` for the uniform average).
    public var biasCorrection: Scalar {
        if case .uniform = kind { return 1 }
        return 1 - decayPowerStorage
    }

    /// An empty average of the given kind.
    ///
    /// - Parameter kind: `.geometric` needs `beta` in `(0, 1]`,
    ///   `.exponential` needs `beta` in `[0, 1)`.
    public init(_ kind: Kind) {
        switch kind {
        case .uniform: break
        case .geometric(let beta):
            precondition(
                beta > 0 && beta <= 1, "PolyakAveraging.geometric: decay \(beta) not in (0, 1]")
        case .exponential(let beta):
            precondition(
                beta >= 0 && beta < 1, "PolyakAveraging.exponential: decay \(beta) not in [0, 1)")
        }
        self.kind = kind
    }

    /// Adds the parameter vector `parameters` as `w(k+1)`: the first call
    /// fixes the length of every later one.
    @inlinable
    public mutating func accumulate(_ parameters: some ScalarBuffer<Scalar>) {
        let blend = advance(count: parameters.count)
        parameters.withUnsafeScalars { w in
            averageStorage.withUnsafeMutableBufferPointer { average in
                blend.apply(w, to: average, range: 0..<average.count)
            }
        }
    }

    /// The part of ``accumulate(_:)`` that is not element-wise: fixes the
    /// length (`count` parameters), advances the count and the scalars, and
    /// returns the blend to apply to every element. For callers that apply
    /// it to ranges of the average on several threads, through
    /// ``withUnsafeMutableAverage(_:)``.
    @inlinable
    public mutating func advance(count: Int) -> Blend {
        averageStorage.prepareState(count: count, name: "average", in: "PolyakAveraging")
        countStorage += 1
        switch kind {
        case .uniform:
            normalizerStorage += 1
            return Blend(
                keep: (normalizerStorage - 1) / normalizerStorage, add: 1 / normalizerStorage)
        case .geometric(let beta):
            let previous = beta * normalizerStorage
            normalizerStorage = previous + 1
            decayPowerStorage *= beta
            return Blend(keep: previous / normalizerStorage, add: 1 / normalizerStorage)
        case .exponential(let beta):
            normalizerStorage = beta * normalizerStorage + 1
            decayPowerStorage *= beta
            return Blend(keep: beta, add: 1 - beta)
        }
    }

    /// Runs `body` on the average's storage, for writing it in place.
    @inlinable
    public mutating func withUnsafeMutableAverage<R>(
        _ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        try averageStorage.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// One update of the average, `w_av = keep w_av + add w` element by
    /// element (see ``advance(count:)``).
    public struct Blend: Sendable {
        /// The factor of the old average.
        public let keep: Scalar
        /// The factor of the new vector.
        public let add: Scalar

        @inlinable
        init(keep: Scalar, add: Scalar) {
            self.keep = keep
            self.add = add
        }

        /// Blends elements `range` of `w` into `average`, in one pass.
        @inlinable
        public func apply(
            _ w: UnsafeBufferPointer<Scalar>, to average: UnsafeMutableBufferPointer<Scalar>,
            range: Range<Int>
        ) {
            for i in range { average[i] = keep * average[i] + add * w[i] }
        }
    }

    /// Writes the average into `parameters` (for example a model's flat
    /// parameter buffer, to evaluate the averaged weights).
    @inlinable
    public func copyAverage(into parameters: inout some MutableScalarBuffer<Scalar>) {
        precondition(
            averageStorage.count == parameters.count,
            "PolyakAveraging: the average has \(averageStorage.count) elements but the destination has \(parameters.count)"
        )
        BLAS.copy(averageStorage, &parameters)
    }

    /// The count, the vector `average` and the scalars `normalizer` and
    /// `decayPower` (`beta^k`), under the name `"PolyakAveraging"`.
    public var state: OptimizerState<Scalar> {
        OptimizerState(
            optimizer: "PolyakAveraging", stepCount: countStorage,
            vectors: ["average": averageStorage],
            scalars: ["normalizer": normalizerStorage, "decayPower": decayPowerStorage])
    }

    /// Restores the average from a ``PolyakAveraging`` snapshot.
    public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        let vectors = try state.checked(
            for: "PolyakAveraging", vectors: ["average"], scalars: ["normalizer", "decayPower"])
        countStorage = state.stepCount
        averageStorage = vectors[0]
        normalizerStorage = state.scalars["normalizer"]!
        decayPowerStorage = state.scalars["decayPower"]!
    }
}
