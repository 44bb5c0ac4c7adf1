import Datasets
import Foundation
import Tensor
import Testing

/// CSV files read for regression: target columns and a weight column.
@Suite("CSV regression targets and weights")
struct CSVRegressionTests {
    @Test("named target columns become targets; the rest, bar the weight, are features")
    func namedTargets() throws {
        let text = """
            x1,y,w,x2,z
            1,10,0.5,2,-1
            3,30,2,4,-3
            """
        let reader = CSVReader(targetColumns: [.name("y"), .name("z")], weightColumn: .name("w"))
        let data: Dataset<Double> = try reader.parse(text)
        #expect(data.isRegression && data.targetCount == 2)
        #expect(data.targetNames == ["y", "z"])
        #expect(data.features.elements == [1, 2, 3, 4])
        #expect(data.targetValues.elements == [10, -1, 30, -3])
        #expect(data.sampleWeights == [0.5, 2])
        #expect(data.labels.isEmpty && data.classCount == 0)
    }

    @Test("target columns by index in a file of numbers: no header is detected")
    func indexedTargets() throws {
        let data: Dataset<Float> = try CSVReader(targetColumns: [.index(0)]).parse("1.5,2\n2.5,3\n")
        #expect(data.count == 2)
        #expect(data.targetValues.elements == [1.5, 2.5])
        #expect(data.features.elements == [2, 3])
        #expect(data.targetNames == ["y0"])
    }

    @Test("the automatic target column: the last in a file of numbers, y in a file with a header")
    func automaticTarget() throws {
        let reader = CSVReader(targetColumns: [.automatic])
        let numbers: Dataset<Double> = try reader.parse("1,2,3\n4,5,6\n")
        #expect(numbers.count == 2 && numbers.targetValues.elements == [3, 6])
        #expect(numbers.features.elements == [1, 2, 4, 5])
        let named: Dataset<Double> = try reader.parse("y,x1,x2\n1,2,3\n4,5,6\n")
        #expect(named.targetNames == ["y"] && named.targetValues.elements == [1, 4])
        // A classification file has no target names.
        let classes: Dataset<Double> = try CSVReader().parse("x,label\n1,0\n2,1\n")
        #expect(classes.targetNames == nil && !classes.isRegression)
    }

    @Test("a missing target column, a text target, a column used twice and a negative weight name the problem")
    func errors() {
        let header = "a,b,w\n"
        #expect(throws: DatasetError.self) {
            let _: Dataset<Double> = try CSVReader(targetColumns: [.name("y")]).parse(
                header + "1,2,3\n")
        }
        #expect(
            throws: DatasetError.nonNumericValue(
                path: "<text>", line: 2, column: CSVColumn(index: 1, name: "b"), field: "big")
        ) {
            let _: Dataset<Double> = try CSVReader(targetColumns: [.name("b")]).parse(
                header + "1,big,3\n")
        }
        #expect(
            throws: DatasetError.columnUsedTwice(
                path: "<text>", column: CSVColumn(index: 1, name: "b"), roles: ["target", "weight column"])
        ) {
            let _: Dataset<Double> = try CSVReader(
                targetColumns: [.name("b")], weightColumn: .index(1)
            ).parse(header + "1,2,3\n")
        }
        #expect(
            throws: DatasetError.columnUsedTwice(
                path: "<text>", column: CSVColumn(index: 0, name: "a"), roles: ["target", "target"])
        ) {
            let _: Dataset<Double> = try CSVReader(targetColumns: [.index(0), .name("a")]).parse(header + "1,2,3\n")
        }
        #expect(
            throws: DatasetError.columnUsedTwice(
                path: "<text>", column: CSVColumn(index: 2, name: "w"), roles: ["label", "weight column"])
        ) {
            let _: Dataset<Double> = try CSVReader(weightColumn: .name("w")).parse(header + "1,2,3\n")
        }
        #expect(throws: DatasetError.invalidSampleWeight(sample: 1, weight: -2)) {
            let _: Dataset<Double> = try CSVReader(
                targetColumns: [.name("b")], weightColumn: .name("w")
            ).parse(header + "1,2,3\n1,2,-2\n")
        }
    }
}

/// The data sets kept in the repository's data/ directory read as their
/// sources describe them.
@Suite("Repository data sets")
struct RepositoryDataTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data")

    @Test("diabetes.csv: 442 patients, 10 variables, one regression target")
    func diabetes() throws {
        let data: Dataset<Double> = try CSVReader(targetColumns: [.name("target")])
            .read(at: Self.directory.appendingPathComponent("diabetes.csv").path)
        #expect(data.count == 442 && data.featureCount == 10 && data.targetNames == ["target"])
        // The first patient, as Efron et al. (2004) list it.
        #expect(data.features.rows(0..<1).elements.prefix(4) == [59, 2, 32.1, 101])
        #expect(data.targetValues[0, 0] == 151)
    }

    @Test("digits.csv: 1,797 images of 64 pixels, ten classes")
    func digits() throws {
        let data: Dataset<Float> = try CSVReader(labelColumn: .name("label"))
            .read(at: Self.directory.appendingPathComponent("digits.csv").path)
        #expect(data.count == 1797 && data.featureCount == 64 && data.classCount == 10)
    }
}

@Suite("Regression batches")
struct RegressionBatchTests {
    @Test("a regression set's batches have features and no labels")
    func batches() throws {
        let data = try Dataset<Double>(
            features: Matrix(rows: 5, columns: 1, elements: [0, 1, 2, 3, 4]),
            targets: Matrix(rows: 5, columns: 1, elements: [5, 6, 7, 8, 9]))
        let batches = data.batches(size: 2)
        #expect(batches.count == 3)
        #expect(batches[2].features.rows == 1 && batches[2].labels.isEmpty)
        var targets = [Double](repeating: 0, count: 2)
        data.gatherTargetValues(at: batches.sampleRange(ofBatch: 1), into: &targets)
        #expect(targets == [7, 8])
    }
}
