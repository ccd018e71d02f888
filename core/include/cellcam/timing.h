#pragma once
/// @file
/// Wall-clock timing of jobs and their stages (the steady clock). Torch-free and Qt-free.

#include <chrono>

namespace cellcam {

using SteadyClock = std::chrono::steady_clock;

/// Seconds since `start`.
inline double secondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

}  // namespace cellcam
