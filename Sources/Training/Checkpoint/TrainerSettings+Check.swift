extension TrainerSettings {
    /// The first problem with the settings a file declares, in words, or
    /// nil: positive batch sizes, counts of epochs that are not negative,
    /// and early stopping's patience of at least 1 and minimum improvement
    /// of at least 0. Checked before the trainer is built, because the
    /// trainer stops the program on such values (they are programming
    /// errors in code, but only a corrupt file in a checkpoint).
    var problem: String? {
        guard batchSize >= 1 else {
            return "the trainer's batch size (\(batchSize)) must be at least 1"
        }
        guard evaluationBatchSize >= 1 else {
            return "the trainer's evaluation batch size (\(evaluationBatchSize)) must be at least 1"
        }
        for (name, count) in [
            ("epochs completed", epochsCompleted), ("best epoch", bestEpoch),
            ("epochs without improvement", epochsWithoutImprovement),
        ] where count < 0 {
            return "the trainer's \(name) (\(count)) must not be negative"
        }
        if let earlyStopping {
            guard earlyStopping.patience >= 1 else {
                return "early stopping's patience (\(earlyStopping.patience)) must be at least 1"
            }
            guard earlyStopping.minimumImprovement >= 0 else {
                return "early stopping's minimum improvement (\(earlyStopping.minimumImprovement)) must not be negative"
            }
        }
        return nil
    }
}
