#pragma once
/// @file
/// Throughput of a CAM network on this machine: inference (forward, no grad) and training
/// (forward + backward + SGD step) images per second, in fp32 and, where the CPU supports it,
/// bf16 autocast with channels-last. Prints nothing; `cellcam bench model` formats the figures.

#include <string>
#include <vector>

namespace cellcam {

struct ModelBenchOptions {
  std::string backbone = "resnet50";
  std::string channels = "rgby";
  int size = 512;  ///< Square input side in pixels.
  int batch = 2;
  int warmup = 1;      ///< Untimed iterations per mode.
  int iterations = 3;  ///< Timed iterations per mode.
  bool bf16 = true;    ///< Also measure bf16 (skipped when the CPU lacks bf16 support).
};

struct ModelBenchFigures {
  std::string precision;  ///< "fp32" or "bf16"
  double inferenceImagesPerSecond = 0;
  double trainImagesPerSecond = 0;
};

/// Runs the benchmark on random data with freshly initialised weights. Uses LibTorch's
/// intra-op threads (set by initRuntime). Throws Error for a bad backbone or size.
std::vector<ModelBenchFigures> benchModel(const ModelBenchOptions& options);

}  // namespace cellcam
