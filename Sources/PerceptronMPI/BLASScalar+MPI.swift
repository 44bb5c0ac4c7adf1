import CMPI
import Perceptron

extension BLASScalar {
    /// MPI's datatype for this scalar: MPI_FLOAT for `Float`, MPI_DOUBLE for
    /// `Double` (MPI Forum, MPI: A Message-Passing Interface Standard,
    /// Version 3.1, 2015, sec. 3.2.2, the C types float and double).
    static var mpiDatatype: MPI_Datatype {
        switch Self.self {
        case is Float.Type: return perceptron_mpi_float()
        case is Double.Type: return perceptron_mpi_double()
        default: fatalError("PerceptronMPI: no MPI datatype for \(Self.self)")
        }
    }
}

/// `count` as the C `int` MPI takes for element counts; throws when it
/// does not fit (MPI 3.1's count arguments are `int`, at most 2^31 - 1).
func mpiCount(_ count: Int) throws -> Int32 {
    guard let count = Int32(exactly: count) else {
        throw CommunicationError("\(count) elements: more than MPI's int count allows")
    }
    return count
}
