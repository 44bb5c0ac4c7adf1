import Tensor

/// A running average of the parameter vectors `w(1), ..., w(k)` an optimizer
/// produces (Polyak averaging): evaluating the averaged weights smooths out
/// the noise of the last steps of a stochastic gradient method.
///
/// Three averages are available, one per ``Kind``: the uniform one of
/// Polyak and Juditsky, the normalized geometric one (Goodfellow et al.,
/// section 8.7.3), and TensorFlow's exponential moving average with its
/// warm-up:
///
/// ```
/// uniform:      w_av(k) = (1/k) sum_{i=1..k} w(i)
/// geometric:    w_av(k) = sum_{i=1..k} beta^(k-i) w(i) / sum_{i=1..k} beta^(k-i)
/// exponential:  w_av(k) = d(k-1) w_av(k-1) + (1 - d(k-1)) w(k),   w_av(0) = w(1)
///               d(t)    = min(beta, (1 + t) / (10 + t))
/// ```
///
/// All three are kept recursively in one vector, updated in one fused loop
/// per call to ``accumulate(_:)``. The geometric average uses the
/// normalizer `S(k) = sum beta^(k-i) = beta S(k-1) + 1`:
/// `w_av(k) = (beta S(k-1) / S(k)) w_av(k-1) + (1 / S(k)) w(k)`; with
/// `beta = 1` it is the uniform average (`S(k) = k`).
///
/// **The exponential average's warm-up.** `t = k - 1` is the number of
/// updates before this one. The average starts at the first iterate, as
/// TensorFlow's shadow variables start at their variable's value, so
/// `w_av(1) = w(1)` whatever `d(0)` is. While `(1 + t) / (10 + t) < beta`
/// (`t < 8,990` for `beta = 0.999`), the decay is the smaller one. Then the
/// weight of `w(i)`, `i >= 2`, in `w_av(k)` is
/// `9 / (9 + i) prod_{j=1..9} (i + j) / (k + j)`, about `9 i^8 / k^9`: the
/// average lags about a tenth of the run behind its last iterate (for
/// iterates moving at a constant speed, `w(i) = i`, it is exactly `0.9 k`
/// once the start has decayed), where a constant `beta` would hold it about
/// `1 / (1 - beta)` updates back (1,000 for `beta = 0.999`), near the
/// starting weights for all of a short run. After the warm-up it is the
/// constant-`beta` recursion. The weights always sum to 1: the average is
/// never pulled toward zero.
///
/// `.geometric` has no warm-up: it is already a weighted mean of the
/// iterates alone from the first update (its weights sum to 1, and
/// `w_av(1) = w(1)`), it is defined by the closed formula above, and with
/// `beta = 1` it must stay the uniform mean. Its early average is about the
/// uniform mean of the run so far, which is its definition, not a bias.
///
/// References:
/// - B. T. Polyak, A. B. Juditsky, "Acceleration of stochastic approximation
///   by averaging", SIAM Journal on Control and Optimization 30(4), 838-855,
///   1992.
/// - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press 2016,
///   section 8.7.3.
/// - TensorFlow, `tf.train.ExponentialMovingAverage` (its `num_updates`
///   argument: decay `min(decay, (1 + num_updates) / (10 + num_updates))`;
///   shadow variables initialized to the variables' values).
public struct PolyakAveraging<Scalar: BLASScalar>: Sendable {
    /// Which average of the iterates is kept.
    public enum Kind: Codable, Equatable, Sendable {
        /// The arithmetic mean of all iterates.
        case uniform
        /// The normalized geometric average with decay `beta` in `(0, 1]`.
        case geometric(decay: Scalar)
        /// The recursive exponential average with decay `beta` in `[0, 1)`
        /// and TensorFlow's warm-up, `min(beta, (1 + t) / (10 + t))` at
        /// update `t` (from 0), started from the first iterate.
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
    /// (`k` for the uniform average; kept for every kind, and unused by the
    /// exponential average).
    public var normalizer: Scalar { normalizerStorage }

    /// The decay of the exponential average at update `t` (counted from 0,
    /// the first): `min(beta, (1 + t) / (10 + t))`, TensorFlow's
    /// `ExponentialMovingAverage` with `num_updates = t`.
    ///
    /// `0.1, 2/11, 3/12, ...` rising toward 1, until it reaches `beta`.
    @inlinable
    public static func warmUpDecay(_ beta: Scalar, update t: Int) -> Scalar {
        require(t >= 0, "PolyakAveraging.warmUpDecay: update \(t) < 0")
        return Swift.min(beta, Scalar(1 + t) / Scalar(10 + t))
    }

    /// An empty average of the given kind.
    ///
    /// - Parameter kind: `.geometric` needs `beta` in `(0, 1]`,
    ///   `.exponential` needs `beta` in `[0, 1)`.
    public init(_ kind: Kind) {
        switch kind {
        case .uniform: break
        case .geometric(let beta):
            require(
                beta > 0 && beta <= 1, "PolyakAveraging.geometric: decay \(beta) not in (0, 1]")
        case .exponential(let beta):
            require(
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
        let updatesBefore = countStorage
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
            // w_av(0) = w(1): the first update copies, whatever d(0) is.
            guard updatesBefore > 0 else { return Blend(keep: 0, add: 1) }
            let decay = Self.warmUpDecay(beta, update: updatesBefore)
            return Blend(keep: decay, add: 1 - decay)
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
        require(
            averageStorage.count == parameters.count,
            "PolyakAveraging: the average has \(averageStorage.count) elements but the destination has \(parameters.count)"
        )
        BLAS.copy(averageStorage, &parameters)
    }

    /// The count, the vector `average` and the scalars `normalizer` and
    /// `decayPower` (`beta^k`), under the name `"PolyakAveraging"`.
    ///
    /// The count `k` is the step count: it is all the exponential average's
    /// warm-up needs, so a restored average continues bit for bit. Snapshots
    /// written before the warm-up existed have the same fields and load
    /// unchanged; they continue with the warm-up's decay from their count on
    /// (`beta` itself past the warm-up).
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
