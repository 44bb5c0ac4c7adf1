import CMPI
import Perceptron
import Synchronization

/// Open MPI's lifetime in this process: ``initialize()`` once before the
/// first collective operation, ``finalize()`` after the last, on every rank.
///
/// MPI is initialized with MPI_Init_thread requesting MPI_THREAD_FUNNELED:
/// the process may run threads (the trainer's worker pool, OpenBLAS's), but
/// only the main thread calls MPI, which is how the trainer uses its
/// `Communicator`. The world communicator's error handler is set to
/// MPI_ERRORS_RETURN, so a failed call becomes a thrown
/// `CommunicationError` instead of ending the job (MPI Forum, MPI: A
/// Message-Passing Interface Standard, Version 3.1, 2015, sec. 12.4.3 on
/// thread levels, sec. 8.3 on error handlers, sec. 8.7 on startup).
public enum MPIEnvironment {
    /// The world communicator, once MPI is initialized.
    private static let world = Mutex<MPICommunicator?>(nil)

    /// Initializes MPI if it is not yet, and returns the communicator of
    /// every process that `mpirun` started (MPI_COMM_WORLD). Later calls
    /// return the same communicator. Throws when MPI was already finalized
    /// (it cannot be initialized twice) or provides no thread support.
    public static func initialize() throws -> MPICommunicator {
        try world.withLock { world in
            if let world { return world }
            var (initialized, finalized): (Int32, Int32) = (0, 0)
            try checkMPI(MPI_Initialized(&initialized), "MPI_Initialized")
            try checkMPI(MPI_Finalized(&finalized), "MPI_Finalized")
            guard finalized == 0 else {
                throw CommunicationError("MPI was finalized; it cannot be initialized again")
            }
            if initialized == 0 {
                var provided: Int32 = 0
                let funneled = perceptron_mpi_thread_funneled()
                try checkMPI(MPI_Init_thread(nil, nil, funneled, &provided), "MPI_Init_thread")
                guard provided >= funneled else {
                    throw CommunicationError(
                        "MPI_Init_thread: thread level \(provided) provided, MPI_THREAD_FUNNELED needed"
                    )
                }
            }
            let comm = perceptron_mpi_comm_world()
            try checkMPI(
                MPI_Comm_set_errhandler(comm, perceptron_mpi_errors_return()),
                "MPI_Comm_set_errhandler")
            let communicator = try MPICommunicator(world: comm)
            world = communicator
            return communicator
        }
    }

    /// Whether MPI is initialized and not yet finalized in this process.
    public static var isRunning: Bool {
        var (initialized, finalized): (Int32, Int32) = (0, 0)
        MPI_Initialized(&initialized)
        MPI_Finalized(&finalized)
        return initialized != 0 && finalized == 0
    }

    /// Ends MPI in this process (MPI_Finalize). Every rank calls it once,
    /// after its last collective operation has completed; no MPI call may
    /// follow. Does nothing when MPI is not running.
    public static func finalize() throws {
        guard isRunning else { return }
        try checkMPI(MPI_Finalize(), "MPI_Finalize")
    }
}
