import Tensor
extension ConfusionMatrix: CustomStringConvertible {
    /// The matrix as an aligned text table, rows the actual classes and
    /// columns the predicted ones:
    ///
    /// ```
    /// actual \ predicted    0    1    2
    /// 0 cat                 5    1    0
    /// 1 dog                 0    7    2
    /// 2 bird                1    0    9
    /// ```
    ///
    /// - Parameter classNames: one name per class, shown after the class
    ///   index at the start of each row (columns stay headed by the index
    ///   alone, so that long names such as Fashion-MNIST's `"T-shirt/top"`
    ///   do not widen every column); `nil` shows indices only.
    ///
    /// Stops (a programmer error) when `classNames` does not hold
    /// ``classCount`` names.
    public func table(classNames: [String]? = nil) -> String {
        let labels = rowLabels(classNames)
        var table = TextTable(
            alignments: [.left] + Array(repeating: .right, count: classCount), gap: 2)
        table.rows.append(["actual \\ predicted"] + (0..<classCount).map(String.init))
        for actual in 0..<classCount {
            table.rows.append([labels[actual]] + counts[actual].map(String.init))
        }
        return table.render()
    }

    /// ``table(classNames:)`` without names.
    public var description: String { table() }

    /// `"3"`, or `"3 Dress"` with names.
    private func rowLabels(_ classNames: [String]?) -> [String] {
        guard let classNames else { return (0..<classCount).map(String.init) }
        require(
            classNames.count == classCount,
            "ConfusionMatrix: \(classNames.count) class names for \(classCount) classes")
        return classNames.enumerated().map { "\($0.offset) \($0.element)" }
    }
}
