import Tensor

/// The minimizer of the cubic that interpolates `phi` and `phi'` at two
/// steps `a` and `b` (Nocedal & Wright 2006, eq. 3.59):
///
/// ```
/// d1 = phi'(a) + phi'(b) - 3 (phi(a) - phi(b)) / (a - b)
/// d2 = sign(b - a) sqrt(d1^2 - phi'(a) phi'(b))
/// alpha = b - (b - a) (phi'(b) + d2 - d1) / (phi'(b) - phi'(a) + 2 d2)
/// ```
///
/// `nil` when the cubic has no local minimizer or the result is not finite.
@inlinable
func cubicMinimizer<Scalar: BLASScalar>(
    _ a: Scalar, _ fa: Scalar, _ da: Scalar, _ b: Scalar, _ fb: Scalar, _ db: Scalar
) -> Scalar? {
    guard a != b else { return nil }
    let d1 = da + db - 3 * (fa - fb) / (a - b)
    let radicand = d1 * d1 - da * db
    guard radicand >= 0 else { return nil }
    let d2 = (b > a ? 1 : -1) * radicand.squareRoot()
    let alpha = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2)
    return alpha.isFinite ? alpha : nil
}
