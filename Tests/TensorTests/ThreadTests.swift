import Testing

@testable import Tensor

/// OpenBLAS's thread count is one process-wide variable, and suites run
/// concurrently: a test that set it would change the threads, and so the
/// rounding, of every training run in flight. So the arbitration rule is
/// tested on a private ``ThreadCountArbiter``, and the process's count is
/// only read, or pinned to one thread, which no concurrent test can undo.
/// `--threads` setting it end to end is checked through the executable
/// (`CommandLineTests`).
@Suite("OpenBLAS configuration")
struct ThreadTests {
    @Test("the configured count is at least one")
    func configuredCount() {
        var arbiter = ThreadCountArbiter(configured: 0)
        #expect(arbiter.configured == 1)
        arbiter.configured = 3
        #expect(arbiter.effective == 3)
        arbiter.configured = -2
        #expect(arbiter.configured == 1)
        #expect(BLAS.threadCount >= 1)
    }

    @Test("one-thread sections pin OpenBLAS to one thread until the last one closes")
    func oneThreadWins() {
        var arbiter = ThreadCountArbiter(configured: 2)
        #expect(arbiter.effective == 2)
        arbiter.open(1)
        #expect(arbiter.effective == 1)
        // Neither a wider section nor a new configured count unpins it.
        arbiter.open(3)
        #expect(arbiter.effective == 1)
        arbiter.configured = 4
        #expect(arbiter.effective == 1)
        arbiter.open(1)
        arbiter.close(1)
        #expect(arbiter.effective == 1)
        arbiter.close(1)
        // The wider section still open decides, then the configured count.
        #expect(arbiter.effective == 3)
        arbiter.close(3)
        #expect(arbiter.effective == 4)
        #expect(arbiter == ThreadCountArbiter(configured: 4))
    }

    @Test("without a one-thread section the widest open section decides")
    func widestSectionWins() {
        var arbiter = ThreadCountArbiter(configured: 1)
        arbiter.open(2)
        arbiter.open(5)
        arbiter.open(0)  // asks for one thread, like 1
        #expect(arbiter.effective == 1)
        arbiter.close(0)
        #expect(arbiter.effective == 5)
        arbiter.close(5)
        #expect(arbiter.effective == 2)
        arbiter.close(2)
        #expect(arbiter.effective == 1)
        #expect(arbiter.requests.isEmpty)
    }

    @Test("inside a one-thread section OpenBLAS runs on one thread")
    func processSection() {
        guard BLAS.parallelism != .sequential else { return }
        BLAS.withThreadCount(1) {
            #expect(BLAS.activeThreadCount == 1)
            BLAS.withThreadCount(3) { #expect(BLAS.activeThreadCount == 1) }
            #expect(BLAS.activeThreadCount == 1)
        }
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
