#pragma once
/// @file
/// Throughput of a CAM network on this machine: inference (forward, no grad) and training
/// (forward + backward + SGD step) images per second, in fp32 and, where the CPU supports it,
/// bf16 autocast with channels-last. Prints nothing; `cellcam bench model` formats the figures.

#include <string>
#include <vector>

#include "cellcam/model_config.h"

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

/// Floating-point operations of one forward pass of the CAM network for `config` on one
/// height x width image, as LibTorch's profiler counts them (2 x multiply-adds of every
/// convolution and matrix product; element-wise operations are not counted). Throws Error
/// for a bad config.
double forwardFlops(const ModelConfig& config, int height, int width);

/// This machine's measured matrix-product rate in GFLOP/s: square products of side n, "fp32"
/// or "bf16" (bf16 inputs, as autocast feeds convolutions), on LibTorch's intra-op threads;
/// the best of `repeats` timed runs after a warm-up. Throws Error for bf16 on a CPU without
/// bf16 support or a bad argument.
double measureGemmGflops(const std::string& precision, int n = 2048, int repeats = 5);

}  // namespace cellcam
