#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <vector>

#include <opencv2/core.hpp>

#include "cellcam/model_bench.h"
#include "cellcam/oid_mask.h"
#include "cellcam/runtime.h"
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
  }
  std::printf("synth at %dx%d px, one thread, %.1f cells per image\n", o.size, o.size,
              static_cast<double>(cells) / o.repeats);
  printStats("synthesizeImage", synthMs);
}

/// Encoding every cell of a label image: one pass (encodeLabelImage) against one binary mask
/// and encode per cell (what a naive writer does).
void benchEncode(const BenchOptions& o) {
  std::vector<double> onePassMs, perCellMs;
  long long cells = 0;
  for (int i = 0; i < o.repeats; ++i) {
    const SynthImage image = synthesizeImage(o.size, 2000 + static_cast<std::uint64_t>(i), false);
    cells += static_cast<long long>(image.cellLabels.size());
    auto start = Clock::now();
    const std::vector<EncodedCell> encoded = encodeLabelImage(image.labels);
    onePassMs.push_back(msSince(start));
    start = Clock::now();
    cv::Mat mask;
    for (const EncodedCell& cell : encoded) {
      cv::compare(image.labels, static_cast<double>(cell.label), mask, cv::CMP_EQ);
      encodeOidMask(mask);
    }
    perCellMs.push_back(msSince(start));
  }
  std::printf("encode all cells of a %dx%d label image, one thread, %.1f cells per image\n", o.size,
              o.size, static_cast<double>(cells) / o.repeats);
  printStats("encodeLabelImage (one pass)", onePassMs);
  printStats("per-cell binary mask + encode", perCellMs);
}

void benchModelCommand(const ModelBenchOptions& o) {
  std::printf("%s at %dx%d px, batch %d, %s channels, %d timed iterations%s\n", o.backbone.c_str(),
              o.size, o.size, o.batch, o.channels.c_str(), o.iterations,
              cpuHasBf16() ? "" : " (no bf16 on this CPU)");
  for (const ModelBenchFigures& f : benchModel(o))
    std::printf("cellcam %s inference %.3f train %.3f  (images/s)\n", f.precision.c_str(),
                f.inferenceImagesPerSecond, f.trainImagesPerSecond);
}

}  // namespace

void addBenchInferenceCommand(CLI::App& bench);  // bench_inference_command.cpp

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

  CLI::App* encode = cmd->add_subcommand(
      "encode", "Open Images encoding of every cell of a synthetic label image, one thread");
  encode->add_option("--size", options->size, "Image side in pixels")
      ->check(CLI::Range(32, 8192))
      ->capture_default_str();
  encode->add_option("--repeats", options->repeats, "Images to time")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  encode->callback([options]() { benchEncode(*options); });

  CLI::App* segment = cmd->add_subcommand(
      "segment", "Built-in cell segmentation of synthetic images, one thread, per image");
  segment->add_option("--size", options->size, "Image side in pixels")
      ->check(CLI::Range(32, 8192))
      ->capture_default_str();
  segment->add_option("--repeats", options->repeats, "Images to time")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  segment->callback([options]() { benchSegment(options->size, options->repeats); });

  auto model = std::make_shared<ModelBenchOptions>();
  CLI::App* modelCmd = cmd->add_subcommand(
      "model", "CAM network images/s: inference and training step, fp32 and bf16 autocast");
  modelCmd->add_option("--backbone", model->backbone, "Backbone name")->capture_default_str();
  modelCmd->add_option("--channels", model->channels, "rgby, rgb or ggg")->capture_default_str();
  modelCmd->add_option("--size", model->size, "Input side (multiple of 32)")->capture_default_str();
  modelCmd->add_option("--batch", model->batch, "Images per batch")->capture_default_str();
  modelCmd->add_option("--iterations", model->iterations, "Timed iterations")
      ->capture_default_str();
  modelCmd->callback([model]() { benchModelCommand(*model); });

  addBenchInferenceCommand(*cmd);
}

}  // namespace cellcam::cli
