import CMPI
import Perceptron

extension CommunicationError {
    /// The error for the return code `code` of the MPI function `operation`,
    /// with MPI's own text for the code: "MPI_Bcast: MPI_ERR_ROOT: invalid
    /// root". Codes come back instead of aborting the job because
    /// ``MPIEnvironment/initialize()`` sets MPI_ERRORS_RETURN on the world
    /// communicator (MPI Forum, MPI: A Message-Passing Interface Standard,
    /// Version 3.1, 2015, sec. 8.3 and 8.4, MPI_Error_string).
    init(mpiCode code: Int32, in operation: String) {
        var text = [CChar](repeating: 0, count: Int(perceptron_mpi_max_error_string()) + 1)
        var length: Int32 = 0
        let message =
            MPI_Error_string(code, &text, &length) == perceptron_mpi_success()
            ? String(
                decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : "MPI error code \(code)"
        self.init("\(operation): \(message)")
    }
}

/// Throws ``CommunicationError`` unless `code`, returned by the MPI function
/// `operation`, is MPI_SUCCESS.
func checkMPI(_ code: Int32, _ operation: String) throws {
    guard code != perceptron_mpi_success() else { return }
    throw CommunicationError(mpiCode: code, in: operation)
}
