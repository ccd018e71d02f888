#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <opencv2/core.hpp>
#include <vector>

#include "cellcam/oid_mask.h"
#include "cellcam/synth.h"
#include "commands.h"

namespace cellcam::cli {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void printStats(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  const double mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
  std::printf("%-34s mean %8.2f ms   median %8.2f ms   min %8.2f ms   (n=%zu)\n", what, mean,
              ms[ms.size() / 2], ms.front(), ms.size());
}

struct BenchOptions {
  int size = 512;
  int repeats = 8;
};

void benchSynth(const BenchOptions& o) {
  std::vector<double> synthMs, encodeMs;
  long long cells = 0;
  for (int i = 0; i < o.repeats; ++i) {
    auto start = Clock::now();
    const SynthImage image = synthesizeImage(o.size, 1000 + static_cast<std::uint64_t>(i), false);
    synthMs.push_back(msSince(start));
    cells += static_cast<long long>(image.cellLabels.size());
    start = Clock::now();
    cv::Mat mask;
    for (std::size_t k = 0; k < image.cellLabels.size(); ++k) {
      cv::compare(image.labels, static_cast<double>(k + 1), mask, cv::CMP_EQ);
      encodeOidMask(mask);
    }
    encodeMs.push_back(msSince(start));
  }
  std::printf("synth at %dx%d px, one thread, %.1f cells per image\n", o.size, o.size,
              static_cast<double>(cells) / o.repeats);
  printStats("synthesizeImage", synthMs);
  printStats("encode every cell mask (OID)", encodeMs);
}

}  // namespace

void addBenchCommand(CLI::App& app) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand("bench", "Measure the speed of engine stages; prints figures");
  cmd->require_subcommand(1);
  CLI::App* synth = cmd->add_subcommand(
      "synth", "Synthetic image generation and mask encoding, one thread, per image");
  synth->add_option("--size", options->size, "Image side in pixels")
      ->check(CLI::Range(32, 8192))
      ->capture_default_str();
  synth->add_option("--repeats", options->repeats, "Images to time")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  synth->callback([options]() { benchSynth(*options); });
}

}  // namespace cellcam::cli
