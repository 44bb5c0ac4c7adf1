// libFuzzer target: the safetensors parser on any bytes. A file it accepts
// must give its tensors' elements and encode again.
import LibFuzzer
import Perceptron

#if canImport(Glibc)
    import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? SafeTensors(decoding: bytes, source: "input") else { return 0 }
    for entry in file.tensors.values {
        _ = entry.scalars(as: Float.self)
        _ = entry.scalars(as: Double.self)
        _ = entry.words
    }
    _ = try? file.encoded()
    return 0
}

exit(perceptron_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
