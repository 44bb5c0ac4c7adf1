import Tensor

/// Reduce-on-plateau: the learning rate's multiplier `m` is multiplied by
/// `factor` when the monitored loss has not improved for `patience`
/// epochs in a row, and never goes below `minimum`:
///
/// ```
/// after each epoch, with its loss v:
///   if v < best - minimumImprovement:  best = v, bad = 0
///   else:                              bad = bad + 1
///   if bad == patience:                m = max(factor m, minimum), bad = 0
/// ```
///
/// with `m = 1`, no `best` and `bad = 0` at first. The first epoch always
/// sets `best`; a non-finite loss never improves. So with patience `P` the
/// rate is cut at the end of the `P`-th epoch in a row without improvement,
/// and again `P` epochs later if the plateau lasts; the counter restarts
/// after every cut (no cool-down).
///
/// This is Keras's `ReduceLROnPlateau(factor, patience, min_delta, min_lr)`
/// (which cuts when `wait >= patience`), and PyTorch's
/// `ReduceLROnPlateau(mode="min", factor, patience=P-1,
/// threshold_mode="abs", threshold=minimumImprovement, cooldown=0)`:
/// PyTorch counts `patience` epochs it tolerates, so its `patience=10` cuts
/// after 11 bad epochs. Unlike both, the floor `minimum` is a fraction of
/// the initial rate (`min_lr = minimum gamma_0`), like every multiplier of
/// ``LearningRateSchedule``.
///
/// The caller reports the loss once per epoch with ``observe(_:)`` (the
/// ``LearningRateSchedule/observe(_:)`` of the optimizer's schedule); the
/// trainer reports the validation loss, or the training loss without a
/// validation set. The values are kept in `Scalar`, so the comparisons
/// are the same after a save and a restore.
///
/// References:
/// - Keras, `keras.callbacks.ReduceLROnPlateau`; PyTorch,
///   `torch.optim.lr_scheduler.ReduceLROnPlateau`.
/// - I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press
///   2016, section 8.3.1 (in practice the rate is lowered by hand when the
///   validation error stops going down).
public struct ReduceOnPlateau<Scalar: BLASScalar>: Codable, Hashable, Sendable {
    /// The factor applied to the multiplier at each cut, in `(0, 1)`.
    public var factor: Scalar
    /// The epochs in a row without improvement that trigger a cut, `>= 1`.
    public var patience: Int
    /// The floor of the multiplier, a fraction of the initial learning rate
    /// in `[0, 1]`.
    public var minimum: Scalar
    /// The smallest decrease of the loss below the best so far that counts
    /// as an improvement, `>= 0`.
    public var minimumImprovement: Scalar
    /// The multiplier `m` of the initial learning rate (1 until the first
    /// cut).
    public internal(set) var multiplier: Scalar = 1
    /// The lowest loss observed so far; `nil` before the first finite one.
    public internal(set) var best: Scalar?
    /// Epochs since the last improvement or the last cut, whichever came
    /// later.
    public internal(set) var epochsWithoutImprovement = 0

    /// Reduce-on-plateau by `factor` (default 0.1, as Keras and PyTorch)
    /// after `patience` epochs (default 10) without a decrease of more than
    /// `minimumImprovement` (default 0), down to `minimum` times the
    /// initial rate (default 0).
    public init(
        factor: Scalar = 0.1, patience: Int = 10, minimum: Scalar = 0,
        minimumImprovement: Scalar = 0
    ) {
        require(factor > 0 && factor < 1, "ReduceOnPlateau: factor \(factor) is not in (0, 1)")
        require(patience >= 1, "ReduceOnPlateau: patience \(patience) < 1")
        require(
            minimum >= 0 && minimum <= 1, "ReduceOnPlateau: minimum \(minimum) is not in [0, 1]")
        require(
            minimumImprovement >= 0,
            "ReduceOnPlateau: minimumImprovement \(minimumImprovement) < 0")
        self.factor = factor
        self.patience = patience
        self.minimum = minimum
        self.minimumImprovement = minimumImprovement
    }

    /// Records one epoch's loss `value` (lower is better) and cuts the
    /// multiplier when this epoch completes `patience` epochs in a row
    /// without improvement.
    ///
    /// - Returns: whether the multiplier went down (not at the floor
    ///   already).
    @discardableResult
    public mutating func observe(_ value: Scalar) -> Bool {
        if value.isFinite, best.map({ value < $0 - minimumImprovement }) ?? true {
            best = value
            epochsWithoutImprovement = 0
            return false
        }
        epochsWithoutImprovement += 1
        guard epochsWithoutImprovement >= patience else { return false }
        epochsWithoutImprovement = 0
        let reduced = Swift.max(multiplier * factor, minimum)
        guard reduced < multiplier else { return false }
        multiplier = reduced
        return true
    }
}
