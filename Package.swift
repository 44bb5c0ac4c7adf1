// swift-tools-version: 6.1
// Perceptron: neural networks on the CPU with every dense-layer product in
// OpenBLAS, first- and second-order optimizers. Layout: docs/ARCHITECTURE.md.
import PackageDescription

let package = Package(
    name: "Perceptron",
    products: [
        .library(name: "Perceptron", targets: ["Perceptron"]),
        .library(name: "Tensor", targets: ["Tensor"]),
        .library(name: "Network", targets: ["Network"]),
        .library(name: "Optimizers", targets: ["Optimizers"]),
        .library(name: "Datasets", targets: ["Datasets"]),
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
            dependencies: ["Tensor", .product(name: "RealModule", package: "swift-numerics")]
        ),
        .target(
            name: "Optimizers",
            dependencies: ["Tensor", .product(name: "RealModule", package: "swift-numerics")]
        ),
        // zlib, for gzip-compressed IDX and CSV files (Fashion-MNIST ships as .gz).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Datasets", dependencies: ["Tensor", "CZlib"]),
        .target(name: "Perceptron", dependencies: ["Tensor", "Network", "Optimizers", "Datasets"]),
        .executableTarget(
            name: "perceptron-train",
            dependencies: [
                "Perceptron",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "perceptron-bench",
            dependencies: [
                "Tensor", "Network", "Optimizers", "Datasets", "Perceptron", "CBLAS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "NetworkTests", dependencies: ["Network"]),
        .testTarget(name: "OptimizersTests", dependencies: ["Optimizers", "Tensor"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Tensor", "CZlib"]),
        .testTarget(name: "PerceptronTests", dependencies: ["Perceptron"]),
    ]
)
