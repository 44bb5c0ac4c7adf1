// zlib for the Datasets module: gzip-compressed IDX and CSV files are read
// through gzopen/gzread (which also read uncompressed files unchanged).
// Debian package: zlib1g-dev.
#include <zlib.h>
