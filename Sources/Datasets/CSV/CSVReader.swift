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
/// label the ``labelEncoding`` cannot use, a missing label column, a
/// column asked for twice, no feature column, or no data rows at all. Labels become `0..<k` by ``labelEncoding``.
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
    /// The columns of real-valued targets, which make the file a
    /// regression dataset (``Dataset/init(features:targets:targetNames:sampleWeights:)``),
    /// several for several outputs; nil (the default) reads class labels
    /// from ``labelColumn`` instead.
    public var targetColumns: [CSVLabelColumn]?
    /// The column of per-sample weights (finite, non-negative), left out of
    /// the features; nil for unweighted samples.
    public var weightColumn: CSVLabelColumn?

    /// A reader with the given settings: by default the header row and the
    /// separator detected, labels in the column ``CSVLabelColumn/automatic``
    /// finds, ``LabelEncoding/automatic``.
    public init(
        hasHeader: Bool? = nil, labelColumn: CSVLabelColumn = .automatic,
        labelEncoding: LabelEncoding = .automatic, separator: Character? = nil,
        targetColumns: [CSVLabelColumn]? = nil, weightColumn: CSVLabelColumn? = nil
    ) {
        require(
            separator.map { $0.isASCII && $0 != "\"" && $0 != "\n" } ?? true,
            "CSVReader: the separator must be an ASCII character other than a quote or newline")
        self.hasHeader = hasHeader
        self.labelColumn = labelColumn
        self.labelEncoding = labelEncoding
        self.separator = separator
        self.targetColumns = targetColumns
        self.weightColumn = weightColumn
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
            from: parseTable(bytes, path: path, largestMagnitude: largestMagnitude(of: Scalar.self))
        )
    }

    /// The largest finite `Scalar` as a `Double`.
    @inlinable
    func largestMagnitude<Scalar: BLASScalar>(of _: Scalar.Type) -> Double {
        Double(Scalar.greatestFiniteMagnitude)
    }

    /// The table's values converted to `Scalar`.
    @inlinable
    func dataset<Scalar: BLASScalar>(from table: CSVTable) throws(DatasetError) -> Dataset<Scalar> {
        let features = table.values.map { Scalar($0) }
        let storage = FeatureStorage(
            rows: table.rowCount, columns: table.featureCount, values: .scalars(features))
        var dataset = Dataset<Scalar>(
            uncheckedStorage: storage, labels: table.labels, classCount: table.classCount,
            classNames: table.classNames, targets: table.targets.map { Scalar($0) },
            targetCount: table.targetNames.count,
            targetNames: table.targetNames.isEmpty ? nil : table.targetNames)
        if let weights = table.weights {
            dataset = try dataset.withSampleWeights(weights.map { Scalar($0) })
        }
        return dataset
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
        let targetIndices = try targetColumns?.map { column throws(DatasetError) in
            try resolve(column, fieldCount: fieldCount, header: header ?? [], path: path)
        }
        let labelIndex =
            targetIndices == nil
            ? try resolve(labelColumn, fieldCount: fieldCount, header: header ?? [], path: path)
            : nil
        let weightIndex = try weightColumn.map { column throws(DatasetError) in
            try resolve(column, fieldCount: fieldCount, header: header ?? [], path: path)
        }
        func column(_ index: Int) -> CSVColumn { CSVColumn(index: index, name: header?[index]) }
        // Each column has one use: a target read twice, or a weight that is
        // also a target or the label, would be read as one of them only.
        let uses =
            (targetIndices ?? []).map { ($0, "target") } + [labelIndex].compactMap { $0 }.map { ($0, "label") }
            + [weightIndex].compactMap { $0 }.map { ($0, "weight column") }
        for (position, (index, role)) in uses.enumerated() {
            if let earlier = uses[..<position].first(where: { $0.0 == index }) {
                throw .columnUsedTwice(path: path, column: column(index), roles: [earlier.1, role])
            }
        }
        let nonFeatures = Set((targetIndices ?? []) + [labelIndex, weightIndex].compactMap { $0 })
        guard fieldCount > nonFeatures.count else {
            throw .noFeatureColumn(path: path, separator: format.separator!)
        }
        let targetIndex = Dictionary(
            (targetIndices ?? []).enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let targetCount = targetIndices?.count ?? 0

        var values = [Double]()
        values.reserveCapacity(records.count * (fieldCount - nonFeatures.count))
        var targets = [Double](repeating: 0, count: records.count * targetCount)
        var weights = [Double]()
        var labelFields = [(line: Int, field: String)]()
        labelFields.reserveCapacity(records.count)
        for (row, record) in records.enumerated() {
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
                if let target = targetIndex[index] {
                    targets[row * targetCount + target] = number
                } else if index == weightIndex {
                    guard number >= 0 else {
                        throw .invalidSampleWeight(sample: row, weight: number)
                    }
                    weights.append(number)
                } else {
                    values.append(number)
                }
            }
        }
        let (labels, classCount, classNames) =
            labelIndex == nil
            ? ([], 0, nil) : try labelEncoding.encode(labelFields, path: path)
        return CSVTable(
            values: values, rowCount: records.count, featureCount: fieldCount - nonFeatures.count,
            labels: labels, classCount: classCount, classNames: classNames, targets: targets,
            targetNames: (targetIndices ?? []).map { header?[$0].trimmingBlanks() ?? "y\($0)" },
            weights: weightIndex == nil ? nil : weights)
    }

    /// The index of `labelColumn` (the label column, a target or the
    /// weight column) among `fieldCount` fields.
    private func resolve(
        _ labelColumn: CSVLabelColumn, fieldCount: Int, header: [String], path: String
    ) throws(DatasetError) -> Int {
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
