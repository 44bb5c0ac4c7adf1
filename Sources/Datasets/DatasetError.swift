/// Problems in data files and data values, thrown rather than trapped
/// (docs/ARCHITECTURE.md, principle 6): they come from files and users, not from bugs.
///
/// Each ``description`` is one line that names the file, the place in it
/// (line, record or sample) and what is wrong, ready for a command-line tool
/// to print on stderr. Lines and records count from 1, as editors and `head`
/// do; samples and column indices count from 0, as Swift arrays do.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: Files

    /// No file at `path`.
    case fileNotFound(path: String)
    /// The file exists but cannot be opened or read (permissions, a
    /// directory, an I/O error); `reason` is the system's message.
    case unreadableFile(path: String, reason: String)
    /// A named dataset is not installed: `missingPath` does not exist, and
    /// `installCommand` installs it.
    case datasetNotFound(name: String, missingPath: String, installCommand: String)
    /// A gzip stream that zlib cannot decompress (bad block, bad checksum);
    /// `reason` is zlib's message.
    case corruptGzip(path: String, reason: String)
    /// The file ends before the data its IDX header announces: the header
    /// and data need `expectedBytes`, the file (after decompression) holds
    /// `foundBytes`.
    case truncatedFile(path: String, expectedBytes: Int, foundBytes: Int)

    // MARK: IDX

    /// The first four bytes are not an IDX magic number `00 00 tt dd`
    /// (`tt` a known type code, `dd` at least one dimension).
    case notIDX(path: String, magic: [UInt8])
    /// A well-formed IDX file that does not hold what was asked for, e.g. a
    /// labels file where images were expected: `expected` and `found`
    /// describe the type and dimensions.
    case unexpectedIDXLayout(path: String, expected: String, found: String)
    /// Bytes after the last item the header announces.
    case trailingData(path: String, expectedBytes: Int)
    /// An images file and a labels file that hold different numbers of items.
    case countMismatch(imagesPath: String, imageCount: Int, labelsPath: String, labelCount: Int)

    // MARK: CSV

    /// A CSV file without a single data row (empty, blank, or a header only).
    case emptyCSV(path: String)
    /// The label column named by ``CSVLabelColumn`` is not among the
    /// `columnCount` columns; `column` is how it was asked for
    /// (`"species"`, `"index 7"`), `header` the names found (empty without
    /// a header row).
    case missingLabelColumn(path: String, column: String, columnCount: Int, header: [String])
    /// A CSV label column of mostly distinct real numbers (`distinct` values
    /// in `rows` rows, such as `example`): a regression target, not classes.
    case continuousLabels(path: String, distinct: Int, rows: Int, example: String)
    /// One CSV column asked for twice: as two targets, or as a target (or
    /// the label) and the weight column; `roles` names the two uses, as
    /// `["target", "weight column"]`.
    case columnUsedTwice(path: String, column: CSVColumn, roles: [String])
    /// A CSV file whose rows hold one field, the label, and so no feature:
    /// often a file separated by something other than `separator`.
    case noFeatureColumn(path: String, separator: Character)
    /// A line whose number of fields differs from the header's (or, without a
    /// header, from the first line's).
    case wrongFieldCount(path: String, line: Int, expected: Int, found: Int)
    /// An empty field (a missing cell).
    case missingValue(path: String, line: Int, column: CSVColumn)
    /// A feature field that is not a number.
    case nonNumericValue(path: String, line: Int, column: CSVColumn, field: String)
    /// A feature field that is NaN, infinite, or too large for the dataset's
    /// precision (beyond `Float.greatestFiniteMagnitude` for `Float`).
    case nonFiniteValue(path: String, line: Int, column: CSVColumn, field: String)
    /// A label that the chosen ``LabelEncoding`` cannot use, e.g. `2.5` when
    /// labels must be integers.
    case invalidLabel(path: String, line: Int, field: String, reason: String)

    // MARK: Values

    /// A feature that is NaN or infinite in an in-memory dataset.
    case nonFiniteFeature(sample: Int, feature: Int)
    /// A class label outside `0..<classCount`, at `location`.
    case labelOutOfRange(label: Int, classCount: Int, location: RecordLocation)
    /// A regression target that is NaN or infinite in an in-memory dataset.
    case nonFiniteTarget(sample: Int, target: Int)
    /// A sample weight that is negative or not finite, or weights that sum
    /// to zero (`sample` is then nil).
    case invalidSampleWeight(sample: Int?, weight: Double)

    /// One line naming the file, the place in it and what is wrong, e.g.
    /// `data.csv: line 7, column "x2" (index 1): "abc" is not a number`.
    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "\(path): no such file"
        case .unreadableFile(let path, let reason):
            "\(path): cannot read the file: \(reason)"
        case .datasetNotFound(let name, let missingPath, let installCommand):
            "\(name) not found: \(missingPath) does not exist; install it with "
                + "`\(installCommand)` or give the directory that holds its files"
        case .corruptGzip(let path, let reason):
            "\(path): corrupt gzip data: \(reason)"
        case .truncatedFile(let path, let expectedBytes, let foundBytes):
            "\(path): truncated: the IDX header and data need \(expectedBytes) bytes, "
                + "the file holds \(foundBytes)"
        case .notIDX(let path, let magic):
            "\(path): not an IDX file: magic number \(hex(magic)), expected "
                + "00 00 <type 08|09|0b|0c|0d|0e> <dimensions>"
        case .unexpectedIDXLayout(let path, let expected, let found):
            "\(path): expected \(expected), found \(found)"
        case .trailingData(let path, let expectedBytes):
            "\(path): unexpected data after the \(expectedBytes) bytes the header announces"
        case .countMismatch(let imagesPath, let imageCount, let labelsPath, let labelCount):
            "\(imagesPath) holds \(imageCount) images but \(labelsPath) holds \(labelCount) labels"
        case .emptyCSV(let path):
            "\(path): no data rows"
        case .missingLabelColumn(let path, let column, let columnCount, let header):
            "\(path): no label column \(column) among the \(columnCount) columns"
                + (header.isEmpty
                    ? " (the file has no header row)"
                    : ": " + header.map { "\"\($0)\"" }.joined(separator: ", "))
        case .continuousLabels(let path, let distinct, let rows, let example):
            "\(path): the label column holds \(distinct) distinct real numbers in \(rows) rows (such as \(example)): that is a regression target, which needs a regression loss on real-valued targets, not class labels; choose the class column (CSVReader.labelColumn, or perceptron-train's --label-column)"
        case .columnUsedTwice(let path, let column, let roles):
            "\(path): \(column) is asked for as the \(roles.joined(separator: " and as the ")); each needs a column of its own"
        case .noFeatureColumn(let path, let separator):
            "\(path): no feature column: every row is one field when split at \(separator == "\t" ? "tabs" : "'\(separator)'") (is the file separated by another character?)"
        case .wrongFieldCount(let path, let line, let expected, let found):
            "\(path): line \(line): expected \(expected) fields, found \(found)"
        case .missingValue(let path, let line, let column):
            "\(path): line \(line), \(column): missing value (empty field)"
        case .nonNumericValue(let path, let line, let column, let field):
            "\(path): line \(line), \(column): \"\(field)\" is not a number"
        case .nonFiniteValue(let path, let line, let column, let field):
            "\(path): line \(line), \(column): \"\(field)\" is not finite (NaN, infinity or out of range)"
        case .invalidLabel(let path, let line, let field, let reason):
            "\(path): line \(line): label \"\(field)\" \(reason)"
        case .nonFiniteFeature(let sample, let feature):
            "sample \(sample), feature \(feature): not finite (NaN or infinity)"
        case .labelOutOfRange(let label, let classCount, let location):
            "\(location): label \(label) is outside 0..<\(classCount)"
        case .nonFiniteTarget(let sample, let target):
            "sample \(sample), target \(target): not finite (NaN or infinity)"
        case .invalidSampleWeight(let sample?, let weight):
            "sample \(sample): weight \(weight) is not a finite, non-negative number"
        case .invalidSampleWeight(nil, _):
            "the sample weights sum to zero"
        }
    }
}

private func hex(_ bytes: [UInt8]) -> String {
    bytes.map { byte in
        let digits = String(byte, radix: 16)
        return byte < 16 ? "0" + digits : digits
    }.joined(separator: " ")
}
