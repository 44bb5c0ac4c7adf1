// libFuzzer target: checkpoint decoding on any bytes, as `perceptron-train`
// reads a file: the safetensors container, then its metadata and tensors as
// a training checkpoint and as a model, in both precisions. A model that
// decodes must also predict.
import LibFuzzer
import Perceptron

#if canImport(Glibc)
    import Glibc
#endif

/// Decodes `file` as a training checkpoint and as a model of `Scalar`
/// parameters, and runs one all-zero sample through the model.
func decode<Scalar: BLASScalar>(_ file: SafeTensors, as _: Scalar.Type) {
    _ = try? TrainingCheckpoint<Scalar>(file, source: "input")
    guard let checkpoint = try? ModelCheckpoint<Scalar>(file, source: "input") else { return }
    let sample = Matrix<Scalar>(rows: 1, columns: checkpoint.model.inputs)
    _ = checkpoint.predictProbabilities(sample)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? SafeTensors(decoding: bytes, source: "input") else { return 0 }
    _ = TrainingCheckpoint<Float>.dataOptions(of: file)
    decode(file, as: Float.self)
    decode(file, as: Double.self)
    return 0
}

exit(perceptron_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
