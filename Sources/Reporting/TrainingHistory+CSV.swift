extension TrainingHistory {
    /// The first line of ``csv``: the column names.
    public static let csvHeader =
        "epoch,loss,accuracy,validation_loss,validation_accuracy,learning_rate,seconds,samples_per_second"

    /// The first line of a regression history's ``csv``
    /// (``EpochRecord/isRegression``): the validation MSE, MAE (original
    /// units) and R² in place of the accuracies.
    public static let regressionCSVHeader =
        "epoch,loss,validation_loss,validation_mse,validation_mae,validation_r2,learning_rate,seconds,samples_per_second"

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
    /// A regression's history (``EpochRecord/isRegression``) has the
    /// columns of ``regressionCSVHeader`` instead:
    ///
    /// ```
    /// epoch,loss,validation_loss,validation_mse,validation_mae,validation_r2,learning_rate,seconds,samples_per_second
    /// 1,0.8113,0.7026,0.1195,0.2913,0.2871,0.001,0.02,19400.0
    /// ```
    ///
    /// The history of a second-order method has three more columns,
    /// ``minimizerCSVColumns``, after these.
    public var csv: String {
        let minimizer = hasMinimizerFigures
        let regression = isRegression
        var lines = [
            (regression ? Self.regressionCSVHeader : Self.csvHeader)
                + (minimizer ? "," + Self.minimizerCSVColumns : "")
        ]
        func optional(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        for record in records {
            var fields: [String] =
                regression
                ? [
                    String(record.epoch), "\(record.loss)", optional(record.validationLoss),
                    optional(record.validationMeanSquaredError),
                    optional(record.validationMeanAbsoluteError),
                    optional(record.validationRSquared),
                ]
                : [
                    String(record.epoch), "\(record.loss)", "\(record.accuracy)",
                    optional(record.validationLoss), optional(record.validationAccuracy),
                ]
            fields += [
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
    ///   - csv: the text; its first line must be ``csvHeader`` or
    ///     ``regressionCSVHeader``, either followed by
    ///     ``minimizerCSVColumns`` or not. The records of a regression
    ///     history have an ``EpochRecord/accuracy`` of 0 and
    ///     ``EpochRecord/isRegression`` set.
    ///   - source: what the text came from (a path), for error messages.
    /// - Throws: ``ReportingError/wrongHistoryHeader(source:found:)``,
    ///   ``ReportingError/wrongHistoryFieldCount(source:line:expected:found:)``,
    ///   or ``ReportingError/invalidHistoryValue(source:line:column:field:)``
    ///   for a field that is not a number or a required field left empty.
    public init(csv: String, source: String = "history CSV") throws(ReportingError) {
        // "\r\n" is a single Character, and a newline like "\n".
        let lines = csv.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let header = lines.first.map(String.init) ?? ""
        let headers = [Self.csvHeader, Self.regressionCSVHeader]
        guard
            headers.contains(where: { header == $0 || header == $0 + "," + Self.minimizerCSVColumns })
        else {
            throw .wrongHistoryHeader(source: source, found: header)
        }
        let regression = header.hasPrefix(Self.regressionCSVHeader)
        // Regression rows have one column more before the learning rate.
        let shift = regression ? 1 : 0
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
            var record = EpochRecord(
                epoch: epoch, loss: try number(1), accuracy: regression ? 0 : try number(2),
                validationLoss: try optional(regression ? 2 : 3),
                validationAccuracy: regression ? nil : try optional(4),
                learningRate: try number(5 + shift), seconds: try number(6 + shift),
                samplesPerSecond: try number(7 + shift), iterations: try count(8 + shift),
                functionEvaluations: try count(9 + shift),
                gradientNorm: columns.count > 10 + shift ? try optional(10 + shift) : nil)
            if regression {
                record.validationMeanSquaredError = try optional(3)
                record.validationMeanAbsoluteError = try optional(4)
                record.validationRSquared = try optional(5)
                record.isRegression = true
            }
            records.append(record)
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
