extension TrainingHistory {
    /// The first line of ``csv``: the column names.
    public static let csvHeader =
        "epoch,loss,accuracy,validation_loss,validation_accuracy,learning_rate,seconds,samples_per_second"

    /// The history as CSV: ``csvHeader``, then one line per record, each
    /// line ending with a newline. Numbers are written at full precision
    /// (the shortest text that reads back to the same `Double`), missing
    /// validation values as empty fields:
    ///
    /// ```
    /// epoch,loss,accuracy,validation_loss,validation_accuracy,learning_rate,seconds,samples_per_second
    /// 1,0.5213,0.8125,,,0.001,3.1,19400.0
    /// ```
    public var csv: String {
        var lines = [Self.csvHeader]
        for record in records {
            let fields: [String] = [
                String(record.epoch), "\(record.loss)", "\(record.accuracy)",
                record.validationLoss.map { "\($0)" } ?? "",
                record.validationAccuracy.map { "\($0)" } ?? "",
                "\(record.learningRate)", "\(record.seconds)", "\(record.samplesPerSecond)",
            ]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a history back from ``csv`` text, to resume a run or to check
    /// one. Line ends may be `\n` or `\r\n`; blank lines are skipped.
    ///
    /// - Parameters:
    ///   - csv: the text; its first line must be ``csvHeader``.
    ///   - source: what the text came from (a path), for error messages.
    /// - Throws: ``ReportingError/wrongHistoryHeader(source:found:)``,
    ///   ``ReportingError/wrongHistoryFieldCount(source:line:expected:found:)``,
    ///   or ``ReportingError/invalidHistoryValue(source:line:column:field:)``
    ///   for a field that is not a number or a required field left empty.
    public init(csv: String, source: String = "history CSV") throws(ReportingError) {
        // "\r\n" is a single Character, and a newline like "\n".
        let lines = csv.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let header = lines.first.map(String.init) ?? ""
        guard header == Self.csvHeader else {
            throw .wrongHistoryHeader(source: source, found: header)
        }
        let columns = Self.csvHeader.split(separator: ",").map(String.init)
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
            guard let epoch = Int(fields[0]) else { throw invalid(0) }
            records.append(
                EpochRecord(
                    epoch: epoch, loss: try number(1), accuracy: try number(2),
                    validationLoss: try optional(3), validationAccuracy: try optional(4),
                    learningRate: try number(5), seconds: try number(6),
                    samplesPerSecond: try number(7)))
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
