// swift-tools-version: 6.1
// libFuzzer targets for Perceptron's file readers, in a package of their own
// so that the main package's `swift build` and `swift test` never build them.
// scripts/fuzz builds them with -sanitize=fuzzer,address and runs each on a
// copy of its seed corpus in Corpus/<target>. Each target's main hands its
// test function to libFuzzer's driver (LibFuzzer), because SwiftPM links an
// executable's main to the module's own entry point, not libFuzzer's main.
import PackageDescription

let package = Package(
    name: "PerceptronFuzz",
    dependencies: [.package(name: "Perceptron", path: "..")],
    targets: [
        // The call into libFuzzer's driver that each target's main makes.
        .target(name: "LibFuzzer"),
        .executableTarget(
            name: "fuzz-idx", dependencies: ["LibFuzzer", .product(name: "Datasets", package: "Perceptron")],
            path: "Sources/FuzzIDX"),
        .executableTarget(
            name: "fuzz-csv", dependencies: ["LibFuzzer", .product(name: "Datasets", package: "Perceptron")],
            path: "Sources/FuzzCSV"),
        .executableTarget(
            name: "fuzz-safetensors",
            dependencies: ["LibFuzzer", .product(name: "Perceptron", package: "Perceptron")],
            path: "Sources/FuzzSafeTensors"),
        .executableTarget(
            name: "fuzz-checkpoint",
            dependencies: ["LibFuzzer", .product(name: "Perceptron", package: "Perceptron")],
            path: "Sources/FuzzCheckpoint"),
    ]
)
