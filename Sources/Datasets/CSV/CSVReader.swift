import Tensor

/// Reads a labelled dataset from a CSV file: one sample per line, one
/// column of class labels, every other column a numeric feature.
///
/// ```swift
/// let reader = CSVReader(labelColumn: .name("species"))
/// let iris: Dataset<Double> = try reader.read(at: "iris.csv")
/// ```
///
/// The file may be gzip-compressed (read through zlib). Fields are
/// separated by ``separator`` (by default detected: `,` `;` or tab) and may
/// be double-quoted (see RFC 4180; quoted fields may not span lines). A
/// header row is detected unless ``hasHeader`` says
/// (``resolvedFormat(of:)``). Blank lines are skipped. Every field
/// is checked, and the first problem is thrown as a ``DatasetError`` naming
/// the file, the line (counted from 1) and the column: a wrong number of
/// fields, an empty field, a feature that is not a number or not finite, a
/// label the ``labelEncoding`` cannot use, a missing label column, no
/// feature column, or no data rows at all. Labels become `0..<k` by ``labelEncoding``.
public struct CSVReader: Sendable {
    /// Whether the first non-blank line holds column names; nil to detect
    /// it (a header unless every field but the label is a number).
    public var hasHeader: Bool?
    /// The column of class labels.
    public var labelColumn: CSVLabelColumn
    /// How label fields become class indices.
    public var labelEncoding: LabelEncoding
    /// The field separator, an ASCII character other than `"`; nil to
    /// detect it among ``detectableSeparators``.
    public var separator: Character?

    /// A reader with the given settings: by default the header row and the
    /// separator detected, labels in the column ``CSVLabelColumn/automatic``
    /// finds, ``LabelEncoding/automatic``.
    public init(
        hasHeader: Bool? = nil, labelColumn: CSVLabelColumn = .automatic,
        labelEncoding: LabelEncoding = .automatic, separator: Character? = nil
    ) {
        require(
            separator.map { $0.isASCII && $0 != "\"" && $0 != "\n" } ?? true,
            "CSVReader: the separator must be an ASCII character other than a quote or newline")
        self.hasHeader = hasHeader
        self.labelColumn = labelColumn
        self.labelEncoding = labelEncoding
        self.separator = separator
    }

    /// The dataset in the CSV file at `path` (gzip-compressed or not).
    @inlinable
    public func read<Scalar: BLASScalar>(at path: String, as _: Scalar.Type = Scalar.self)
        throws(DatasetError) -> Dataset<Scalar>
    {
        try dataset(
            from: parseTable(
                readBytes(at: path), path: path, largestMagnitude: largestMagnitude(of: Scalar.self)
            ))
    }

    /// The dataset in CSV text; `path` names the source in error messages.
    @inlinable
    public func parse<Scalar: BLASScalar>(
        _ text: String, path: String = "<text>", as _: Scalar.Type = Scalar.self
    ) throws(DatasetError) -> Dataset<Scalar> {
        try parse(Array(text.utf8), path: path)
    }

    /// The dataset in the bytes of a CSV file (UTF-8 text, not compressed),
    /// read exactly as ``read(at:as:)`` reads the file's bytes; `path` names
    /// the source in error messages.
    ///
    /// - Throws: the ``DatasetError`` for the first problem, as
    ///   ``read(at:as:)`` does.
    @inlinable
    public func parse<Scalar: BLASScalar>(
        _ bytes: [UInt8], path: String = "<bytes>", as _: Scalar.Type = Scalar.self
    ) throws(DatasetError) -> Dataset<Scalar> {
        try dataset(
            from: parseTable(bytes, path: path, largestMagnitude: largestMagnitude(of: Scalar.self)))
    }

    /// The largest finite `Scalar` as a `Double`.
    @inlinable
    func largestMagnitude<Scalar: BLASScalar>(of _: Scalar.Type) -> Double {
        Double(Scalar.greatestFiniteMagnitude)
    }

    /// The table's values converted to `Scalar`.
    @inlinable
    func dataset<Scalar: BLASScalar>(from table: CSVTable) -> Dataset<Scalar> {
        let features = table.values.map { Scalar($0) }
        return Dataset(
            uncheckedFeatures: Matrix(
                rows: table.rowCount, columns: table.featureCount, elements: features),
            labels: table.labels, classCount: table.classCount, classNames: table.classNames)
    }

    /// The bytes of the file at `path`, decompressed if it is gzip.
    @usableFromInline
    func readBytes(at path: String) throws(DatasetError) -> [UInt8] {
        try ZlibFileReader(path: path).readAll()
    }

    /// Splits, checks and converts the text to `Double` values and labels;
    /// a value beyond `largestMagnitude` (the dataset's precision) counts
    /// as not finite.
    @usableFromInline
    func parseTable(_ bytes: [UInt8], path: String, largestMagnitude: Double)
        throws(DatasetError) -> CSVTable
    {
        let format = resolvedFormat(of: bytes)
        var records = csvRecords(in: bytes, separator: format.separator!.asciiValue!)[...]
        let header = format.hasHeader! ? records.popFirst()?.fields : nil
        guard let first = records.first else { throw .emptyCSV(path: path) }
        let fieldCount = header?.count ?? first.fields.count
        let labelIndex = try resolveLabelColumn(
            fieldCount: fieldCount, header: header ?? [], path: path)
        guard fieldCount > 1 else {
            throw .noFeatureColumn(path: path, separator: format.separator!)
        }
        func column(_ index: Int) -> CSVColumn { CSVColumn(index: index, name: header?[index]) }

        var values = [Double]()
        values.reserveCapacity(records.count * (fieldCount - 1))
        var labelFields = [(line: Int, field: String)]()
        labelFields.reserveCapacity(records.count)
        for record in records {
            guard record.fields.count == fieldCount else {
                throw .wrongFieldCount(
                    path: path, line: record.line, expected: fieldCount,
                    found: record.fields.count)
            }
            for (index, field) in record.fields.enumerated() {
                guard !field.isEmpty else {
                    throw .missingValue(path: path, line: record.line, column: column(index))
                }
                if index == labelIndex {
                    labelFields.append((record.line, field))
                    continue
                }
                guard let number = Double(field) else {
                    throw .nonNumericValue(
                        path: path, line: record.line, column: column(index), field: field)
                }
                guard number.magnitude <= largestMagnitude else {
                    throw .nonFiniteValue(
                        path: path, line: record.line, column: column(index), field: field)
                }
                values.append(number)
            }
        }
        let (labels, classCount, classNames) = try labelEncoding.encode(labelFields, path: path)
        return CSVTable(
            values: values, rowCount: records.count, featureCount: fieldCount - 1,
            labels: labels, classCount: classCount, classNames: classNames)
    }

    /// The index of the label column among `fieldCount` fields.
    private func resolveLabelColumn(fieldCount: Int, header: [String], path: String)
        throws(DatasetError) -> Int
    {
        let index: Int? =
            switch labelColumn {
            case .name(let name):
                header.firstIndex(of: name.trimmingBlanks())
            case .index(let index):
                (0..<fieldCount).contains(index) ? index : nil
            case .last:
                fieldCount - 1
            case .automatic:
                CSVLabelColumn.conventionalNames.lazy.compactMap { name in
                    header.firstIndex { $0.trimmingBlanks().lowercased() == name }
                }.first ?? fieldCount - 1
            }
        guard let index else {
            throw .missingLabelColumn(
                path: path, column: labelColumn.description, columnCount: fieldCount,
                header: header)
        }
        return index
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingBlanks() -> String {
        let isBlank = { (c: Character) in c == " " || c == "\t" }
        guard let start = firstIndex(where: { !isBlank($0) }) else { return "" }
        let end = lastIndex(where: { !isBlank($0) })!
        return String(self[start...end])
    }
}
