import Tensor
import Testing

@Suite("OpenBLAS configuration", .serialized)
struct ThreadTests {
    @Test("the thread count can be read and set")
    func threadCount() {
        let original = BLAS.threadCount
        defer { BLAS.threadCount = original }
        BLAS.threadCount = 1
        #expect(BLAS.threadCount == 1)
        BLAS.threadCount = 0  // stored as 1
        #expect(BLAS.threadCount == 1)
        if BLAS.parallelism != .sequential && BLAS.processorCount > 1 {
            BLAS.threadCount = 2
            #expect(BLAS.threadCount == 2)
        }
    }

    @Test("one-thread sections pin OpenBLAS to one thread until the last one closes")
    func sections() {
        guard BLAS.parallelism != .sequential else { return }
        let original = BLAS.threadCount
        defer { BLAS.threadCount = original }
        BLAS.threadCount = 2
        #expect(BLAS.activeThreadCount == 2)
        BLAS.withThreadCount(1) {
            #expect(BLAS.activeThreadCount == 1)
            // Neither a wider section nor a new configured count unpins it.
            BLAS.withThreadCount(3) { #expect(BLAS.activeThreadCount == 1) }
            BLAS.threadCount = 4
            #expect(BLAS.threadCount == 4)
            #expect(BLAS.activeThreadCount == 1)
            BLAS.withThreadCount(1) {}
            #expect(BLAS.activeThreadCount == 1)
        }
        #expect(BLAS.activeThreadCount == 4)
        BLAS.withThreadCount(3) { #expect(BLAS.activeThreadCount == 3) }
        #expect(BLAS.activeThreadCount == 4)
    }

    @Test("the configuration names OpenBLAS and its kernel set")
    func configuration() {
        #expect(BLAS.configuration.contains("OpenBLAS"))
        #expect(!BLAS.coreName.isEmpty)
        #expect(BLAS.processorCount >= 1)
    }
}

@Suite("Denormal flushing")
struct DenormalFlushingTests {
    @Test("a subnormal result becomes zero only while flushing is on")
    func flushes() {
        // Opaque to the optimizer, so the product is computed at run time.
        let tiny = [Float.leastNormalMagnitude][Int.random(in: 0..<1)]
        #expect(tiny * 0.5 > 0)  // subnormal, not zero
        DenormalFlushing.withFlushing {
            #expect(DenormalFlushing.isEnabled)
            let half = [Float(0.5)][Int.random(in: 0..<1)]
            #expect(tiny * half == 0)
        }
        #expect(!DenormalFlushing.isEnabled)
        #expect(tiny * 0.5 > 0)
    }
}
