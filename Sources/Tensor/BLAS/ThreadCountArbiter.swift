/// The rule, documented at ``BLAS/withThreadCount(_:_:)``, that turns the
/// open sections and the configured ``BLAS/threadCount`` into the one count
/// OpenBLAS uses:
///
/// ```
/// effective = 1                    if any open section asks for 1
///             max(open requests)   else, if any section is open
///             configured           otherwise
/// ```
///
/// A value without side effects, so the rule is tested on its own: ``BLAS``
/// keeps the process's one behind a lock and copies ``effective`` into
/// OpenBLAS after every change.
struct ThreadCountArbiter: Equatable {
    /// The count outside every section; values below 1 are stored as 1.
    var configured: Int {
        didSet { configured = max(1, configured) }
    }
    /// How many open sections ask for each count.
    private(set) var requests: [Int: Int] = [:]

    init(configured: Int) {
        self.configured = max(1, configured)
    }

    /// Registers a section asking for `count` threads (at least 1).
    mutating func open(_ count: Int) {
        requests[max(1, count), default: 0] += 1
    }

    /// Unregisters a section opened by ``open(_:)`` with the same `count`.
    mutating func close(_ count: Int) {
        let count = max(1, count)
        let open = requests[count] ?? 0
        require(open > 0, "BLAS: closing a \(count)-thread section that is not open")
        requests[count] = open == 1 ? nil : open - 1
    }

    /// The count OpenBLAS should use now.
    var effective: Int {
        requests[1] != nil ? 1 : requests.keys.max() ?? configured
    }
}
