// swift-tools-version: 6.1
// Benchmarks for Perceptron (GEMM in the Tensor module, lossAndGradient of
// the Network module, and the real Trainer.step), in a package of their own
// so that building or testing the library never builds package-benchmark or
// its plugins. Run from this directory: swift package --disable-sandbox
// benchmark. Thresholds/ pins mallocCountTotal at 0 for the threads=1 GEMM
// products and for every TrainerStep benchmark (1 and 2 threads); check it
// with: swift package --disable-sandbox benchmark thresholds check
import PackageDescription

let package = Package(
    name: "PerceptronBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Perceptron", path: ".."),
        // Naming the traits replaces the defaults: MallocInterposer gives the
        // malloc counters without jemalloc, and the RuntimeInterposer trait
        // (ARC counters on Linux with Swift 6.3, unused here) stays off, so
        // its package is never fetched.
        .package(
            url: "https://github.com/ordo-one/benchmark", from: "1.38.1",
            traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "GEMM",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Tensor", package: "Perceptron"),
            ],
            path: "Benchmarks/GEMM",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TrainingStep",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Perceptron", package: "Perceptron"),
            ],
            path: "Benchmarks/TrainingStep",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The real Trainer.step (Adam, dropout, Polyak averaging) on
        // persistent workers, 1 and 2 threads: 0 mallocs per step after
        // warm-up, pinned in Thresholds/.
        .executableTarget(
            name: "TrainerStep",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Perceptron", package: "Perceptron"),
            ],
            path: "Benchmarks/TrainerStep",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
