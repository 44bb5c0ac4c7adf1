import Datasets
import Tensor
import Testing

/// The CSV reader: header, label column by name, index or position, label
/// encodings, quoting and line endings, gzip, and every way a file can be
/// wrong, with the message checked.
@Suite("CSV files")
struct CSVTests {
    static let iris = """
        sepal_length,sepal_width,species
        5.1,3.5,setosa
        7.0,3.2,versicolor

        6.3,3.3,virginica
        4.9,3.0,setosa
        """

    @Test("a header, string labels in the last column, sorted names, a blank line skipped")
    func stringLabels() throws {
        let dataset = try CSVReader().parse(Self.iris, as: Double.self)
        #expect(dataset.features == Matrix([[5.1, 3.5], [7.0, 3.2], [6.3, 3.3], [4.9, 3.0]]))
        #expect(dataset.labels == [0, 1, 2, 0])
        #expect(dataset.classCount == 3)
        #expect(dataset.classNames == ["setosa", "versicolor", "virginica"])
    }

    @Test("string labels in first-seen order")
    func firstSeenLabels() throws {
        let text = "x,label\n1,dog\n2,cat\n3,dog\n4,bird\n"
        let dataset = try CSVReader(labelEncoding: .firstSeenNames).parse(text, as: Float.self)
        #expect(dataset.labels == [0, 1, 0, 2])
        #expect(dataset.classNames == ["dog", "cat", "bird"])
    }

    @Test("label column by name or by index; the others are features in order")
    func labelColumnChoice() throws {
        let text = "a, class ,b\n1,2,3\n4,0,6\n"
        let byName = try CSVReader(labelColumn: .name("class")).parse(text, as: Double.self)
        let byIndex = try CSVReader(labelColumn: .index(1)).parse(text, as: Double.self)
        #expect(byName == byIndex)
        #expect(byName.features == Matrix([[1, 3], [4, 6]]))
        // Integer labels are kept: classes 0..<3, no names.
        #expect(byName.labels == [2, 0] && byName.classCount == 3 && byName.classNames == nil)
    }

    @Test("by default a column named label, class, target or y is the label, else the last")
    func conventionalLabelColumn() throws {
        let named = try CSVReader().parse(" Class ,a,b\n2,1,3\n0,4,6\n", as: Double.self)
        #expect(named.labels == [2, 0] && named.features == Matrix([[1, 3], [4, 6]]))
        // "target" is preferred to "y", wherever they stand.
        let preferred = try CSVReader().parse("y,a,target\n5,1,1\n6,4,0\n", as: Double.self)
        #expect(preferred.labels == [1, 0] && preferred.features == Matrix([[5, 1], [6, 4]]))
        let unnamed = try CSVReader().parse("a,b,kind\n1,2,0\n3,4,1\n", as: Double.self)
        #expect(unnamed.labels == [0, 1])
        // .last keeps the last column even when another is named label.
        let last = try CSVReader(labelColumn: .last).parse("label,a,b\n1,2,0\n3,4,1\n", as: Double.self)
        #expect(last.labels == [0, 1] && last.features == Matrix([[1, 2], [3, 4]]))
    }

    @Test("a label column of mostly distinct real numbers is refused as a regression target")
    func continuousLabels() throws {
        let rows = (0..<40).map { "\($0),\(Double($0) * 0.37 + 0.01)" }
        let text = "x,price\n" + rows.joined(separator: "\n") + "\n"
        #expect(
            throws: DatasetError.continuousLabels(
                path: "prices.csv", distinct: 40, rows: 40, example: "0.01")
        ) { try CSVReader().parse(text, path: "prices.csv", as: Double.self) }
        let message = "\(DatasetError.continuousLabels(path: "p.csv", distinct: 40, rows: 40, example: "0.01"))"
        #expect(message.contains("p.csv: the label column holds 40 distinct real numbers in 40 rows"))
        #expect(message.contains("regression"))
        // Few distinct real values are classes; so are many distinct integers.
        let fewReals = (0..<40).map { "\($0),\($0 % 3 == 0 ? "0.5" : "1.5")" }
        let few = try CSVReader().parse("x,y\n" + fewReals.joined(separator: "\n"), as: Double.self)
        #expect(few.classNames == ["0.5", "1.5"])
        let integers = (0..<40).map { "\($0),\($0)" }
        let many = try CSVReader().parse("x,y\n" + integers.joined(separator: "\n"), as: Double.self)
        #expect(many.classCount == 40)
        // Names the user chose are kept whatever they look like.
        let chosen = try CSVReader(labelEncoding: .sortedNames).parse(text, as: Double.self)
        #expect(chosen.classCount == 40)
    }

    @Test("no header: the first line is data")
    func noHeader() throws {
        let dataset = try CSVReader(hasHeader: false, labelColumn: .index(0))
            .parse("1,0.5,0.25\n0,-1,2e3\n", as: Float.self)
        #expect(dataset.labels == [1, 0])
        #expect(dataset.features == Matrix([[0.5, 0.25], [-1, 2000]]))
    }

    @Test("numeric labels: integral ones kept, others sorted numerically")
    func numericLabels() throws {
        let kept = try CSVReader().parse("x,y\n1,3.0\n2,7\n", as: Double.self)
        #expect(kept.labels == [3, 7] && kept.classCount == 8)
        let signed = try CSVReader().parse("x,y\n1,1\n2,-1\n3,10\n4,2\n", as: Double.self)
        #expect(signed.classNames == ["-1", "1", "2", "10"])
        #expect(signed.labels == [1, 0, 3, 2])
        let fixed = try CSVReader(labelEncoding: .integers(classCount: 10))
            .parse("x,y\n1,3\n", as: Double.self)
        #expect(fixed.classCount == 10)
    }

    @Test("quoted fields, CRLF line ends, a byte order mark, tabs as separator")
    func textDetails() throws {
        let quoted =
            "\u{FEFF}\"x, first\",\"y\",label\r\n\"1.5\",2,\"a \"\"big\"\" one\"\r\n3,4,b\r\n"
        let dataset = try CSVReader(labelColumn: .name("label")).parse(quoted, as: Double.self)
        #expect(dataset.features == Matrix([[1.5, 2], [3, 4]]))
        #expect(dataset.classNames == ["a \"big\" one", "b"])
        let tabs = try CSVReader(separator: "\t").parse("u\tv\tc\n1\t2\t0\n", as: Float.self)
        #expect(tabs.features == Matrix([[1, 2]]))
    }

    @Test("a file, plain and gzip-compressed")
    func files() throws {
        let directory = TemporaryDirectory()
        let plain = directory.write(Array(Self.iris.utf8), to: "iris.csv")
        let compressed = directory.writeGzip(Array(Self.iris.utf8), to: "iris.csv.gz")
        let fromText = try CSVReader().parse(Self.iris, as: Float.self)
        #expect(try CSVReader().read(at: plain, as: Float.self) == fromText)
        #expect(try CSVReader().read(at: compressed, as: Float.self) == fromText)
    }

    // MARK: Bad files

    @Test("a missing file")
    func missingFile() {
        let path = TemporaryDirectory().file("absent.csv")
        expectError(.fileNotFound(path: path), message: "\(path): no such file") {
            () throws(DatasetError) in try CSVReader().read(at: path, as: Float.self)
        }
    }

    @Test("no data rows: empty, blank, header only", arguments: ["", "\n  \n", "x,y,label\n"])
    func empty(text: String) {
        expectError(.emptyCSV(path: "t.csv"), message: "t.csv: no data rows") {
            () throws(DatasetError) in try CSVReader().parse(text, path: "t.csv", as: Float.self)
        }
    }

    @Test("an empty file on disk")
    func emptyFile() {
        let directory = TemporaryDirectory()
        let path = directory.write([], to: "empty.csv")
        expectError(.emptyCSV(path: path), message: "\(path): no data rows") {
            () throws(DatasetError) in try CSVReader().read(at: path, as: Double.self)
        }
    }

    @Test("a line with too few or too many fields")
    func wrongFieldCount() {
        expectError(
            .wrongFieldCount(path: "t.csv", line: 3, expected: 3, found: 2),
            message: "t.csv: line 3: expected 3 fields, found 2"
        ) { () throws(DatasetError) in
            try CSVReader().parse("x,y,c\n1,2,0\n1,0\n", path: "t.csv", as: Float.self)
        }
        expectError(
            .wrongFieldCount(path: "t.csv", line: 2, expected: 2, found: 3),
            message: "t.csv: line 2: expected 2 fields, found 3"
        ) { () throws(DatasetError) in
            try CSVReader(hasHeader: false).parse("1,0\n1,2,0\n", path: "t.csv", as: Float.self)
        }
    }

    @Test("a non-numeric feature")
    func nonNumeric() {
        expectError(
            .nonNumericValue(
                path: "t.csv", line: 3, column: CSVColumn(index: 1, name: "v"), field: "1,5"),
            message: "t.csv: line 3, column \"v\" (index 1): \"1,5\" is not a number"
        ) { () throws(DatasetError) in
            try CSVReader().parse("u,v,c\n1,2,0\n3,\"1,5\",1\n", path: "t.csv", as: Float.self)
        }
        expectError(
            .nonNumericValue(path: "t.csv", line: 1, column: CSVColumn(index: 0), field: "abc"),
            message: "t.csv: line 1, column index 0: \"abc\" is not a number"
        ) { () throws(DatasetError) in
            try CSVReader(hasHeader: false).parse("abc,1\n", path: "t.csv", as: Float.self)
        }
    }

    @Test("a missing value, in a feature and in the label")
    func missingValue() {
        expectError(
            .missingValue(path: "t.csv", line: 2, column: CSVColumn(index: 0, name: "x")),
            message: "t.csv: line 2, column \"x\" (index 0): missing value (empty field)"
        ) { () throws(DatasetError) in
            try CSVReader().parse("x,y,c\n ,2,0\n", path: "t.csv", as: Float.self)
        }
        expectError(
            .missingValue(path: "t.csv", line: 3, column: CSVColumn(index: 2, name: "c")),
            message: "t.csv: line 3, column \"c\" (index 2): missing value (empty field)"
        ) { () throws(DatasetError) in
            try CSVReader().parse("x,y,c\n1,2,0\n1,2,\n", path: "t.csv", as: Float.self)
        }
    }

    @Test("NaN and infinity in the inputs", arguments: ["nan", "NaN", "inf", "-infinity"])
    func nonFinite(field: String) {
        expectError(
            .nonFiniteValue(
                path: "t.csv", line: 2, column: CSVColumn(index: 1, name: "v"), field: field),
            message:
                "t.csv: line 2, column \"v\" (index 1): \"\(field)\" is not finite (NaN, infinity or out of range)"
        ) { () throws(DatasetError) in
            try CSVReader().parse("u,v,c\n1,\(field),0\n", path: "t.csv", as: Double.self)
        }
    }

    @Test("a number beyond Float's range is not finite in Float, fine in Double")
    func outOfFloatRange() throws {
        let text = "x,c\n1e300,0\n"
        #expect(try CSVReader().parse(text, as: Double.self).features[0, 0] == 1e300)
        expectError(
            .nonFiniteValue(
                path: "<text>", line: 2, column: CSVColumn(index: 0, name: "x"), field: "1e300"),
            message:
                "<text>: line 2, column \"x\" (index 0): \"1e300\" is not finite (NaN, infinity or out of range)"
        ) { () throws(DatasetError) in try CSVReader().parse(text, as: Float.self) }
    }

    @Test("a missing label column: unknown name, index out of range, name without header")
    func missingLabelColumn() {
        expectError(
            .missingLabelColumn(
                path: "t.csv", column: "\"species\"", columnCount: 3, header: ["x", "y", "c"]),
            message: "t.csv: no label column \"species\" among the 3 columns: \"x\", \"y\", \"c\""
        ) { () throws(DatasetError) in
            try CSVReader(labelColumn: .name("species"))
                .parse("x,y,c\n1,2,0\n", path: "t.csv", as: Float.self)
        }
        expectError(
            .missingLabelColumn(
                path: "t.csv", column: "index 3", columnCount: 3, header: ["x", "y", "c"]),
            message: "t.csv: no label column index 3 among the 3 columns: \"x\", \"y\", \"c\""
        ) { () throws(DatasetError) in
            try CSVReader(labelColumn: .index(3))
                .parse("x,y,c\n1,2,0\n", path: "t.csv", as: Float.self)
        }
        expectError(
            .missingLabelColumn(path: "t.csv", column: "\"c\"", columnCount: 3, header: []),
            message: "t.csv: no label column \"c\" among the 3 columns (the file has no header row)"
        ) { () throws(DatasetError) in
            try CSVReader(hasHeader: false, labelColumn: .name("c"))
                .parse("1,2,0\n", path: "t.csv", as: Float.self)
        }
    }

    @Test("labels that must be integers: a fraction, a word, one out of range")
    func integerLabels() {
        let reader = CSVReader(labelEncoding: .integers(classCount: 3))
        expectError(
            .invalidLabel(
                path: "t.csv", line: 3, field: "1.5", reason: "is not a non-negative integer"),
            message: "t.csv: line 3: label \"1.5\" is not a non-negative integer"
        ) { () throws(DatasetError) in
            try reader.parse("x,c\n1,0\n2,1.5\n", path: "t.csv", as: Float.self)
        }
        expectError(
            .invalidLabel(
                path: "t.csv", line: 2, field: "cat", reason: "is not a non-negative integer"),
            message: "t.csv: line 2: label \"cat\" is not a non-negative integer"
        ) { () throws(DatasetError) in
            try reader.parse("x,c\n1,cat\n", path: "t.csv", as: Float.self)
        }
        expectError(
            .labelOutOfRange(label: 3, classCount: 3, location: .line(path: "t.csv", number: 4)),
            message: "t.csv: line 4: label 3 is outside 0..<3"
        ) { () throws(DatasetError) in
            try reader.parse("x,c\n1,0\n2,2\n3,3\n", path: "t.csv", as: Float.self)
        }
    }
}
