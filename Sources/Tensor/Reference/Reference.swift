/// Plain-Swift kernels for every BLAS- and LAPACK-routed operation: the
/// textbook loops, with no blocking, no vector intrinsics and no threads.
///
/// They are the ground truth the tests compare ``BLAS`` and ``LAPACK``
/// against, and the "naive" column of `perceptron-bench`. They favor
/// obviousness over speed; do not call them on hot paths.
public enum Reference {}
