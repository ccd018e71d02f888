#pragma once
// Deterministic random numbers for the synthetic data: the same numbers for a seed on every
// platform and standard library (std:: distributions are implementation-defined).

#include <cstdint>

namespace cellcam {

/// SplitMix64 step: mixes a 64-bit value into a well-distributed one. Also used to derive
/// independent seeds (image k of split s from the dataset seed).
std::uint64_t splitmix64(std::uint64_t& state);
std::uint64_t mixSeed(std::uint64_t a, std::uint64_t b);

/// xoshiro256** generator with simple, portable distributions. Not thread-safe; use one per
/// thread or image.
class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  std::uint64_t next();
  /// Uniform in [0, 1).
  double uniform();
  /// Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [lo, hi] (inclusive).
  int integer(int lo, int hi);
  /// Standard normal (Box-Muller).
  double normal();
  bool chance(double p) { return uniform() < p; }

 private:
  std::uint64_t s_[4];
};

}  // namespace cellcam
