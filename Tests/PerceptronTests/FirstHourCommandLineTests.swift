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
}
