import ArgumentParser
import Perceptron

// Regression targets and sample weights in CSV files: which columns hold
// them, and the combinations that mean nothing, refused in one line.

extension DataOptions {
    /// A column named on the command line: an index counted from 0, or a
    /// header name.
    static func column(_ text: String) -> CSVLabelColumn {
        let text = text.trimmingCharacters(in: .whitespaces)
        return Int(text).map(CSVLabelColumn.index) ?? .name(text)
    }

    /// `--target-columns` as written, one entry per column.
    var targetColumnTexts: [String]? {
        targetColumns.map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }
    }

    /// A regression's target columns: `--target-columns`, else the one
    /// column of `--label-column`, else the column the label would be
    /// found in (named label, class, target or y, else the last).
    var targetColumnList: [CSVLabelColumn] {
        targetColumnTexts?.map(Self.column) ?? [labelColumn.map(Self.column) ?? .automatic]
    }

    /// `--target-columns` names each column once, not together with
    /// `--label-column`, and `--weight-column` is none of them.
    func checkTargetColumns() throws {
        if let texts = targetColumnTexts {
            if let empty = texts.firstIndex(where: \.isEmpty) {
                throw ValidationError(
                    "--target-columns: column \(empty + 1) of '\(targetColumns!)' is empty; expected names or indices such as price,rent or 3,4"
                )
            }
            if let twice = texts.indices.first(where: { texts[..<$0].contains(texts[$0]) }) {
                throw ValidationError("--target-columns: '\(texts[twice])' is named twice")
            }
            if labelColumn != nil {
                throw ValidationError(
                    "--target-columns and --label-column both name the targets: --target-columns for a regression, --label-column for classes (or a regression's one target)"
                )
            }
        }
        if let weightColumn {
            let weight = weightColumn.trimmingCharacters(in: .whitespaces)
            let others = (targetColumnTexts ?? []) + [labelColumn].compactMap { $0 }
            if others.contains(weight) {
                throw ValidationError(
                    "--weight-column \(weight) is also a \(targetColumns != nil ? "target" : "label") column; the weights need a column of their own"
                )
            }
        }
    }

    /// Throws unless the data can be read as `regression` says: real-valued
    /// targets come from CSV files only, and `--target-columns` reads
    /// nothing else.
    func checkTargets(regression: Bool) throws {
        if regression, source != .csv {
            throw CommandError(
                "a regression needs real-valued targets, which only --dataset csv reads (--label-column or --target-columns); \(source.rawValue) has class labels"
            )
        }
        if !regression, targetColumns != nil {
            throw CommandError(
                "--target-columns reads real-valued targets for a regression (--loss mse or l1), not class labels"
            )
        }
    }
}
