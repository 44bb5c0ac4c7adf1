import Tensor

/// A first-order rule written as its formula alone: the settings every rule
/// shares (``FirstOrderSettings``), its state vectors, the count and
/// clipping checks, ``FirstOrderOptimizer/state`` and
/// ``FirstOrderOptimizer/restore(_:)`` come from this protocol.
///
/// A rule declares its name and the names of its per-parameter state
/// vectors, holds ``settings``, and implements ``apply(_:)``: one update of
/// the parameters, given the clipped gradient, the rate and its state
/// vectors as buffers. Everything else is shared:
///
/// - ``FirstOrderOptimizer/update(_:along:)`` checks that the gradient has
///   as many elements as the parameters, allocates the state vectors on
///   the first call (to ``initialValue(ofStateVector:)``; later calls
///   allocate nothing and check the count), computes the rate
///   `gamma_k` (``FirstOrderOptimizer/currentLearningRate``) and the
///   clipping of this gradient, calls ``apply(_:)`` and counts the step;
/// - ``FirstOrderOptimizer/state`` names each vector, and
///   ``FirstOrderOptimizer/restore(_:)`` checks that a snapshot holds
///   exactly these vectors, of one length.
///
/// A new rule is one short file:
///
/// ```swift
/// public struct SignDescent<Scalar: BLASScalar>: FirstOrderRule, Sendable {
///     public static var name: String { "SignDescent" }
///     public static var stateVectorNames: [String] { [] }
///     public var settings: FirstOrderSettings<Scalar>
///     public init(learningRate: Scalar = 0.01) {
///         settings = FirstOrderSettings(Self.name, learningRate: learningRate)
///     }
///     public func apply(_ update: FirstOrderUpdate<Scalar>) {
///         let (w, g) = (update.parameters, update.gradient)
///         for i in w.indices { w[i] -= update.rate * update.clip(g[i]).signum() }
///     }
/// }
/// ```
public protocol FirstOrderRule: FirstOrderOptimizer {
    /// The rule's name in messages and snapshots, such as `"Adam"`.
    static var name: String { get }
    /// The names of the rule's state vectors (one element per parameter
    /// each), in the order ``FirstOrderUpdate/state(_:)`` numbers them.
    static var stateVectorNames: [String] { get }
    /// The learning rate, schedule and clipping, and the state.
    var settings: FirstOrderSettings<Scalar> { get set }
    /// The value state vector `index` holds before the first update; 0
    /// unless a rule says otherwise.
    func initialValue(ofStateVector index: Int) -> Scalar
    /// The rule's formula: one update of `update.parameters` along
    /// `update.gradient` (clipped by `update.clip`), at the rate
    /// `update.rate`, reading and writing the state vectors.
    func apply(_ update: FirstOrderUpdate<Scalar>)
}

/// The settings every first-order rule shares, and its state: the step
/// count and the state vectors, kept one after another in one buffer.
public struct FirstOrderSettings<Scalar: BLASScalar>: Sendable {
    /// The initial learning rate `gamma_0 >= 0`, which ``schedule`` scales.
    public var learningRate: Scalar
    /// How the learning rate changes with the step count.
    public var schedule: LearningRateSchedule<Scalar>
    /// How the gradient is clipped before the rule reads it.
    public var clipping: GradientClipping<Scalar>
    /// The updates applied so far, `k`.
    public var stepCount: Int { steps }
    @usableFromInline var steps = 0
    /// The state vectors, one after another: with `n` parameters, vector
    /// `i` is `stateStorage[i n ..< (i + 1) n]`. Empty before the first
    /// update.
    @usableFromInline var stateStorage: [Scalar] = []

    /// The settings of rule `rule` (named in the message when
    /// `learningRate` is negative).
    public init(
        _ rule: String, learningRate: Scalar, schedule: LearningRateSchedule<Scalar> = .constant,
        clipping: GradientClipping<Scalar> = .none
    ) {
        require(learningRate >= 0, "\(rule): learningRate \(learningRate) < 0")
        self.learningRate = learningRate
        self.schedule = schedule
        self.clipping = clipping
    }

    /// State vector `index` of `count` vectors, as an array (empty before
    /// the first update).
    func stateVector(_ index: Int, of count: Int) -> [Scalar] {
        let length = stateStorage.count / Swift.max(count, 1)
        return Array(stateStorage[index * length..<(index + 1) * length])
    }
}

/// One update, as a rule's ``FirstOrderRule/apply(_:)`` sees it: buffers
/// valid only during the call.
public struct FirstOrderUpdate<Scalar: BLASScalar> {
    /// The parameters `w`, updated in place.
    public let parameters: UnsafeMutableBufferPointer<Scalar>
    /// The gradient `g` as the caller gave it: read `clip(g[i])`.
    public let gradient: UnsafeBufferPointer<Scalar>
    /// The clipping of this gradient (``ClippingTransform/isScaling`` when
    /// it is a scale alone, which BLAS calls can apply).
    public let clip: ClippingTransform<Scalar>
    /// The learning rate of this update, `gamma_k`.
    public let rate: Scalar
    /// The updates before this one, `k`.
    public let stepCount: Int
    /// The state vectors, one after another.
    @usableFromInline let states: UnsafeMutableBufferPointer<Scalar>

    @inlinable
    init(
        parameters: UnsafeMutableBufferPointer<Scalar>, gradient: UnsafeBufferPointer<Scalar>,
        clip: ClippingTransform<Scalar>, rate: Scalar, stepCount: Int,
        states: UnsafeMutableBufferPointer<Scalar>
    ) {
        self.parameters = parameters
        self.gradient = gradient
        self.clip = clip
        self.rate = rate
        self.stepCount = stepCount
        self.states = states
    }

    /// State vector `index` (numbered as in
    /// ``FirstOrderRule/stateVectorNames``), one element per parameter.
    @inlinable
    public func state(_ index: Int) -> UnsafeMutableBufferPointer<Scalar> {
        let n = parameters.count
        return UnsafeMutableBufferPointer(rebasing: states[index * n..<(index + 1) * n])
    }
}

extension FirstOrderRule {
    /// The initial learning rate `gamma_0`.
    @inlinable
    public var learningRate: Scalar {
        get { settings.learningRate }
        set { settings.learningRate = newValue }
    }

    /// How the learning rate changes with the step count.
    @inlinable
    public var schedule: LearningRateSchedule<Scalar> {
        get { settings.schedule }
        set { settings.schedule = newValue }
    }

    /// How the gradient is clipped before the update.
    @inlinable
    public var clipping: GradientClipping<Scalar> {
        get { settings.clipping }
        set { settings.clipping = newValue }
    }

    /// The number of updates applied so far.
    @inlinable
    public var stepCount: Int { settings.stepCount }

    public func initialValue(ofStateVector index: Int) -> Scalar { 0 }

    /// Applies one update of the rule's formula (``apply(_:)``) to
    /// `parameters` along `gradient`, which must have as many elements;
    /// the state vectors are allocated on the first call.
    @inlinable
    public mutating func update(
        _ parameters: inout some MutableScalarBuffer<Scalar>,
        along gradient: some ScalarBuffer<Scalar>
    ) {
        let n = parameters.count
        require(
            n == gradient.count,
            "\(Self.name): the parameters have \(n) elements but the gradient has \(gradient.count)")
        let vectors = Self.stateVectorNames.count
        if settings.stateStorage.isEmpty && n > 0 && vectors > 0 {
            settings.stateStorage = (0..<vectors).flatMap {
                [Scalar](repeating: initialValue(ofStateVector: $0), count: n)
            }
        }
        require(
            settings.stateStorage.count == n * vectors,
            "\(Self.name): the parameters have \(n) elements but the state vectors have \(settings.stateStorage.count / Swift.max(vectors, 1))"
        )
        let (rate, clip) = (currentLearningRate, settings.clipping.transform(for: gradient))
        // Taken out while the rule writes it, so that it stays uniquely
        // referenced (no copy) and `self` is free to be read.
        var states: [Scalar] = []
        swap(&states, &settings.stateStorage)
        gradient.withUnsafeScalars { g in
            parameters.withUnsafeMutableScalars { w in
                states.withUnsafeMutableBufferPointer { s in
                    apply(
                        FirstOrderUpdate(
                            parameters: w, gradient: g, clip: clip, rate: rate,
                            stepCount: settings.steps, states: s))
                }
            }
        }
        swap(&states, &settings.stateStorage)
        settings.steps += 1
    }

    /// State vector `index` (numbered as in ``stateVectorNames``), as an
    /// array; empty before the first update.
    public func stateVector(_ index: Int) -> [Scalar] {
        settings.stateVector(index, of: Self.stateVectorNames.count)
    }

    /// The step count and the state vectors by name.
    public var state: OptimizerState<Scalar> {
        let names = Self.stateVectorNames
        return OptimizerState(
            optimizer: Self.name, stepCount: settings.stepCount,
            vectors: Dictionary(
                uniqueKeysWithValues: names.indices.map { (names[$0], stateVector($0)) }))
    }

    /// Restores the step count and the state vectors from a snapshot of the
    /// same rule, after checking that it holds exactly the rule's vectors,
    /// all of one length.
    public mutating func restore(_ state: OptimizerState<Scalar>) throws(OptimizerStateError) {
        let vectors = try state.checked(for: Self.name, vectors: Self.stateVectorNames)
        settings.steps = state.stepCount
        settings.stateStorage = vectors.flatMap { $0 }
    }
}
