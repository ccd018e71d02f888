#pragma once
/// @file
/// Class activation maps of one image with test-time augmentation (the method's step 4, the
/// seed's recipe): scales x flips through a CamModel, Swish on the maps, un-flip, sum,
/// bicubic upsampling to a square working size. Torch-free.

#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "cellcam/cam_model.h"
#include "cellcam/image_io.h"

namespace cellcam {

/// Test-time augmentation settings, with the seed's values as defaults. JSON keys are the
/// member names.
struct TtaConfig {
  /// Input sides are round(model inputSize * scale); the seed used 1.0, 1.3, 1.6.
  std::vector<double> scales{1.0, 1.3, 1.6};
  /// Four views per scale (none, vertical, horizontal, both) instead of one.
  bool flips = true;
  /// Views per CamModel::forward call (views of one scale only; >= 1).
  int batch = 4;
  /// Side of the square CAMs returned (bicubic upsampling; the seed: 640).
  int workSize = 640;
  /// "fp32", or "bf16": the forward runs under CPU bfloat16 autocast (needs a CPU with
  /// AVX-512 BF16 or AMX; Error otherwise). The maps are returned as float32 either way.
  std::string precision = "fp32";

  /// Throws Error naming the setting when a value is out of range (no scales, a scale not in
  /// (0, 8], batch < 1, workSize not in [16, 8192], an unknown precision).
  void validate() const;
  /// JSON object text.
  std::string toJson() const;
  /// Parses JSON text; missing keys keep the defaults. Throws Error naming `source` and the key
  /// for unknown keys, wrong types or bad values.
  static TtaConfig fromJson(const std::string& text, const std::string& source);
};

/// The CAMs of one image.
///
/// Geometry: like the seed, the image is resized to a square model input whatever its aspect,
/// so the CAMs are square (workSize x workSize) and stand for the whole image stretched to a
/// square. computeCellScores() resizes the label image (original size) to the CAMs' size with
/// nearest-neighbour, which applies the same stretch, so cells and CAMs stay aligned for
/// non-square images too.
struct CamResult {
  /// One CV_32FC1 workSize x workSize map per class (Swish-activated, summed over views,
  /// x 3 / number of scales).
  std::vector<cv::Mat> cams;
  /// sigmoid(mean of the logits over all views), one per class.
  std::vector<float> imageProbabilities;
  /// Mean of the logits over all views, one per class.
  std::vector<float> meanLogits;
  int views = 0;  ///< Forward views used (scales x flips).
  /// Wall time of the steps, seconds (for benchmarks): resizing and normalising the input and
  /// flipping the views; the model's forward calls; Swish, un-flip and sums of the maps; the
  /// final bicubic upsampling to workSize.
  double inputSeconds = 0;
  double forwardSeconds = 0;
  double mapSeconds = 0;
  double upsampleSeconds = 0;
};

/// The model input for one image at `side` x `side` pixels: float32 planar [C][side][side],
/// C = config.inputChannels(), fed exactly as training's BatchLoader feeds it (no
/// augmentation): each stored plane resized in its own depth with INTER_AREA (INTER_LINEAR when
/// enlarging, which training never does), scaled to 0..1 (/255 or /65535), then
/// (x - mean) / std with ImageNet's statistics by output position (rgby's yellow uses red's;
/// ggg = green three times, normalised as (R, G, B) positions). A missing yellow plane with
/// "rgby" is fed as zeros (before normalisation). Throws Error for an unknown channel mode,
/// side < 1 or an image without red/green/blue planes. Thread-safe.
std::vector<float> modelInput(const ChannelImage& image, const ModelConfig& config, int side);

/// Computes the CAMs of `image` with test-time augmentation:
/// for each scale s the image is resized to round(inputSize * s) (modelInput()); with flips,
/// four views (none, vertical, horizontal, both) are run in batches of tta.batch through
/// model.forward(); each map gets Swish (x * sigmoid(x)) and is un-flipped; the views of a
/// scale are summed and resized (bilinear) to the map size of the first scale (1.0 with the
/// defaults); the scales are summed and multiplied by 3 / number of scales (the seed's
/// normalisation); the sum is upsampled bicubically to tta.workSize. Thread-safe (the model
/// serialises forward calls). Throws Error for a bad TtaConfig, bf16 on a CPU without bf16
/// support, or when the model cannot process the input.
CamResult computeCams(const CamModel& model, const ChannelImage& image, const TtaConfig& tta);

/// Only the image-level part of computeCams(): sigmoid(mean logits) over the same views,
/// without the maps' post-processing (for image-level classifiers in an ensemble).
std::vector<float> computeImageProbabilities(const CamModel& model, const ChannelImage& image,
                                             const TtaConfig& tta);

}  // namespace cellcam
