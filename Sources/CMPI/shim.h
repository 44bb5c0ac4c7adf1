// Open MPI's C interface (mpi.h, found through pkg-config "ompi-c"; Debian's
// libopenmpi-dev). Swift imports MPI's functions and types but not the
// predefined handles and constants below: Open MPI defines them as macros
// that cast the addresses of its globals ((MPI_Comm) &ompi_mpi_comm_world),
// which Swift's C importer skips. Each is exposed as an inline function
// returning the macro's value (MPI Forum, MPI: A Message-Passing Interface
// Standard, Version 3.1, 2015, sec. 2.5.4 and annex A.1).
#include <mpi.h>
#include <stdio.h>

/// MPI_COMM_WORLD: every process that mpirun started.
static inline MPI_Comm _Nonnull perceptron_mpi_comm_world(void) { return MPI_COMM_WORLD; }
/// MPI_SUM: the element-wise sum reduction.
static inline MPI_Op _Nonnull perceptron_mpi_sum(void) { return MPI_SUM; }
/// MPI_FLOAT: C float (Swift Float).
static inline MPI_Datatype _Nonnull perceptron_mpi_float(void) { return MPI_FLOAT; }
/// MPI_DOUBLE: C double (Swift Double).
static inline MPI_Datatype _Nonnull perceptron_mpi_double(void) { return MPI_DOUBLE; }
/// MPI_IN_PLACE: "the input is the output buffer" for collective operations.
static inline void *_Nonnull perceptron_mpi_in_place(void) { return MPI_IN_PLACE; }
/// MPI_REQUEST_NULL: the handle of no (or a completed) non-blocking operation.
static inline MPI_Request _Nullable perceptron_mpi_request_null(void) { return MPI_REQUEST_NULL; }
/// MPI_STATUS_IGNORE: passed where a status is not wanted.
static inline MPI_Status *_Nullable perceptron_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
/// MPI_ERRORS_RETURN: the error handler that returns error codes instead of
/// aborting the job (the default handler, MPI_ERRORS_ARE_FATAL, aborts).
static inline MPI_Errhandler _Nonnull perceptron_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
/// MPI_THREAD_FUNNELED: threads allowed, but only the main thread calls MPI.
static inline int perceptron_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
/// MPI_SUCCESS: the return code of a call that succeeded.
static inline int perceptron_mpi_success(void) { return MPI_SUCCESS; }
/// MPI_MAX_ERROR_STRING: the buffer length MPI_Error_string needs.
static inline int perceptron_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }

/// The C standard error stream: Swift 6 rejects reading the global `stderr`
/// (shared mutable state), and abort messages go through stdio's fputs and
/// fflush before MPI_Abort.
static inline FILE *_Nonnull perceptron_stderr(void) { return stderr; }
