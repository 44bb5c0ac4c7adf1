import Tensor

/// One step's gradient summed across a group in buckets: this member's mean
/// gradient over its `b_m` samples is scaled by `b_m / B` and reduced, so
/// that every member ends with the mean over the global batch of `B`.
///
/// Overlapped, a bucket starts as soon as backpropagation has completed it
/// (``layerCompleted(_:of:)``, last layer first), and the started
/// reductions are nudged forward after each layer; otherwise the whole
/// gradient is reduced after the pass (``finish(_:)``). Dense layers own
/// every parameter and are laid out in order, so the completed ranges
/// arrive adjacent and descending, and buckets stay contiguous.
///
/// One reducer serves every step of a run (``begin(weight:)`` starts a
/// step), with one layer callback (``onLayerGradient``): a step allocates
/// neither.
@usableFromInline
final class GradientReducer<Scalar: BLASScalar> {
    /// Layers are gathered into a bucket until it holds this many elements:
    /// fewer, larger reductions cost fewer latencies, and the largest
    /// layers still start alone.
    static var bucketElements: Int { 1 << 15 }

    let group: any Communicator
    let overlapped: Bool
    /// With a shared update, each bucket is reduce-scattered: this member
    /// receives the sums of its own parameters only.
    let sharing: SharedUpdate?
    /// This member's share of the current step's global batch, `b_m / B`.
    private(set) var weight: Scalar = 1
    /// Seconds spent in communicator calls during the step's pass.
    private(set) var passSeconds = 0.0
    /// Seconds spent in ``finish(_:)``, waiting for the reductions after
    /// the pass: the communication the pass did not hide.
    private(set) var waitSeconds = 0.0
    private var pending: [any PendingReduction] = []
    /// The completed range not yet started, and where reduced ranges begin.
    private var bucket: Range<Int>?
    private var startedFrom: Int?
    private var failure: (any Error)?
    private let clock = ContinuousClock()

    /// The callback to give the pass when ``overlapped`` (nil otherwise):
    /// ``layerCompleted(_:of:)``. Unowned, so that the reducer and its
    /// callback do not keep each other alive.
    private(set) lazy var onLayerGradient:
        ((Range<Int>, UnsafeMutableBufferPointer<Scalar>) -> Void)? =
            overlapped ? { [unowned self] in self.layerCompleted($0, of: $1) } : nil

    init(group: any Communicator, overlapped: Bool, sharing: SharedUpdate?) {
        (self.group, self.overlapped, self.sharing) = (group, overlapped, sharing)
    }

    /// Starts a step whose share of the global batch is `weight`.
    func begin(weight: Scalar) {
        self.weight = weight
        (passSeconds, waitSeconds) = (0, 0)
        pending.removeAll(keepingCapacity: true)
        (bucket, startedFrom, failure) = (nil, nil, nil)
    }

    /// Backpropagation has completed `range` of `gradient`.
    func layerCompleted(_ range: Range<Int>, of gradient: UnsafeMutableBufferPointer<Scalar>) {
        let began = clock.now
        defer { passSeconds += (clock.now - began).inSeconds }
        if let current = bucket, current.lowerBound != range.upperBound {
            start(current, of: gradient)
            bucket = nil
        }
        let merged = bucket.map { range.lowerBound..<$0.upperBound } ?? range
        if merged.count >= Self.bucketElements {
            start(merged, of: gradient)
            bucket = nil
        } else {
            bucket = merged
        }
        do {
            for reduction in pending where try !reduction.progress() { break }
        } catch {
            failure = failure ?? error
        }
    }

    /// Starts whatever is not yet started and waits for every reduction:
    /// then `gradient` is the global batch's mean gradient on every member
    /// (with a shared update, on this member's own parameters).
    func finish(_ gradient: UnsafeMutableBufferPointer<Scalar>) throws {
        let began = clock.now
        defer { waitSeconds = (clock.now - began).inSeconds }
        if let bucket { start(bucket, of: gradient) }
        // Everything below the lowest started range: all of it when nothing
        // was started during the pass.
        let rest = 0..<(startedFrom ?? gradient.count)
        if !rest.isEmpty { start(rest, of: gradient) }
        if let failure { throw failure }
        for reduction in pending { try reduction.wait() }
    }

    private func start(_ range: Range<Int>, of gradient: UnsafeMutableBufferPointer<Scalar>) {
        var part = UnsafeMutableBufferPointer(rebasing: gradient[range])
        BLAS.scal(weight, &part)
        startedFrom = Swift.min(startedFrom ?? range.lowerBound, range.lowerBound)
        do {
            if let sharing {
                pending.append(
                    try group.startReduceScatterSum(part, counts: sharing.counts(in: range)))
            } else {
                pending.append(try group.startAllreduceSum(part))
            }
        } catch {
            failure = failure ?? error
        }
    }
}

/// Where the steps of a run across processes spent their time
/// communicating (``Trainer/communicationTime``).
public struct CommunicationTime: Sendable, Equatable {
    /// Steps measured.
    public var steps = 0
    /// Seconds in communicator calls made during the passes: starting and
    /// advancing reductions.
    public var passSeconds = 0.0
    /// Seconds waiting for the reductions after the passes: the
    /// communication left exposed. Without overlap it is the whole
    /// reduction time.
    public var waitSeconds = 0.0
    /// Seconds in the communication of a shared update
    /// (``Trainer/sharesUpdate``) around its update: agreeing that the
    /// gradient is finite, and sending every member's updated parameters to
    /// every member. 0 when every member applies the whole update.
    public var gatherSeconds = 0.0

    /// No steps yet.
    public init() {}

    /// Counts one step's reducer.
    mutating func add<Scalar>(_ reducer: GradientReducer<Scalar>) {
        steps += 1
        passSeconds += reducer.passSeconds
        waitSeconds += reducer.waitSeconds
    }
}
