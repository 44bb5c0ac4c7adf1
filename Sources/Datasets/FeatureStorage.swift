import Tensor

/// The stored feature values of a dataset: `rows x columns`, row-major, in
/// the most compact form that reads back exactly.
///
/// Every view of a dataset (``Dataset/subset(_:)``, ``Dataset/split(validationFraction:stratified:using:)``,
/// ``Dataset/shuffled(using:)``, an ``EpochShuffler``'s order, a
/// standardized copy) shares one storage: it is immutable, so sharing it is
/// safe and a view costs only its row indices and labels. A class rather
/// than a struct so that sharing is visible as identity (`===`), which is
/// what tests check and what makes equal views cheap to compare.
@usableFromInline
final class FeatureStorage<Scalar: BLASScalar>: Sendable {
    /// The values, in one of the two forms a data source produces.
    @usableFromInline
    enum Values: Sendable {
        /// Real-valued features (CSV columns, synthetic points), read as
        /// they are.
        case scalars([Scalar])
        /// Intensities in `0...255` (IDX images), byte `b` read as
        /// `Scalar(b) / 255`, in `[0, 1]`: a quarter (Float) or an eighth
        /// (Double) of the memory of the scalars. The division, not a
        /// multiplication by `1 / 255`, so that 255 reads as exactly 1 and
        /// every value as the correctly rounded quotient.
        case bytes([UInt8])
    }

    /// The number of stored rows (samples).
    @usableFromInline let rows: Int
    /// The number of features per row.
    @usableFromInline let columns: Int
    /// The `rows * columns` values, row after row.
    @usableFromInline let values: Values

    /// A storage of `rows x columns` values. Stops when the number of
    /// values is not `rows * columns`.
    @inlinable
    init(rows: Int, columns: Int, values: Values) {
        let count =
            switch values {
            case .scalars(let scalars): scalars.count
            case .bytes(let bytes): bytes.count
            }
        require(rows >= 0 && columns >= 0, "FeatureStorage: negative shape \(rows)x\(columns)")
        require(
            count == rows * columns,
            "FeatureStorage: \(rows)x\(columns) features need \(rows * columns) values, got \(count)"
        )
        self.rows = rows
        self.columns = columns
        self.values = values
    }
}
