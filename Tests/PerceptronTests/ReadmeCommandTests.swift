import Foundation
import Testing

/// The README's command-line examples, read from README.md itself and run
/// in order (Fashion-MNIST runs shortened to 1 epoch and the resume to 2, on
/// the first tenth of the data, ``CommandLineTests/fashionMNISTSample``),
/// each checked against what the README says it prints.
extension CommandLineTests {
    /// The `perceptron-train` commands of the README's "Training from the
    /// command line" block, continuation lines joined, comments dropped.
    static func readmeCommands() throws -> [[String]] {
        let readme = try String(
            contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = readme.components(separatedBy: "## Training from the command line")[1]
        let block = section.components(separatedBy: "```")[1]
        var commands: [[String]] = []
        var pending = ""
        for line in block.split(separator: "\n") {
            let code = line.components(separatedBy: "#")[0].trimmingCharacters(in: .whitespaces)
            if code.hasSuffix("\\") {
                pending += code.dropLast() + " "
                continue
            }
            let command = pending + code
            pending = ""
            if command.hasPrefix("perceptron-train ") {
                commands.append(command.split(separator: " ").dropFirst().map(String.init))
            }
        }
        return commands
    }

    /// `arguments` with `--epochs` set to `epochs` and `model.safetensors`
    /// replaced by `model`.
    static func shortened(_ arguments: [String], epochs: String?, model: URL) -> [String] {
        var result = arguments.map { $0 == "model.safetensors" ? model.path : $0 }
        if let epochs, let index = result.firstIndex(of: "--epochs") { result[index + 1] = epochs }
        return result
    }

    @Test("every command of the README runs and prints what the README says")
    func readmeCommandsRun() throws {
        let commands = try Self.readmeCommands()
        #expect(commands.count == 6, "\(commands)")
        let model = Self.temporaryFile("readme.safetensors")
        defer { try? FileManager.default.removeItem(at: model) }
        for arguments in commands {
            let isSpirals = arguments.contains("spirals")
            let isResume = arguments.contains("--resume")
            var run = Self.shortened(
                arguments, epochs: isSpirals ? nil : isResume ? "2" : "1", model: model)
            // A resumed run, evaluate and predict read the data directory
            // from the checkpoint.
            if arguments[0] == "train" && !isSpirals && !isResume {
                run += ["--data-directory", Self.fashionMNISTSample.path]
            }
            let result = try Self.run(run)
            #expect(result.status == 0, "\(run): \(result.error)")
            switch arguments[0] {
            case "train" where isSpirals:
                let accuracy = Double(
                    Self.line(result.output, startingWith: "test loss")!.split(separator: " ").last!
                )!
                #expect(accuracy >= 0.95, "spirals: \(accuracy)")
            case "train" where isResume:
                #expect(result.output.contains("resuming \(model.path) after epoch 1"))
                #expect(result.output.contains("epoch 2/2") && !result.output.contains("epoch 1/2"))
            case "train":
                #expect(
                    result.output.contains("epoch 1/1") && result.output.contains("test accuracy"))
            case "evaluate":
                #expect(result.output.contains("precision") && result.output.contains("recall"))
            case "predict":
                let lines = result.output.split(separator: "\n")
                #expect(lines.count == 3)
                #expect(
                    lines.allSatisfy {
                        $0.wholeMatch(
                            of: /Label: \d \(.+\), Predicted: \d \(.+\) with [01]\.\d{3} confidence/
                        ) != nil
                    }, "\(result.output)")
            case "inspect":
                #expect(result.output.contains("epochs trained: 2"))
            default:
                Issue.record("a README command the test does not know: \(arguments)")
            }
        }
    }
}

extension CommandLineTests {
    /// The `perceptron-train` commands of the README's "Regression" block,
    /// continuation lines joined, comments dropped.
    static func readmeRegressionCommands() throws -> [[String]] {
        let readme = try String(
            contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let block = readme.components(separatedBy: "## Regression")[1].components(
            separatedBy: "```")[1]
        return block.replacingOccurrences(of: "\\\n", with: " ").split(separator: "\n").compactMap {
            let code = $0.components(separatedBy: "#")[0]
            guard code.hasPrefix("perceptron-train ") else { return nil }
            return code.split(separator: " ").dropFirst().map(String.init)
        }
    }

    @Test("the README's regression commands run and print what the README says")
    func readmeRegressionRuns() throws {
        let commands = try Self.readmeRegressionCommands()
        #expect(commands.map(\.first) == ["train", "predict", "evaluate"], "\(commands)")
        // The README makes reg.csv with Python; the same formula, drawn here.
        let csv = try Self.regressionCSV("readme-reg.csv")
        let model = Self.temporaryFile("readme-reg.safetensors")
        defer {
            for url in [csv, model] { try? FileManager.default.removeItem(at: url) }
        }
        var outputs: [String] = []
        for arguments in commands {
            let run = arguments.map {
                $0 == "reg.csv" ? csv.path : $0 == "reg.safetensors" ? model.path : $0
            }
            let result = try Self.run(run + (run[0] == "train" ? ["--threads", "1"] : []))
            #expect(result.status == 0, "\(run): \(result.error)")
            outputs.append(result.output)
        }
        let testLine = try #require(Self.line(outputs[0], startingWith: "test loss"))
        #expect(try #require(Self.number(after: "test R²", in: testLine)) >= 0.95, "\(testLine)")
        #expect(outputs[1].split(separator: "\n").count == 3)
        #expect(outputs[1].split(separator: "\n").allSatisfy { $0.hasPrefix("Target: y ") })
        #expect(outputs[2].contains(testLine.replacingOccurrences(of: "test ", with: "")))
    }
}
