// libFuzzer target: the IDX reader on any bytes, raw or gzip-compressed.
//
// The reader reads files through zlib (which decompresses gzip and passes
// other bytes through), so each input is written to one scratch file and
// read from there, as images and as labels.
import Datasets
import LibFuzzer

#if canImport(Glibc)
    import Glibc
#endif

/// The scratch file, in memory-backed /dev/shm when there is one.
let scratchPath: String = {
    let directory = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    return "\(directory)/perceptron-fuzz-idx-\(getpid())"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let file = fopen(scratchPath, "wb") else { fatalError("cannot write \(scratchPath)") }
    precondition(fwrite(data, 1, size, file) == size, "short write to \(scratchPath)")
    fclose(file)
    _ = try? IDXReader.readImages(at: scratchPath)
    _ = try? IDXReader.readLabels(at: scratchPath)
    return 0
}

exit(perceptron_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
