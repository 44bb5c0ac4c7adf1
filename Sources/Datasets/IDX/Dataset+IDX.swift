extension Dataset {
    /// A dataset from an IDX images file and an IDX labels file (MNIST's
    /// format, gzip-compressed or not; see ``IDXReader``).
    ///
    /// Image `i` becomes row `i` of ``features``: its `rows * columns`
    /// pixels, row after row, scaled to `[0, 1]` as `pixel / 255`. The
    /// pixels stay bytes (the array read from the file, not a copy): the
    /// scaling happens while reading, so 60,000 images of 28x28 take 47 MB
    /// instead of 188 MB as Float or 376 MB as Double.
    ///
    /// - Parameters:
    ///   - imagesPath: an IDX file of `n x rows x columns` unsigned bytes.
    ///   - labelsPath: an IDX file of `n` unsigned bytes.
    ///   - classCount: the number of classes; `nil` means `classNames.count`
    ///     when names are given, else the largest label plus one.
    ///   - classNames: a name per class, or `nil`.
    /// - Throws: the reader's errors, ``DatasetError/countMismatch(imagesPath:imageCount:labelsPath:labelCount:)``
    ///   when the files hold different numbers of items, and
    ///   ``DatasetError/labelOutOfRange(label:classCount:location:)`` (at the
    ///   record, counted from 1) for a label outside `0..<classCount`.
    @inlinable
    public init(
        idxImages imagesPath: String, labels labelsPath: String, classCount: Int? = nil,
        classNames: [String]? = nil
    ) throws(DatasetError) {
        let labels = try IDXReader.readLabels(at: labelsPath)
        let images = try IDXReader.readImages(at: imagesPath)
        guard images.count == labels.count else {
            throw .countMismatch(
                imagesPath: imagesPath, imageCount: images.count, labelsPath: labelsPath,
                labelCount: labels.count)
        }
        let classCount = classCount ?? classNames?.count ?? ((labels.max() ?? -1) + 1)
        if let index = labels.firstIndex(where: { $0 >= classCount }) {
            throw .labelOutOfRange(
                label: labels[index], classCount: classCount,
                location: .record(path: labelsPath, number: index + 1))
        }
        self.init(
            uncheckedStorage: FeatureStorage(
                rows: images.count, columns: images.pixelsPerImage, values: .bytes(images.pixels)),
            labels: labels, classCount: classCount, classNames: classNames)
    }
}
