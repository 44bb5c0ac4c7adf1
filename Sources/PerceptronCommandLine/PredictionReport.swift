import Foundation
import ArgumentParser

/// What `predict` prints for each sample: its label if known, the most
/// probable class (or the `top` most probable) with its probability, and
/// on request every class's probability; as text lines or as CSV.
struct PredictionReport {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv
    }

    /// `probabilities[i][k]`: the probability of class `k` for sample `i`.
    var probabilities: [[Double]]
    /// Each sample's actual class, when it comes from a labelled set.
    var labels: [Int?]
    var classNames: [String]?
    var top: Int
    var allProbabilities: Bool

    /// The classes of sample `i`, most probable first (ties by class index).
    func ranking(_ i: Int) -> [Int] {
        probabilities[i].indices.sorted {
            (probabilities[i][$0], $1) > (probabilities[i][$1], $0)
        }
    }

    /// `"3 (Dress)"`, or `"3"` without names.
    func name(_ label: Int) -> String {
        classNames.map { $0.indices.contains(label) ? "\(label) (\($0[label]))" : "\(label)" }
            ?? "\(label)"
    }

    func render(as format: Format) -> String {
        switch format {
        case .text: text
        case .csv: csv
        }
    }

    /// `Label: 9 (Ankle boot), Predicted: 9 (Ankle boot) with 0.998 confidence`,
    /// then `; also 7 (Sneaker) 0.001, ...` for `top` > 1 and
    /// `; probabilities 0.000 ...` on request.
    var text: String {
        probabilities.indices.map { i in
            let ranked = ranking(i).prefix(top)
            var line = labels[i].map { "Label: \(name($0)), " } ?? ""
            line += "Predicted: \(name(ranked.first!)) with "
                + format(probabilities[i][ranked.first!]) + " confidence"
            if ranked.count > 1 {
                line += "; then " + ranked.dropFirst().map {
                    "\(name($0)) \(format(probabilities[i][$0]))"
                }.joined(separator: ", ")
            }
            if allProbabilities {
                line += "; probabilities " + probabilities[i].map(format).joined(separator: " ")
            }
            return line
        }.joined(separator: "\n")
    }

    /// A header, then one row a sample: `sample,label,predicted,confidence`,
    /// `predicted_2,confidence_2`... for `top` > 1, and `p_<class>` columns
    /// on request. Class names, when known, replace the indices.
    var csv: String {
        let classCount = probabilities.first?.count ?? 0
        func field(_ label: Int) -> String {
            let text = classNames.map { $0.indices.contains(label) ? $0[label] : "\(label)" } ?? "\(label)"
            return text.contains(",") || text.contains("\"")
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var header = ["sample", "label", "predicted", "confidence"]
        for k in stride(from: 2, through: min(top, classCount), by: 1) {
            header += ["predicted_\(k)", "confidence_\(k)"]
        }
        if allProbabilities { header += (0..<classCount).map { "p_\(field($0))" } }
        var rows = [header.joined(separator: ",")]
        for i in probabilities.indices {
            var row = ["\(i)", labels[i].map(field) ?? ""]
            for k in ranking(i).prefix(top) { row += [field(k), format(probabilities[i][k])] }
            if allProbabilities { row += probabilities[i].map(format) }
            rows.append(row.joined(separator: ","))
        }
        return rows.joined(separator: "\n")
    }

    private func format(_ probability: Double) -> String {
        String(format: "%.3f", probability)
    }
}

/// What `predict` prints for each sample of a regression: every target's
/// predicted value in the targets' original units, after its actual value
/// when the sample comes from a data set; as text lines or as CSV.
struct RegressionPredictionReport {
    /// `predictions[i][j]`: target `j` of sample `i`, predicted.
    var predictions: [[Double]]
    /// Each sample's actual targets, when it comes from a data set.
    var targets: [[Double]?]
    /// One name per target; `y0`, `y1`, ... without.
    var targetNames: [String]?

    var names: [String] {
        targetNames ?? (0..<(predictions.first?.count ?? 0)).map { "y\($0)" }
    }

    func render(as format: PredictionReport.Format) -> String {
        switch format {
        case .text: text
        case .csv: csv
        }
    }

    /// `Target: y 0.8123; Predicted: y 0.8040` a line, the values of
    /// several targets separated by commas (`Predicted: price 1.2e+05, rent
    /// 812.5`); `Predicted: ...` alone for an input without targets.
    var text: String {
        predictions.indices.map { i in
            func values(_ row: [Double]) -> String {
                zip(names, row).map { "\($0) \(Self.format($1))" }.joined(separator: ", ")
            }
            let predicted = "Predicted: " + values(predictions[i])
            return targets[i].map { "Target: \(values($0)); " + predicted } ?? predicted
        }.joined(separator: "\n")
    }

    /// A header, then one row a sample: `sample`, each target's actual
    /// value (empty for an input), then each target's prediction
    /// (`predicted_<name>`).
    var csv: String {
        func field(_ text: String) -> String {
            text.contains(",") || text.contains("\"")
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        let header = ["sample"] + names.map(field) + names.map { field("predicted_" + $0) }
        var rows = [header.joined(separator: ",")]
        for i in predictions.indices {
            let actual = targets[i]?.map(Self.format) ?? names.map { _ in "" }
            rows.append((["\(i)"] + actual + predictions[i].map(Self.format)).joined(separator: ","))
        }
        return rows.joined(separator: "\n")
    }

    /// Six significant digits: the targets' units may be anything.
    static func format(_ value: Double) -> String { String(format: "%.6g", value) }
}
