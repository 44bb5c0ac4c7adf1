import Tensor

// A misuse of the library, built with -O by scripts/test-release: the
// process must stop with the message naming both shapes, not a bare
// "Illegal instruction" (optimized builds drop `precondition` messages,
// which is why the package checks with `require`).
let a = Matrix<Float>(rows: 2, columns: 3)
let b = Matrix<Float>(rows: 2, columns: 3)
print(matmul(a, b))
