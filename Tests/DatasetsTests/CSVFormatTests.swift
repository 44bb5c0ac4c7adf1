import Datasets
import Tensor
import Testing

/// What the CSV reader detects when it is not told: the separator (`,` `;`
/// or tab) and whether the first row is a header. And a test file read
/// with the training file's class list.
@Suite("CSV format detection and class lists")
struct CSVFormatTests {
    @Test(
        "the separator is the first line's most frequent of , ; and tab",
        arguments: [
            ("x;y;label\n1;2;0\n3;4;1\n", ";"), ("x\ty\tlabel\n1\t2\t0\n3\t4\t1\n", "\t"),
            ("x,y,label\n1,2,0\n3,4,1\n", ","), ("\"a;b\",y,label\n1,2,0\n", ","),
        ] as [(String, Character)])
    func separator(text: String, expected: Character) throws {
        let reader = CSVReader().resolvedFormat(of: Array(text.utf8))
        #expect(reader.separator == expected)
        let dataset = try CSVReader().parse(text, as: Double.self)
        #expect(dataset.featureCount == 2)
    }

    @Test("a first row of numbers is data, not a header; a label column by name needs one")
    func header() throws {
        let numeric = try CSVReader().parse("1,2,0\n3,4,1\n", as: Double.self)
        #expect(numeric.count == 2)
        #expect(numeric.features.row(0) == [1, 2])
        // String labels: the label column does not count.
        let named = try CSVReader().parse("1.5,2,setosa\n3,4,virginica\n", as: Double.self)
        #expect(named.count == 2 && named.classNames == ["setosa", "virginica"])
        let headed = try CSVReader().parse("x,y,label\n1,2,0\n", as: Double.self)
        #expect(headed.count == 1)
        #expect(CSVReader(labelColumn: .name("label")).resolvedFormat(of: Array("1,2,0\n".utf8)).hasHeader == true)
        // What is given is kept.
        let forced = CSVReader(hasHeader: true, separator: ";").resolvedFormat(of: Array("1,2,0\n".utf8))
        #expect(forced.hasHeader == true && forced.separator == ";")
        #expect(CSVReader().resolvedFormat(of: Array("1;2;0\n".utf8)).formatDescription == "no header row, ';'-separated")
    }

    @Test("a file with no feature column is an error that suggests another separator")
    func noFeatureColumn() {
        #expect(throws: DatasetError.noFeatureColumn(path: "one.csv", separator: ",")) {
            try CSVReader().parse("label\n0\n1\n", path: "one.csv", as: Float.self)
        }
        #expect(throws: DatasetError.noFeatureColumn(path: "semi.csv", separator: ",")) {
            try CSVReader(separator: ",").parse("x;y;label\n1;2;0\n", path: "semi.csv", as: Float.self)
        }
        #expect(
            DatasetError.noFeatureColumn(path: "semi.csv", separator: ",").description
                == "semi.csv: no feature column: every row is one field when split at ',' (is the file separated by another character?)"
        )
    }

    @Test("a class list gives every file the same indices; a name outside it names file and line")
    func classList() throws {
        let names = ["setosa", "versicolor", "virginica"]
        // A test file without setosa: versicolor is still class 1, not 0.
        let test = try CSVReader(labelEncoding: .names(names))
            .parse("x,species\n1,versicolor\n2,virginica\n", as: Double.self)
        #expect(test.labels == [1, 2])
        #expect(test.classCount == 3 && test.classNames == names)
        #expect(
            throws: DatasetError.invalidLabel(
                path: "t.csv", line: 3, field: "rose",
                reason: "is not one of the 3 classes of the training data (setosa, versicolor, virginica)")
        ) {
            try CSVReader(labelEncoding: .names(names))
                .parse("x,species\n1,setosa\n2,rose\n", path: "t.csv", as: Double.self)
        }
    }
}
