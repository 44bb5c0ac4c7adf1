extension TrainingHistory {
    /// The first line of ``csv``: the column names.
    public static let csvHeader =
        "epoch,loss,accuracy,validation_loss,validation_accuracy,learning_rate,seconds,samples_per_second"

    /// The columns a second-order method's history adds after those of
    /// ``csvHeader``: ``EpochRecord/iterations``,
    /// ``EpochRecord/functionEvaluations`` and ``EpochRecord/gradientNorm``.
    public static let minimizerCSVColumns = "iterations,function_evaluations,gradient_norm"

    /// Whether any record holds a minimizer's figures, so that ``csv`` has
    /// the ``minimizerCSVColumns``.
    var hasMinimizerFigures: Bool { records.contains(where: \.hasMinimizerFigures) }

    /// The history as CSV: ``csvHeader``, then one line per record, each
    /// line ending with a newline. Numbers are written at full precision
    /// (the shortest text that reads back to the same `Double`), missing
    /// validation values as empty fields:
    ///
    /// ```
    /// epoch,loss,accuracy,validation_loss,validation_accuracy,learning_rate,seconds,samples_per_second
    /// 1,0.5213,0.8125,,,0.001,3.1,19400.0
    /// ```
    ///
    /// The history of a second-order method has three more columns,
    /// ``minimizerCSVColumns``, after these.
    public var csv: String {
        let minimizer = hasMinimizerFigures
        var lines = [Self.csvHeader + (minimizer ? "," + Self.minimizerCSVColumns : "")]
        for record in records {
            var fields: [String] = [
                String(record.epoch), "\(record.loss)", "\(record.accuracy)",
                record.validationLoss.map { "\($0)" } ?? "",
                record.validationAccuracy.map { "\($0)" } ?? "",
                "\(record.learningRate)", "\(record.seconds)", "\(record.samplesPerSecond)",
            ]
            if minimizer {
                fields += [
                    record.iterations.map { "\($0)" } ?? "",
                    record.functionEvaluations.map { "\($0)" } ?? "",
                    record.gradientNorm.map { "\($0)" } ?? "",
                ]
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a history back from ``csv`` text, to resume a run or to check
    /// one. Line ends may be `\n` or `\r\n`; blank lines are skipped.
    ///
    /// - Parameters:
    ///   - csv: the text; its first line must be ``csvHeader``, or
    ///     ``csvHeader`` followed by ``minimizerCSVColumns``.
    ///   - source: what the text came from (a path), for error messages.
    /// - Throws: ``ReportingError/wrongHistoryHeader(source:found:)``,
    ///   ``ReportingError/wrongHistoryFieldCount(source:line:expected:found:)``,
    ///   or ``ReportingError/invalidHistoryValue(source:line:column:field:)``
    ///   for a field that is not a number or a required field left empty.
    public init(csv: String, source: String = "history CSV") throws(ReportingError) {
        // "\r\n" is a single Character, and a newline like "\n".
        let lines = csv.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let header = lines.first.map(String.init) ?? ""
        guard header == Self.csvHeader || header == Self.csvHeader + "," + Self.minimizerCSVColumns
        else {
            throw .wrongHistoryHeader(source: source, found: header)
        }
        let columns = header.split(separator: ",").map(String.init)
        var records: [EpochRecord] = []
        for (index, line) in lines.enumerated().dropFirst()
        where !line.allSatisfy({ $0 == " " }) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                String($0).trimmingSpaces()
            }
            guard fields.count == columns.count else {
                throw .wrongHistoryFieldCount(
                    source: source, line: index + 1, expected: columns.count, found: fields.count)
            }
            func invalid(_ column: Int) -> ReportingError {
                .invalidHistoryValue(
                    source: source, line: index + 1, column: columns[column], field: fields[column])
            }
            func number(_ column: Int) throws(ReportingError) -> Double {
                guard let value = Double(fields[column]) else { throw invalid(column) }
                return value
            }
            func optional(_ column: Int) throws(ReportingError) -> Double? {
                fields[column].isEmpty ? nil : try number(column)
            }
            func count(_ column: Int) throws(ReportingError) -> Int? {
                guard columns.count > column, !fields[column].isEmpty else { return nil }
                guard let value = Int(fields[column]) else { throw invalid(column) }
                return value
            }
            guard let epoch = Int(fields[0]) else { throw invalid(0) }
            records.append(
                EpochRecord(
                    epoch: epoch, loss: try number(1), accuracy: try number(2),
                    validationLoss: try optional(3), validationAccuracy: try optional(4),
                    learningRate: try number(5), seconds: try number(6),
                    samplesPerSecond: try number(7), iterations: try count(8),
                    functionEvaluations: try count(9),
                    gradientNorm: columns.count > 10 ? try optional(10) : nil))
        }
        self.init(records: records)
    }
}

extension String {
    /// The string without leading and trailing spaces.
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
