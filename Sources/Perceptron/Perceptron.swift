// The umbrella module: `import Perceptron` brings in every part of the
// library, and defines nothing itself. The module map is in
// docs/ARCHITECTURE.md: the numeric core (Tensor), networks (Network),
// minimizers (Optimizers), data (Datasets), what a run reports (Reporting)
// and how it trains (Training).
@_exported import Datasets
@_exported import Network
@_exported import Optimizers
@_exported import Reporting
@_exported import Tensor
@_exported import Training
