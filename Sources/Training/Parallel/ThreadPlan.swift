import Tensor

/// How a pass over a batch uses the threads it may: split into contiguous
/// shards, one per thread with one OpenBLAS thread each, or in one piece on
/// OpenBLAS's own threads.
///
/// One rule decides it for every pass of the package: the mini-batch
/// training step, evaluation and prediction, and the full-batch objective
/// of the second-order methods. With `W` the multiply-adds of the pass, `R`
/// its rows and `T` the thread budget,
///
/// ```
/// shards      = max(1, min(T, R / 16, W / 2,000,000))
/// blasThreads = T   if shards == 1 and W >= 2,000,000 T   (too few rows to split)
///               1   otherwise
/// ```
///
/// Sharding wins whenever it is possible: the products of one shard are
/// independent of the other's, while OpenBLAS's threads split every product
/// and meet at its end, many times per pass, and spin or yield in between
/// (on a 784-512-256-10 network with batches of 128, a second OpenBLAS
/// thread added about 6%). Two million multiply-adds, about 0.1 ms on one
/// core, is where a second shard started to pay on the full-batch objective
/// (150 samples of a 2,410-parameter network gained nothing, 300 gained
/// 25%). Sixteen rows per shard keep each product a matrix product rather
/// than a few dot products.
public struct ThreadPlan: Equatable, Sendable, CustomStringConvertible {
    /// The contiguous shards the batch is split into, one thread each.
    public let shards: Int
    /// The OpenBLAS threads each product uses.
    public let blasThreads: Int

    /// The fewest multiply-adds that justify a thread.
    public static let multiplyAddsPerThread = 2_000_000.0
    /// The fewest rows a shard is given.
    public static let minimumRowsPerShard = 16

    /// A plan given directly.
    public init(shards: Int, blasThreads: Int) {
        require(
            shards >= 1 && blasThreads >= 1,
            "ThreadPlan: \(shards) shards, \(blasThreads) BLAS threads")
        self.shards = shards
        self.blasThreads = blasThreads
    }

    /// The plan for a pass of `rows` rows costing `multiplyAdds` in all,
    /// with at most `budget` threads (by default `BLAS.threadCount`,
    /// which `--threads` sets).
    public init(rows: Int, multiplyAdds: Double, budget: Int = BLAS.threadCount) {
        let budget = max(1, budget)
        let byWork = Int(min(multiplyAdds / Self.multiplyAddsPerThread, Double(budget)))
        let shards = max(1, min(budget, rows / Self.minimumRowsPerShard, byWork))
        let unsplittable =
            shards == 1 && multiplyAdds >= Self.multiplyAddsPerThread * Double(budget)
        self.init(shards: shards, blasThreads: unsplittable ? budget : 1)
    }

    /// The plan for one training step (forward and backward: about three
    /// multiply-adds per parameter and sample) of a network with
    /// `parameters` weights on batches of `rows`.
    public static func training(rows: Int, parameters: Int, budget: Int = BLAS.threadCount)
        -> ThreadPlan
    {
        ThreadPlan(rows: rows, multiplyAdds: 3 * Double(rows) * Double(parameters), budget: budget)
    }

    /// The plan for an inference pass (one multiply-add per parameter and
    /// sample) on batches of `rows`.
    public static func inference(rows: Int, parameters: Int, budget: Int = BLAS.threadCount)
        -> ThreadPlan
    {
        ThreadPlan(rows: rows, multiplyAdds: Double(rows) * Double(parameters), budget: budget)
    }

    /// Runs `body` inside an OpenBLAS section of ``blasThreads`` threads
    /// (`BLAS.withThreadCount(_:_:)`). A caller opens it before its
    /// workers start and closes it after they have all stopped; a one-thread
    /// section keeps OpenBLAS on one thread whatever else the process does,
    /// so shard products are rounded the same on every run.
    public func withBLASThreads<R>(_ body: () throws -> R) rethrows -> R {
        try BLAS.withThreadCount(blasThreads, body)
    }

    /// "2 shards, one BLAS thread each" or "1 pass, 2 BLAS threads".
    public var description: String {
        shards > 1
            ? "\(shards) shards, one BLAS thread each"
            : "1 pass, \(blasThreads) BLAS thread\(blasThreads == 1 ? "" : "s")"
    }

    /// `0..<count` cut into `parts` contiguous ranges whose sizes differ by
    /// at most one, the larger ones last.
    public static func split(_ count: Int, into parts: Int) -> [Range<Int>] {
        (0..<parts).map { shardRange($0, of: count, parts: parts) }
    }

    /// Range `k` of ``split(_:into:)``, without building the array.
    @inlinable
    public static func shardRange(_ k: Int, of count: Int, parts: Int) -> Range<Int> {
        (k * count / parts)..<((k + 1) * count / parts)
    }
}
