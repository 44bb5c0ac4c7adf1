// OpenBLAS's CBLAS interface (with its thread-control extensions) and the
// LAPACKE C interface to LAPACK. On Debian both live in separate packages:
// libopenblas-dev (cblas.h, found through pkg-config "openblas") and
// liblapacke-dev (lapacke.h in /usr/include).
#include <cblas.h>
#include <lapacke.h>
