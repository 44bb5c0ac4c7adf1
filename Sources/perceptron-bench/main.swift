import Tensor
print(matmul(Matrix<Double>([[1,2],[3,4]]), Matrix<Double>(identity: 2)))
