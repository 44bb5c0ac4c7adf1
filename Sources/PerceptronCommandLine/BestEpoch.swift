import Perceptron

/// The best epoch so far by one metric, for `--save-best`.
struct BestEpoch {
    let metric: HistoryMetric
    private(set) var epoch: Int?
    private(set) var value: Double?

    init(metric: HistoryMetric) { self.metric = metric }

    /// Whether `record` beats every epoch seen so far (the first epoch with
    /// a value always does); if so, it becomes the best.
    mutating func improves(on record: EpochRecord) -> Bool {
        guard let current = metric.value(in: record), !current.isNaN else { return false }
        if let value, !metric.isBetter(current, than: value) { return false }
        (epoch, value) = (record.epoch, current)
        return true
    }
}
