import Foundation
import Perceptron
import Testing

/// What a new user types in the first hour: each mistake is one line and a
/// failure status, and nothing gives a wrong answer silently.
extension CommandLineTests {
    /// Writes `text` to a new temporary file named `name`.
    static func file(_ name: String, _ text: String) throws -> URL {
        let url = temporaryFile(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Rows `x,y,label` of three well-separated classes, `count` of each of
    /// `labels`.
    static func threeClassCSV(labels: [String], count: Int = 20, header: Bool = true) -> String {
        var lines = header ? ["x,y,label"] : []
        for (k, label) in labels.enumerated() {
            for i in 0..<count {
                lines.append("\(Double(k) * 4 + Double(i % 5) * 0.1),\(Double(i % 3) * 0.1),\(label)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("evaluate on a data set with fewer classes than the model shows the model's classes")
    func evaluateFewerClasses() throws {
        let training = try Self.file("three.csv", Self.threeClassCSV(labels: ["0", "1", "2"]))
        let test = try Self.file("two.csv", Self.threeClassCSV(labels: ["0", "1"], count: 5))
        let model = Self.temporaryFile("model.safetensors")
        defer { for url in [training, test, model] { try? FileManager.default.removeItem(at: url) } }
        let trained = try Self.run([
            "train", "--dataset", "csv", "--csv", training.path, "--layers", "8", "--epochs", "2",
            "--output", model.path,
        ])
        #expect(trained.status == 0, "stderr: \(trained.error)")
        let evaluated = try Self.run([
            "evaluate", "--dataset", "csv", "--csv", test.path, "--test-csv", test.path, "--model",
            model.path,
        ])
        #expect(evaluated.status == 0, "stderr: \(evaluated.error)")
        #expect(evaluated.output.contains("actual \\ predicted  0  1  2"), "\(evaluated.output)")
    }

    @Test(
        "semicolon- and tab-separated files train; the description says what was detected",
        arguments: [(";", "';'-separated"), ("\t", "tab-separated")])
    func separators(separator: String, description: String) throws {
        let text = Self.threeClassCSV(labels: ["a", "b"]).replacingOccurrences(of: ",", with: separator)
        let csv = try Self.file("data.csv", text)
        defer { try? FileManager.default.removeItem(at: csv) }
        let result = try Self.run([
            "train", "--dataset", "csv", "--csv", csv.path, "--layers", "4", "--epochs", "1",
        ])
        #expect(result.status == 0, "stderr: \(result.error)")
        #expect(result.output.contains("CSV with a header row, \(description)"), "\(result.output)")
    }

    @Test("a single-column CSV is refused in one line")
    func singleColumn() throws {
        let csv = try Self.file("one.csv", "label\n0\n1\n0\n1\n")
        defer { try? FileManager.default.removeItem(at: csv) }
        try expectFailure(["train", "--dataset", "csv", "--csv", csv.path], saying: "no feature column")
    }

    @Test("a CSV without a header keeps its first row, and says so")
    func noHeader() throws {
        let csv = try Self.file("plain.csv", Self.threeClassCSV(labels: ["0", "1"], count: 10, header: false))
        defer { try? FileManager.default.removeItem(at: csv) }
        let result = try Self.run([
            "train", "--csv", csv.path, "--layers", "4", "--epochs", "1", "--validation-fraction", "0",
        ])
        #expect(result.status == 0, "stderr: \(result.error)")
        // 20 rows: 16 for training, 4 held out; with a header row taken, 19.
        #expect(result.output.contains("training on 16 samples"), "\(result.output)")
        #expect(result.output.contains("CSV with no header row, ','-separated"))
    }

    @Test("a --test-csv with other columns than --csv is refused in one line")
    func testColumns() throws {
        let training = try Self.file("train.csv", Self.threeClassCSV(labels: ["0", "1"]))
        let test = try Self.file("test.csv", "a,b,c,label\n1,2,3,0\n")
        defer { for url in [training, test] { try? FileManager.default.removeItem(at: url) } }
        try expectFailure(
            ["train", "--csv", training.path, "--test-csv", test.path],
            saying: "\(test.path): 3 feature columns, but \(training.path) has 2")
    }

    @Test("a --test-csv lacking a class keeps the training set's class indices and names")
    func testClassNames() throws {
        let training = try Self.file(
            "train.csv", Self.threeClassCSV(labels: ["setosa", "versicolor", "virginica"]))
        let test = try Self.file("test.csv", Self.threeClassCSV(labels: ["versicolor", "virginica"], count: 3))
        let unknown = try Self.file("unknown.csv", "x,y,label\n1,2,versicolor\n3,4,rose\n")
        let model = Self.temporaryFile("model.safetensors")
        defer {
            for url in [training, test, unknown, model] { try? FileManager.default.removeItem(at: url) }
        }
        let trained = try Self.run([
            "train", "--csv", training.path, "--test-csv", test.path, "--layers", "8", "--epochs",
            "30", "--learning-rate", "0.01", "--output", model.path,
        ])
        #expect(trained.status == 0, "stderr: \(trained.error)")
        #expect(trained.output.contains("0 setosa"), "\(trained.output)")
        let predicted = try Self.run([
            "predict", "--csv", training.path, "--test-csv", test.path, "--model", model.path,
            "--indices", "0",
        ])
        #expect(predicted.output.hasPrefix("Label: 1 (versicolor)"), "\(predicted.output)")
        try expectFailure(
            ["train", "--csv", training.path, "--test-csv", unknown.path],
            saying: "\(unknown.path): line 3: label \"rose\" is not one of the 3 classes")
    }

    @Test("--csv alone means --dataset csv; CSV options with another data set are refused")
    func inferredDataset() throws {
        let csv = try Self.file("data.csv", Self.threeClassCSV(labels: ["0", "1"]))
        defer { try? FileManager.default.removeItem(at: csv) }
        let result = try Self.run(["train", "--csv", csv.path, "--layers", "4", "--epochs", "1"])
        #expect(result.status == 0 && result.output.contains("training on 28 samples"), "\(result.output)")
        try expectFailure(
            ["train", "--train-images", "/nonexistent"],
            saying: "--dataset idx needs --train-images, --train-labels")
        try expectFailure(
            ["train", "--dataset", "xor", "--csv", csv.path],
            saying: "--csv applies to --dataset csv, not --dataset xor")
    }

    @Test("an empty training or test set is refused")
    func emptySets() throws {
        try expectFailure(["train", "--dataset", "xor", "--samples", "1"], saying: "--samples must be at least 10")
        let csv = try Self.file("one-row.csv", "x,y,label\n1,2,0\n")
        defer { try? FileManager.default.removeItem(at: csv) }
        try expectFailure(["train", "--csv", csv.path], saying: "both sets need at least one")
    }
}
