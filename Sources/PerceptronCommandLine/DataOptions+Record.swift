import Foundation
import Perceptron

// A checkpoint records the data options of the run that trained it, so that
// `evaluate`, `predict` and `train --resume` see the same data, split and
// classes without the user repeating every option.

extension DataOptions {
    /// The options in effect, as ``Perceptron/TrainingCheckpoint/dataOptions``
    /// stores them: by their command-line names, file paths made absolute.
    var record: [String: String] {
        func absolute(_ path: String?) -> String? {
            path.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        }
        let values: [String: String?] = [
            "dataset": source.rawValue, "data-directory": dataDirectoryGiven.flatMap(absolute),
            "train-images": absolute(trainImages), "train-labels": absolute(trainLabels),
            "test-images": absolute(testImages), "test-labels": absolute(testLabels),
            "csv": absolute(csv), "test-csv": absolute(testCSV), "label-column": labelColumn,
            "target-columns": targetColumns, "weight-column": weightColumn,
            "delimiter": delimiter, "header": header.map { $0 ? "true" : "false" },
            "samples": "\(samples)", "noise": "\(noise)", "seed": "\(seed)",
        ]
        return values.compactMapValues { $0 }
    }

    /// These options, with every one not given taken from `record` (a
    /// checkpoint's), unless the command line names another data set than
    /// the recorded one: then the record is ignored.
    func filled(from record: [String: String]?) throws -> DataOptions {
        guard let record, let recorded = record["dataset"].flatMap(Source.init(rawValue:)) else {
            return self
        }
        let namesData =
            dataset != nil || csv != nil || testCSV != nil
            || [trainImages, trainLabels, testImages, testLabels].contains { $0 != nil }
        guard !namesData || source == recorded else { return self }
        var filled = self
        filled.dataset = dataset ?? recorded
        filled.dataDirectoryGiven = dataDirectoryGiven ?? record["data-directory"]
        filled.trainImages = trainImages ?? record["train-images"]
        filled.trainLabels = trainLabels ?? record["train-labels"]
        filled.testImages = testImages ?? record["test-images"]
        filled.testLabels = testLabels ?? record["test-labels"]
        filled.csv = csv ?? record["csv"]
        filled.testCSV = testCSV ?? record["test-csv"]
        filled.labelColumn = labelColumn ?? record["label-column"]
        filled.targetColumns = targetColumns ?? record["target-columns"]
        filled.weightColumn = weightColumn ?? record["weight-column"]
        filled.delimiter = delimiter ?? record["delimiter"]
        filled.header = header ?? record["header"].map { $0 == "true" }
        filled.samplesGiven = samplesGiven ?? record["samples"].flatMap { Int($0) }
        filled.noiseGiven = noiseGiven ?? record["noise"].flatMap { Double($0) }
        filled.seedGiven = seedGiven ?? record["seed"].flatMap { UInt64($0) }
        try filled.validate()
        return filled
    }

    /// "the test part of csv /data/iris.csv (seed 3)" for a description line.
    func summary(part: String) -> String {
        let detail: String =
            switch source {
            case .fashionMNIST: dataDirectory
            case .idx: testImages ?? ""
            case .csv: [csv, testCSV].compactMap { $0 }.joined(separator: " and ")
            default: "\(samples) samples, noise \(noise)"
            }
        return "the \(part) part of \(source.rawValue) \(detail) (seed \(seed))"
    }
}
