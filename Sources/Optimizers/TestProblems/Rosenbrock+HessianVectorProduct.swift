import Tensor

extension Rosenbrock: HessianVectorProductObjective {
    /// `H(x) v`, term by term: each term `100 (x_j - x_i^2)^2 + (1 - x_i)^2`
    /// has the Hessian block
    ///
    /// ```
    /// [ 1200 x_i^2 - 400 x_j + 2   -400 x_i ]
    /// [ -400 x_i                      200   ]
    /// ```
    ///
    /// on `(x_i, x_j)` (scipy's `rosen_hess_prod` for the chained form).
    /// Not counted in ``evaluations``.
    @inlinable
    public mutating func hessianVectorProduct(
        at parameters: [Scalar], direction: [Scalar], into product: inout [Scalar]
    ) {
        require(
            parameters.count == parameterCount && direction.count == parameterCount
                && product.count == parameterCount,
            "Rosenbrock: Hessian-vector product of \(parameters.count), \(direction.count) and \(product.count) elements for \(parameterCount)"
        )
        parameters.withUnsafeBufferPointer { x in
            direction.withUnsafeBufferPointer { v in
                product.withUnsafeMutableBufferPointer { hv in
                    hv.update(repeating: 0)
                    forEachTerm { i, j in
                        let diagonal: Scalar = 1200 * x[i] * x[i] - 400 * x[j] + 2
                        let offDiagonal: Scalar = -400 * x[i]
                        hv[i] += diagonal * v[i] + offDiagonal * v[j]
                        hv[j] += offDiagonal * v[i] + 200 * v[j]
                    }
                }
            }
        }
    }
}
