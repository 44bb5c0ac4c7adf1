import Tensor

/// Collects the points of a synthetic dataset in `Double`, then turns them
/// into a shuffled ``Dataset`` of any precision, so the Float and Double
/// versions of a set hold the same points up to rounding.
struct SyntheticPoints {
    let dimensions: Int
    private(set) var coordinates = [Double]()
    private(set) var labels = [Int]()
    private var spareNormal: Double?

    init(dimensions: Int, capacity: Int) {
        self.dimensions = dimensions
        coordinates.reserveCapacity(capacity * dimensions)
        labels.reserveCapacity(capacity)
    }

    /// Adds a point of class `label`.
    mutating func append(_ point: [Double], label: Int) {
        coordinates.append(contentsOf: point)
        labels.append(label)
    }

    /// A sample of the standard normal distribution (Box-Muller pairs, the
    /// second kept for the next call).
    mutating func normal(using generator: inout some RandomNumberGenerator) -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let (first, second) = Double.standardNormalPair(using: &generator)
        spareNormal = second
        return first
    }

    /// The points with Gaussian noise of standard deviation `noise` added to
    /// every coordinate (nothing drawn when it is 0), in a random order.
    mutating func dataset<Scalar: BLASScalar>(
        classCount: Int, noise: Double = 0, using generator: inout some RandomNumberGenerator
    ) -> Dataset<Scalar> {
        if noise > 0 {
            for i in coordinates.indices { coordinates[i] += noise * normal(using: &generator) }
        }
        let ordered = Dataset(
            uncheckedFeatures: Matrix(
                rows: labels.count, columns: dimensions,
                elements: coordinates.map { Scalar($0) }),
            labels: labels, classCount: classCount, classNames: nil)
        return ordered.shuffled(using: &generator)
    }
}

/// `total` samples shared among `classes` classes as evenly as possible: the
/// first `total % classes` classes get one more (as scikit-learn's
/// `make_blobs` does).
func balancedCounts(total: Int, classes: Int) -> [Int] {
    (0..<classes).map { total / classes + ($0 < total % classes ? 1 : 0) }
}

/// `count` evenly spaced numbers from `start` to `end`: with `endpoint`,
/// both ends included (NumPy's `linspace`); without, `end` left out.
func evenlySpaced(from start: Double, to end: Double, count: Int, endpoint: Bool = true)
    -> [Double]
{
    let intervals = endpoint ? count - 1 : count
    guard intervals > 0 else { return count == 1 ? [start] : [] }
    let step = (end - start) / Double(intervals)
    return (0..<count).map { start + Double($0) * step }
}
