extension LabelEncoding {
    /// Class indices, the class count and the class names (if any) for the
    /// label fields of a CSV file, each with its line number.
    func encode(_ fields: [(line: Int, field: String)], path: String) throws(DatasetError)
        -> (labels: [Int], classCount: Int, classNames: [String]?)
    {
        switch self {
        case .automatic:
            guard let nonInteger = fields.first(where: { integerValue(of: $0.field) == nil })
            else { return try LabelEncoding.integers(classCount: nil).encode(fields, path: path) }
            try refuseContinuousTarget(fields, example: nonInteger.field, path: path)
            return try LabelEncoding.sortedNames.encode(fields, path: path)

        case .integers(let givenCount):
            var labels = [Int]()
            labels.reserveCapacity(fields.count)
            for (line, field) in fields {
                guard let label = integerValue(of: field) else {
                    throw .invalidLabel(
                        path: path, line: line, field: field,
                        reason: "is not a non-negative integer")
                }
                if let givenCount, label >= givenCount {
                    throw .labelOutOfRange(
                        label: label, classCount: givenCount,
                        location: .line(path: path, number: line))
                }
                labels.append(label)
            }
            return (labels, givenCount ?? ((labels.max() ?? -1) + 1), nil)

        case .names(let names):
            let indices = Dictionary(names.enumerated().map { ($1, $0) }) { first, _ in first }
            var labels = [Int]()
            labels.reserveCapacity(fields.count)
            for (line, field) in fields {
                guard let label = indices[field] else {
                    throw .invalidLabel(
                        path: path, line: line, field: field,
                        reason: "is not one of the \(names.count) classes of the training data ("
                            + names.prefix(10).joined(separator: ", ")
                            + (names.count > 10 ? ", ..." : "") + ")")
                }
                labels.append(label)
            }
            return (labels, names.count, names)

        case .sortedNames, .firstSeenNames:
            var names = [String]()
            var seen = Set<String>()
            for (_, field) in fields where seen.insert(field).inserted { names.append(field) }
            if self == .sortedNames {
                let numbers = names.map { Double($0) }
                if numbers.allSatisfy({ $0 != nil }) {
                    names = zip(names, numbers).sorted { ($0.1!, $0.0) < ($1.1!, $1.0) }.map(\.0)
                } else {
                    names.sort()
                }
            }
            let indices = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            return (fields.map { indices[$0.field]! }, names.count, names)
        }
    }
}

/// Refuses label fields that are real numbers, mostly distinct: more than
/// half the rows and more than ``LabelEncoding/continuousTargetMinimum``
/// distinct values, not all integers (`example` is the first that is
/// not). Such a column is a regression target (a price, a temperature);
/// read as names it would silently become hundreds of classes.
private func refuseContinuousTarget(
    _ fields: [(line: Int, field: String)], example: String, path: String
) throws(DatasetError) {
    guard fields.allSatisfy({ Double($0.field)?.isFinite == true }) else { return }
    let distinct = Set(fields.lazy.map(\.field)).count
    if distinct > LabelEncoding.continuousTargetMinimum && 2 * distinct > fields.count {
        throw .continuousLabels(
            path: path, distinct: distinct, rows: fields.count, example: example)
    }
}

extension LabelEncoding {
    /// Above this many distinct real-valued labels (and above half the
    /// rows), ``automatic`` refuses the column as a regression target.
    public static let continuousTargetMinimum = 20
}

/// The value of a label that is a non-negative integer, written as one
/// (`"7"`) or as an integral number (`"7.0"`); nil otherwise.
private func integerValue(of field: String) -> Int? {
    if let integer = Int(field) { return integer >= 0 ? integer : nil }
    guard let number = Double(field), number >= 0, number < 0x1p62,
        number == number.rounded()
    else { return nil }
    return Int(number)
}
