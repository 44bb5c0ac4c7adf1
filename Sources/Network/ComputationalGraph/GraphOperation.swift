#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one node of a ``ComputationalGraph`` computes, and its local
/// derivative.
///
/// Values are vectors of `Double`; a scalar is a vector of length 1. The
/// binary operations work element by element on operands of equal length,
/// and a length-1 operand is broadcast over the other: `[2] * [1, 2, 3]` is
/// `[2, 4, 6]`. The unary operations work element by element, except
/// ``sum``.
///
/// Backward, `g` is the gradient arriving at the node's output `y`
/// (`g = dL/dy`), and each input `u` is sent `g * dy/du` (the chain rule,
/// element by element). The formula is given with each case.
public enum GraphOperation: Hashable, Sendable {
    /// A value given to ``ComputationalGraph/forward(_:)``. No inputs.
    case input
    /// A fixed value. No inputs.
    case constant([Double])
    /// `y = u + v`. `u` is sent `g`, `v` is sent `g`.
    case add
    /// `y = u - v`. `u` is sent `g`, `v` is sent `-g`.
    case subtract
    /// `y = u * v`. `u` is sent `g * v`, `v` is sent `g * u`.
    case multiply
    /// `y = -u`. `u` is sent `-g`.
    case negate
    /// `y = exp(u)`. `d(e^u) = e^u du`, so `u` is sent `g * y`.
    case exp
    /// `y = 1 / u`. `d(1/u) = -1/u^2 du`, so `u` is sent `-g * y^2`.
    case inverse
    /// `y = u^2`. `d(u^2) = 2u du`, so `u` is sent `2 * g * u`.
    case square
    /// `y = sigmoid(u) = 1 / (1 + e^-u)`. `d sigmoid(u) = sigmoid(u)
    /// (1 - sigmoid(u)) du`, so `u` is sent `g * y * (1 - y)`.
    case sigmoid
    /// `y = u_1 + ... + u_n`, a vector to a scalar. Every `u_i` is sent `g`.
    case sum

    /// The number of inputs: 0, 1 or 2.
    public var arity: Int {
        switch self {
        case .input, .constant: 0
        case .add, .subtract, .multiply: 2
        case .negate, .exp, .inverse, .square, .sigmoid, .sum: 1
        }
    }

    /// The operation's name, used as the label of its nodes (`"multiply"`).
    public var name: String {
        switch self {
        case .input: "input"
        case .constant: "constant"
        case .add: "add"
        case .subtract: "subtract"
        case .multiply: "multiply"
        case .negate: "negate"
        case .exp: "exp"
        case .inverse: "inverse"
        case .square: "square"
        case .sigmoid: "sigmoid"
        case .sum: "sum"
        }
    }

    /// The output for the input values `x` (one per input; two operands must
    /// have equal lengths or one of length 1). An ``input`` has no formula:
    /// its value is given to ``ComputationalGraph/forward(_:)``.
    public func forward(_ x: [[Double]]) -> [Double] {
        switch self {
        case .input: fatalError("an input's value is given to forward(_:)")
        case .constant(let value): value
        case .add: elementwise(x[0], x[1], +)
        case .subtract: elementwise(x[0], x[1], -)
        case .multiply: elementwise(x[0], x[1], *)
        case .negate: x[0].map { -$0 }
        case .exp: x[0].map(exponential)
        case .inverse: x[0].map { 1 / $0 }
        case .square: x[0].map { $0 * $0 }
        case .sigmoid: x[0].map(logistic)
        case .sum: [x[0].reduce(0, +)]
        }
    }

    /// What each input is sent backward, given the inputs `x`, the output
    /// `y` and the output's gradient `g` (the formulas above). Each share has
    /// the output's length: a broadcast length-1 operand gets one entry per
    /// element it fed, and ``ComputationalGraph/backward(from:values:seed:)``
    /// sums them.
    public func backward(_ x: [[Double]], output y: [Double], gradient g: [Double]) -> [[Double]] {
        switch self {
        case .input, .constant: []
        case .add: [g, g]
        case .subtract: [g, g.map { -$0 }]
        case .multiply: [elementwise(g, x[1], *), elementwise(g, x[0], *)]
        case .negate: [g.map { -$0 }]
        case .exp: [elementwise(g, y, *)]
        case .inverse: [elementwise(g, y) { -$0 * $1 * $1 }]
        case .square: [elementwise(g, x[0]) { 2 * $0 * $1 }]
        case .sigmoid: [elementwise(g, y) { $0 * $1 * (1 - $1) }]
        case .sum: [Array(repeating: g[0], count: x[0].count)]
        }
    }
}

/// The length of an element-wise result of operands of lengths `a` and `b`:
/// the common length, or the other one's if one has length 1 (it is
/// broadcast); `nil` if the lengths do not fit.
func broadcastLength(_ a: Int, _ b: Int) -> Int? {
    if a == b || b == 1 { return a }
    return a == 1 ? b : nil
}

/// `f(a[i], b[i])` for every element, a length-1 operand broadcast.
private func elementwise(
    _ a: [Double], _ b: [Double], _ f: (Double, Double) -> Double
) -> [Double] {
    guard let count = broadcastLength(a.count, b.count) else {
        fatalError("element-wise operands of lengths \(a.count) and \(b.count)")
    }
    return (0..<count).map { f(a[a.count == 1 ? 0 : $0], b[b.count == 1 ? 0 : $0]) }
}

/// `e^u`; a free function, because inside ``GraphOperation`` the name `exp`
/// is the case.
private func exponential(_ u: Double) -> Double { exp(u) }

/// `1 / (1 + e^-u)`, written so that `e^x` is only taken of `x <= 0` and
/// cannot overflow.
private func logistic(_ u: Double) -> Double {
    if u >= 0 { return 1 / (1 + exp(-u)) }
    let e = exp(u)
    return e / (1 + e)
}
