import PerceptronCommandLine

// The commands live in PerceptronCommandLine, which perceptron-train-mpi
// shares.
PerceptronTrain.flushLinesAsPrinted()
PerceptronTrain.main()
