/// Shape-checked entry points to OpenBLAS: GEMM and GEMV on row-major
/// matrices, level-1 routines on contiguous buffers, and thread control.
///
/// Every call here is one BLAS call on the operands' own storage; a shape
/// mismatch is a programmer error and stops with a message naming both
/// shapes. ``Reference`` holds a plain-Swift kernel for each routine.
public enum BLAS {}
