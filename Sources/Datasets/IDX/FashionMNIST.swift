#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Fashion-MNIST (Xiao, Rasul and Vollgraf, "Fashion-MNIST: a Novel Image
/// Dataset for Benchmarking Machine Learning Algorithms", 2017,
/// <https://github.com/zalandoresearch/fashion-mnist>): 28x28 grayscale
/// images of clothing in 10 classes, 60,000 for training and 10,000 for
/// testing, in MNIST's IDX format.
///
/// On Debian the package `dataset-fashion-mnist` installs the four
/// gzip-compressed files in ``defaultDirectory``.
public enum FashionMNIST {
    /// Where the Debian package `dataset-fashion-mnist` installs the files.
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"

    /// The command that installs the dataset in ``defaultDirectory``.
    public static let installCommand = "sudo apt-get install dataset-fashion-mnist"

    /// The names of the classes, indexed by label.
    public static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// The file names without the `.gz` suffix, as distributed.
    public static let trainingImagesFile = "train-images-idx3-ubyte"
    /// The training labels' file name without `.gz`.
    public static let trainingLabelsFile = "train-labels-idx1-ubyte"
    /// The test images' file name without `.gz`.
    public static let testImagesFile = "t10k-images-idx3-ubyte"
    /// The test labels' file name without `.gz`.
    public static let testLabelsFile = "t10k-labels-idx1-ubyte"

    /// Loads the training and test sets from `directory`.
    ///
    /// Each file is looked up as `<name>.gz`, then as `<name>` (already
    /// decompressed). Features are `n x 784` with pixels scaled to `[0, 1]`,
    /// held as bytes (see ``Dataset/init(idxImages:labels:classCount:classNames:)``);
    /// labels are in `0..<10` and ``classNames`` names them.
    ///
    /// - Throws: ``DatasetError/datasetNotFound(name:missingPath:installCommand:)``
    ///   (whose message says how to install it) when a file is in neither
    ///   form, and the errors of ``Dataset/init(idxImages:labels:classCount:classNames:)``
    ///   for a damaged file.
    @inlinable
    public static func load<Scalar>(
        from directory: String = defaultDirectory, as _: Scalar.Type = Scalar.self
    ) throws(DatasetError) -> (training: Dataset<Scalar>, test: Dataset<Scalar>) {
        let training = try Dataset<Scalar>(
            idxImages: locate(trainingImagesFile, in: directory),
            labels: locate(trainingLabelsFile, in: directory), classNames: classNames)
        let test = try Dataset<Scalar>(
            idxImages: locate(testImagesFile, in: directory),
            labels: locate(testLabelsFile, in: directory), classNames: classNames)
        return (training, test)
    }

    /// The path of `name.gz` or `name` in `directory`, whichever exists.
    @usableFromInline
    static func locate(_ name: String, in directory: String) throws(DatasetError) -> String {
        let base = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        for path in [base + ".gz", base] where access(path, F_OK) == 0 { return path }
        throw .datasetNotFound(
            name: "Fashion-MNIST", missingPath: base + ".gz", installCommand: installCommand)
    }
}
