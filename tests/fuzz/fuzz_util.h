#pragma once
/// @file
/// Helpers shared by the libFuzzer entry points (tests/fuzz/fuzz_*.cpp): a per-process scratch
/// file for readers that take a path, and a check that aborts on a broken invariant.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace cellcam::fuzz {

/// A file path unique to this process, in /dev/shm when there is one (fast), else TMPDIR.
inline const std::filesystem::path& scratchFile(const char* suffix) {
  static const std::filesystem::path path = [suffix] {
    std::filesystem::path dir = "/dev/shm";
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec) || ::access(dir.c_str(), W_OK) != 0) {
      const char* tmp = std::getenv("TMPDIR");
      dir = tmp && *tmp ? tmp : "/tmp";
    }
    return dir / ("cellcam-fuzz-" + std::to_string(::getpid()) + suffix);
  }();
  return path;
}

/// Writes the input to `path` (truncating).
inline void writeScratch(const std::filesystem::path& path, const std::uint8_t* data,
                         std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) {
    std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
}

/// Aborts (a fuzzer finding) when `ok` is false.
inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace cellcam::fuzz
