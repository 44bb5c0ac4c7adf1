import Foundation
import Optimizers
import Tensor

/// A second-order run in a checkpoint: its scalars, counts and status as
/// JSON in the metadata field `minimizer`, and its vectors (the iterate,
/// the gradient, L-BFGS's pairs, BFGS's matrix, ...) as the tensors
/// `minimizer.<path>`, such as `minimizer.point` and
/// `minimizer.memory.rule.steps` (`StoredAsTensor`).
extension SafeTensors {
    /// The prefix of a run's tensors.
    static var minimizerPrefix: String { "minimizer." }

    /// Stores `run` in the metadata field `minimizer` and its vectors as
    /// tensors.
    mutating func store<Scalar: BLASScalar>(_ run: any MinimizationRun<Scalar>) throws {
        let stash = TensorStash<Scalar>()
        let encoder = JSONEncoder.minimizerRun(stash: stash)
        metadata["minimizer"] = String(decoding: try encoder.encode(run), as: UTF8.self)
        for (name, tensor) in stash.tensors {
            tensors[Self.minimizerPrefix + name] = .init(tensor.scalars, shape: tensor.shape)
        }
    }
}

extension StoredModelReader {
    /// The run the metadata field `minimizer` holds, as a run of the method
    /// `configuration` names (OWL-QN for L-BFGS with `l1`), checked against
    /// `parameterCount`; `nil` when the field is absent.
    func minimizerRun<Scalar: BLASScalar>(
        for configuration: OptimizerConfiguration, l1: Bool, parameterCount: Int
    ) throws(CheckpointError) -> (any MinimizationRun<Scalar>)? {
        guard let text = file.metadata["minimizer"] else { return nil }
        let stash = TensorStash<Scalar>()
        for (name, entry) in file.tensors where name.hasPrefix(SafeTensors.minimizerPrefix) {
            guard let scalars: [Scalar] = entry.scalars() else {
                throw fail("the tensor '\(name)' does not hold \(Scalar.self) values")
            }
            stash.tensors[String(name.dropFirst(SafeTensors.minimizerPrefix.count))] =
                (scalars, entry.shape)
        }
        let decoder = JSONDecoder.minimizerRun(stash: stash)
        func decode<M: Minimizer<Scalar>>(_: M.Type) throws -> any MinimizationRun<Scalar> {
            try decoder.decode(MinimizationState<Scalar, M.Memory>.self, from: Data(text.utf8))
        }
        let run: any MinimizationRun<Scalar>
        do {
            switch configuration.kind {
            case .bfgs: run = try decode(BFGS<Scalar>.self)
            case .lbfgs where l1: run = try decode(OWLQN<Scalar>.self)
            case .lbfgs: run = try decode(LBFGS<Scalar>.self)
            case .cg: run = try decode(NonlinearConjugateGradient<Scalar>.self)
            case .hessianFree: run = try decode(HessianFree<Scalar>.self)
            case .newton: run = try decode(Newton<Scalar>.self)
            default:
                throw fail("a \(configuration.kind.rawValue) run keeps no minimizer state")
            }
        } catch let error as CheckpointError {
            throw error
        } catch let error as DecodingError {
            throw fail(error.metadataProblem(key: "minimizer"))
        } catch {
            throw fail("the metadata \"minimizer\" cannot be read")
        }
        if let problem = run.problem(parameterCount: parameterCount) {
            throw fail("the minimizer state does not fit: \(problem)")
        }
        return run
    }
}

extension JSONEncoder {
    /// An encoder of a run's JSON: vectors to `stash`, infinities and NaN
    /// as strings (a run that ended on a non-finite value keeps it), keys
    /// sorted so that files are reproducible.
    static func minimizerRun<Scalar>(stash: TensorStash<Scalar>) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.userInfo[.tensorStash] = stash
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }
}

extension JSONDecoder {
    /// The decoder that reads what ``Foundation/JSONEncoder/minimizerRun(stash:)`` wrote.
    static func minimizerRun<Scalar>(stash: TensorStash<Scalar>) -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.userInfo[.tensorStash] = stash
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
