import CBLAS

// The character and enum arguments shared by the `s` and `d` conformances.

@usableFromInline let upperTriangle = CChar(UInt8(ascii: "U"))
@usableFromInline let lowerTriangle = CChar(UInt8(ascii: "L"))
@usableFromInline let computeVectors = CChar(UInt8(ascii: "V"))

@inlinable @inline(__always)
func cblasTranspose(_ transposed: Bool) -> CBLAS_TRANSPOSE {
    transposed ? CblasTrans : CblasNoTrans
}
