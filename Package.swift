// swift-tools-version: 6.1
// Perceptron: neural networks on the CPU with every dense-layer product in
// OpenBLAS, first- and second-order optimizers. Layout: docs/ARCHITECTURE.md.
import Foundation
import PackageDescription

let package = Package(
    name: "Perceptron",
    products: [
        .library(name: "Perceptron", targets: ["Perceptron"]),
        .library(name: "Tensor", targets: ["Tensor"]),
        .library(name: "Network", targets: ["Network"]),
        .library(name: "Optimizers", targets: ["Optimizers"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Reporting", targets: ["Reporting"]),
        .library(name: "Training", targets: ["Training"]),
        .executable(name: "perceptron-train", targets: ["perceptron-train"]),
        .executable(name: "perceptron-bench", targets: ["perceptron-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // OpenBLAS's CBLAS and LAPACKE. Debian builds OpenBLAS without LAPACKE,
        // so liblapacke is linked on its own (see module.modulemap).
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        // Vectorized tanh, exp and logistic sigmoid (AVX2 + FMA when the CPU has
        // them): libm's scalar versions dominated small networks' passes.
        .target(name: "CVectorMath"),
        .target(
            name: "Tensor",
            dependencies: [
                "CBLAS",
                "CVectorMath",
                .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .target(
            name: "Network",
            dependencies: [
                "Tensor", "CVectorMath", .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        .target(
            name: "Optimizers",
            dependencies: [
                "Tensor", "CVectorMath", .product(name: "RealModule", package: "swift-numerics"),
            ]
        ),
        // zlib, for gzip-compressed IDX and CSV files (Fashion-MNIST ships as .gz).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Datasets", dependencies: ["Tensor", "CZlib"]),
        // The handlers of SIGINT and SIGTERM (Ctrl-C, a scheduler's time limit),
        // in C because a signal handler must be async-signal-safe.
        .target(name: "CSignals"),
        // Histories, metrics, plots, progress bars and tables: what a run
        // reports, independent of how it trains.
        .target(name: "Reporting", dependencies: ["Tensor"]),
        // The trainer, its configuration, the network objective, checkpoints,
        // and the data-parallel seam shared by threads and MPI ranks.
        .target(
            name: "Training",
            dependencies: ["Tensor", "Network", "Optimizers", "Datasets", "Reporting", "CSignals"]),
        // The umbrella: `import Perceptron` re-exports every module above.
        .target(
            name: "Perceptron",
            dependencies: ["Tensor", "Network", "Optimizers", "Datasets", "Reporting", "Training"]),
        // The commands of perceptron-train, shared with perceptron-train-mpi.
        .target(
            name: "PerceptronCommandLine",
            dependencies: [
                "Perceptron",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "perceptron-train", dependencies: ["PerceptronCommandLine"]),
        .executableTarget(
            name: "perceptron-bench",
            dependencies: [
                "Tensor", "Network", "Optimizers", "Datasets", "Perceptron", "CBLAS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "NetworkTests", dependencies: ["Network"]),
        .testTarget(
            name: "OptimizersTests",
            dependencies: [
                "Optimizers", "Tensor", .product(name: "RealModule", package: "swift-numerics"),
            ]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Tensor", "CZlib"]),
        // The models and data that the data-parallel specifications share,
        // on threads (PerceptronTests) and on MPI ranks (MPIChecks).
        .target(
            name: "TrainingFixtures", dependencies: ["Perceptron"], path: "Tests/TrainingFixtures"),
        // A misuse built with -O: scripts/test-release checks its message.
        .executableTarget(
            name: "perceptron-release-check", dependencies: ["Tensor"], path: "Tests/ReleaseChecks"),
        .testTarget(name: "PerceptronTests", dependencies: ["Perceptron", "TrainingFixtures"]),
    ]
)

// Open MPI support (CMPI, PerceptronMPI, and the perceptron-mpi-check program
// that scripts/test-mpi runs under mpirun) is built only where Open MPI is
// installed, so that everything else builds and tests without it. The
// environment variable PERCEPTRON_MPI decides: "1" includes the targets, "0"
// leaves them out; otherwise they are included when Open MPI's pkg-config file
// ompi-c.pc (Debian: libopenmpi-dev) is in one of pkg-config's default
// directories or in a directory of PKG_CONFIG_PATH. (SwiftPM links a system
// library through pkg-config, so this is the file the build would need.)
let includesMPI: Bool = {
    let environment = ProcessInfo.processInfo.environment
    switch environment["PERCEPTRON_MPI"] {
    case "1": return true
    case "0": return false
    default:
        let directories =
            [
                "/usr/lib/x86_64-linux-gnu/pkgconfig", "/usr/lib/aarch64-linux-gnu/pkgconfig",
                "/usr/lib/pkgconfig", "/usr/share/pkgconfig", "/usr/local/lib/pkgconfig",
            ]
            + (environment["PKG_CONFIG_PATH"] ?? "").split(separator: ":").map(String.init)
        return directories.contains {
            FileManager.default.fileExists(atPath: "\($0)/ompi-c.pc")
        }
    }
}()

if includesMPI {
    package.products += [
        .library(name: "PerceptronMPI", targets: ["PerceptronMPI"]),
        .executable(name: "perceptron-train-mpi", targets: ["perceptron-train-mpi"]),
    ]
    package.targets += [
        // Open MPI's mpi.h, with its predefined handles (MPI_COMM_WORLD, MPI_SUM,
        // ...) as inline functions: Swift does not import those macros.
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        // MPICommunicator: the Communicator over MPI_COMM_WORLD.
        .target(name: "PerceptronMPI", dependencies: ["CMPI", "Perceptron"]),
        // perceptron-train's commands under mpirun: train across the processes.
        .executableTarget(
            name: "perceptron-train-mpi",
            dependencies: [
                "PerceptronCommandLine", "PerceptronMPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Checks run under mpirun by scripts/test-mpi (Swift Testing cannot
        // start several processes).
        .executableTarget(
            name: "perceptron-mpi-check",
            dependencies: ["PerceptronMPI", "Perceptron", "TrainingFixtures"],
            path: "Tests/MPIChecks"
        ),
    ]
}

// The DocC plugin (`swift package generate-documentation`), only with
// PERCEPTRON_DOCS=1, which scripts/build-docs sets: a build of the whole
// package compiles every plugin of its dependencies first, once per build
// folder, and these two took 17 s of the 2-core CI machine's time, so every
// build folder of scripts/test would pay for them. A package that depends
// on Perceptron never fetches the plugin either.
if ProcessInfo.processInfo.environment["PERCEPTRON_DOCS"] == "1" {
    package.dependencies.append(
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}
