// libFuzzer target: the CSV reader on any bytes, with the settings detected
// (as `perceptron-train --csv` reads a file) and with a few given ones.
import Datasets
import LibFuzzer

#if canImport(Glibc)
    import Glibc
#endif

/// Readers whose settings lead to different paths: detection, a label
/// column by name and by index, and each label encoding.
let readers = [
    CSVReader(),
    CSVReader(hasHeader: true, labelColumn: .name("label"), labelEncoding: .firstSeenNames),
    CSVReader(
        hasHeader: false, labelColumn: .index(0), labelEncoding: .integers(classCount: nil),
        separator: ";"),
    CSVReader(labelEncoding: .names(["a", "b", "0"]), separator: "\t"),
    CSVReader(labelEncoding: .sortedNames),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for reader in readers {
        _ = try? reader.parse(bytes, as: Float.self)
    }
    _ = try? CSVReader().parse(bytes, as: Double.self)
    _ = CSVReader().resolvedFormat(of: bytes).formatDescription
    return 0
}

exit(perceptron_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
