import Foundation
import Perceptron
import Testing

/// A checkpoint whose metadata cannot be decoded is refused with one line
/// that names the file and the field in words.
@Suite("Checkpoint metadata errors")
struct CheckpointMetadataTests {
    /// The message of reading `CheckpointTests.checkpoint()` as the file
    /// `m.safetensors` after `change` edits the JSON object in its metadata
    /// `key`.
    static func message(
        changing key: String, _ change: (inout [String: Any]) -> Void
    ) throws -> String {
        var file = try CheckpointTests.checkpoint().safeTensors()
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(file.metadata[key]!.utf8)) as? [String: Any])
        change(&object)
        file.metadata[key] = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        return message(reading: file)
    }

    /// The message of reading `file` as a training checkpoint named
    /// `m.safetensors`.
    static func message(reading file: SafeTensors) -> String {
        do {
            _ = try TrainingCheckpoint<Float>(file, source: "m.safetensors")
            return "read without an error"
        } catch {
            return "\(error)"
        }
    }

    @Test("a missing field is named with its path")
    func missingField() throws {
        #expect(
            try Self.message(changing: "trainer") { $0["batchSize"] = nil }
                == #"m.safetensors: the metadata field "trainer.batchSize" is missing"#)
        #expect(
            try Self.message(changing: "history") {
                var records = $0["records"] as! [[String: Any]]
                records[1]["loss"] = nil
                $0["records"] = records
            } == #"m.safetensors: the metadata field "history.records[1].loss" is missing"#)
    }

    @Test("a missing metadata value is named")
    func missingValue() throws {
        var file = try CheckpointTests.checkpoint().safeTensors()
        file.metadata["trainer"] = nil
        #expect(Self.message(reading: file) == #"m.safetensors: the metadata field "trainer" is missing"#)
    }

    @Test("a field of the wrong kind says what it should be")
    func wrongType() throws {
        #expect(
            try Self.message(changing: "architecture") { $0["inputs"] = "three" }
                == #"m.safetensors: the metadata field "architecture.inputs" is not an integer"#)
        #expect(
            try Self.message(changing: "trainer") { $0["stoppedEarly"] = 1.5 }
                == #"m.safetensors: the metadata field "trainer.stoppedEarly" is not true or false"#)
        #expect(
            try Self.message(changing: "trainer") { $0["batchSize"] = NSNull() }
                == #"m.safetensors: the metadata field "trainer.batchSize" is null"#)
    }

    @Test("a value its type cannot take is an invalid value")
    func invalidValue() throws {
        #expect(
            try Self.message(changing: "architecture") { $0["loss"] = "hinge" }
                == #"m.safetensors: the metadata field "architecture.loss" has an invalid value"#)
    }

    @Test("metadata that is not JSON is named")
    func notJSON() throws {
        var file = try CheckpointTests.checkpoint().safeTensors()
        file.metadata["trainer"] = "{\"batchSize\": 4"
        #expect(Self.message(reading: file) == #"m.safetensors: the metadata "trainer" is not valid JSON"#)
    }

    @Test("trainer settings the trainer would stop the program on are refused with a reason")
    func settingsOutOfRange() throws {
        #expect(
            try Self.message(changing: "trainer") { $0["batchSize"] = 0 }
                == "m.safetensors: the trainer's batch size (0) must be at least 1")
        #expect(
            try Self.message(changing: "trainer") { $0["evaluationBatchSize"] = -3 }
                == "m.safetensors: the trainer's evaluation batch size (-3) must be at least 1")
        #expect(
            try Self.message(changing: "trainer") { $0["epochsCompleted"] = -1 }
                == "m.safetensors: the trainer's epochs completed (-1) must not be negative")
        #expect(
            try Self.message(changing: "trainer") {
                $0["earlyStopping"] = [
                    "metric": "validation_loss", "patience": 0, "minimumImprovement": 0,
                    "restoresBestWeights": true,
                ]
            } == "m.safetensors: early stopping's patience (0) must be at least 1")
    }

    @Test("an average's decay outside its range is refused with a reason")
    func averagingDecayOutOfRange() throws {
        var file = try CheckpointTests.checkpoint().safeTensors()
        file.metadata["averaging"] = #"{"exponential":{"decay":1.999}}"#
        #expect(
            Self.message(reading: file)
                == "m.safetensors: the exponential average's decay (1.999) must be in [0, 1)")
        file.metadata["averaging"] = #"{"geometric":{"decay":0}}"#
        #expect(
            Self.message(reading: file)
                == "m.safetensors: the geometric average's decay (0.0) must be in (0, 1]")
    }
}
