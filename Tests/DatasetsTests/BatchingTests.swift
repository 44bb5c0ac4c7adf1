import Datasets
import Tensor
import Testing

/// Mini-batches as row ranges: every sample once, the last batch partial,
/// no copies.
@Suite("Batching")
struct BatchingTests {
    @Test(
        "batches cover every sample once, in order, the last one partial",
        arguments: [(10, 3), (10, 5), (10, 1), (10, 32), (0, 4)])
    func coverage(n: Int, size: Int) {
        let dataset = DatasetTests.indexed(n)
        let batches = dataset.batches(size: size)
        #expect(batches.count == (n + size - 1) / size)
        var seen = [Int]()
        for (index, batch) in batches.enumerated() {
            let expectedRows = index == batches.count - 1 ? n - index * size : size
            #expect(batch.features.rows == expectedRows && batch.features.columns == 1)
            #expect(batch.labels.count == expectedRows)
            let indices = batch.features.elements.map { Int($0) }
            #expect(Array(batch.labels) == indices.map { $0 % 3 })
            #expect(batch.labels.startIndex == index * size)
            seen += indices
        }
        #expect(seen == Array(0..<n))
    }

    @Test("a batch is a view of the dataset's storage, not a copy")
    func noCopy() {
        let dataset = DatasetTests.indexed(20)
        dataset.features.withUnsafeScalars { all in
            for (index, batch) in dataset.batches(size: 8).enumerated() {
                batch.features.withUnsafeScalars { rows in
                    #expect(rows.baseAddress == all.baseAddress! + index * 8)
                }
            }
        }
    }

    @Test("an epoch shuffler's batches cover the shuffled samples once")
    func shuffledBatches() {
        var shuffler = EpochShuffler(DatasetTests.indexed(50))
        var generator = Xoshiro256StarStar(seed: 4)
        shuffler.shuffle(using: &generator)
        let seen = shuffler.batches(size: 16).flatMap { $0.features.elements.map { Int($0) } }
        #expect(seen == shuffler.permutation)
    }
}
