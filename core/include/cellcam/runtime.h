#pragma once
/// @file
/// Process-wide start-up of the engine and the versions of what it is built on.

#include <string>

namespace cellcam {

/// Call once at start-up of every executable, from the main thread, before any job runs.
/// Sets LibTorch's intra-op thread pool to `threads`; 0 = OMP_NUM_THREADS when the environment
/// sets it to a positive number (torchrun sets it to share a machine between its ranks), else
/// the hardware concurrency.
void initRuntime(int threads = 0);

/// LibTorch's current intra-op thread count.
int intraOpThreads();

/// "cellcam X.Y.Z" followed by the versions of LibTorch, OpenCV, XGBoost, SQLite and zlib
/// and LibTorch's intra-op thread count, one per line.
std::string versionReport();

/// The memory allocator serving malloc in this process: "tcmalloc (gperftools x.y)" when
/// tcmalloc is linked or preloaded, else "glibc malloc".
std::string allocatorName();

/// Whether this CPU runs bf16 matrix kernels natively (AVX-512 BF16 or AMX), read from
/// /proc/cpuinfo; true where there is no x86 flags line (non-Linux or ARM: LibTorch decides).
bool cpuHasBf16();

/// CellCAM's own version, e.g. "0.1.0".
std::string version();

}  // namespace cellcam
