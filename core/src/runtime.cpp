#include "cellcam/runtime.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <ATen/Parallel.h>
#include <opencv2/core/version.hpp>
#include <sqlite3.h>
#include <torch/csrc/api/include/torch/version.h>
#include <xgboost/c_api.h>
#include <zlib.h>

namespace cellcam {

void initRuntime(int threads) {
  if (threads <= 0) {
    const char* omp = std::getenv("OMP_NUM_THREADS");
    char* end = nullptr;
    const long fromEnv = omp ? std::strtol(omp, &end, 10) : 0;
    threads = fromEnv > 0 && end && *end == '\0' && fromEnv <= 4096
                  ? static_cast<int>(fromEnv)
                  : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }
  at::set_num_threads(threads);
}

int intraOpThreads() { return at::get_num_threads(); }

std::string version() { return CELLCAM_VERSION; }

bool cpuHasBf16() {
  std::ifstream in("/proc/cpuinfo");
  if (!in) return true;
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("flags", 0) == 0)
      return line.find(" avx512_bf16") != std::string::npos ||
             line.find(" amx_bf16") != std::string::npos;
  return true;
}

std::string versionReport() {
  int xgbMajor = 0, xgbMinor = 0, xgbPatch = 0;
  XGBoostVersion(&xgbMajor, &xgbMinor, &xgbPatch);
  std::string report = "cellcam " + version() + "\n";
  report += "LibTorch " TORCH_VERSION "\n";
  report += "OpenCV " CV_VERSION "\n";
  report += "XGBoost " + std::to_string(xgbMajor) + "." + std::to_string(xgbMinor) + "." +
            std::to_string(xgbPatch) + "\n";
  report += std::string("SQLite ") + sqlite3_libversion() + "\n";
  report += std::string("zlib ") + zlibVersion() + "\n";
  report += "allocator: " + allocatorName() + "\n";
  report += "LibTorch intra-op threads: " + std::to_string(intraOpThreads()) + "\n";
  return report;
}

std::string allocatorName() {
  // tcmalloc (linked or preloaded) exports tc_version; glibc's malloc does not.
  using TcVersion = const char* (*)(int*, int*, const char**);
  if (auto* tc = reinterpret_cast<TcVersion>(dlsym(RTLD_DEFAULT, "tc_version")))
    return std::string("tcmalloc (") + tc(nullptr, nullptr, nullptr) + ")";
  return "glibc malloc";
}

}  // namespace cellcam
