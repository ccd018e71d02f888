#pragma once
/// @file
/// The inference benchmark behind `cellcam bench inference`: per-stage seconds per image of
/// the whole prediction path (decode, segment, CAM + TTA, upsample, cell scores, mapping,
/// encode), the pipelined throughput and peak memory of predictSubmission on the same images,
/// and the compute bound (forward FLOPs of every TTA view over the measured GEMM rate), in
/// fp32 and bf16. Torch-free.

#include <filesystem>
#include <string>
#include <vector>

#include "cellcam/progress.h"

namespace cellcam {

struct InferenceBenchOptions {
  std::string backbone = "resnet50";
  int modelSize = 640;  ///< The model's input side (scale 1.0).
  int imageSize = 2048;  ///< Side of the synthetic test images.
  int images = 3;        ///< Test images timed (each precision).
  std::vector<double> scales{1.0, 1.3, 1.6};
  bool flips = true;
  int workSize = 640;  ///< CAM side after upsampling.
  std::vector<std::string> precisions{"fp32", "bf16"};  ///< bf16 is skipped without support.
  /// A model file to use; empty = a freshly initialised network of `backbone` (the timing does
  /// not depend on the weights).
  std::filesystem::path model;
  /// Folder for the synthetic dataset, the model and its label images (kept, so a Python
  /// comparison can read the same files); created if missing.
  std::filesystem::path workDir;
};

/// Mean seconds per image of each stage, run one after another on one thread (LibTorch uses
/// its intra-op threads inside the CAM stage).
struct InferenceStageSeconds {
  double decode = 0;      ///< Reading and decoding the four channel PNGs.
  double segment = 0;     ///< Built-in segmentation.
  double camTta = 0;      ///< Model input, every TTA view's forward, Swish, un-flip, sums.
  double forward = 0;     ///< The forward calls alone (part of camTta).
  double upsample = 0;    ///< Bicubic upsampling of the summed maps to workSize.
  double cellScores = 0;  ///< computeCellScores.
  double mapping = 0;     ///< Sigmoid and GBR mappings and their blend.
  double encode = 0;      ///< Every cell's mask at the original size (encodeLabelImage).
  double total() const {
    return decode + segment + camTta + upsample + cellScores + mapping + encode;
  }
};

struct InferenceBenchFigures {
  std::string precision;
  InferenceStageSeconds stages;
  int views = 0;                    ///< Forward views per image (scales x flips).
  /// Minor page faults per image in the CAM stage (memory the allocator took from the kernel
  /// anew: high when freed activation buffers are returned to the kernel after every forward).
  double camPageFaults = 0;
  double cellsPerImage = 0;
  double pipelineSecondsPerImage = 0;  ///< predictSubmission on the same images, wall time.
  long long pipelinePeakRssKb = 0;     ///< Peak resident memory during that run (0: unknown).
  double forwardFlops = 0;             ///< FLOPs of all views of one image.
  double gemmGflops = 0;               ///< Measured matrix-product rate in this precision.
  double boundSeconds = 0;             ///< forwardFlops / gemm rate: the compute bound.
};

/// Writes the synthetic test set and the model into options.workDir (reused when already
/// there with the same sizes), then measures every precision. Reports progress per step.
/// Throws Error for bad options or I/O errors.
std::vector<InferenceBenchFigures> benchInference(const InferenceBenchOptions& options,
                                                  Progress& progress);

}  // namespace cellcam
