#pragma once
/// @file
/// Synthetic HPA-like data: images with irregular, touching cells whose green channel shows
/// one or two protein localisation patterns, with exact per-cell ground truth.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "cellcam/progress.h"

namespace cellcam {

/// One synthetic image in memory.
struct SynthImage {
  std::string id;                            ///< Deterministic UUID-like Kaggle ID.
  cv::Mat red, green, blue, yellow;          ///< CV_8U or CV_16U (bit16), size x size.
  cv::Mat labels;                            ///< CV_16U cell label image, 0 = background, 1..N.
  std::vector<std::vector<int>> cellLabels;  ///< cellLabels[k] = classes of cell k + 1.
  std::vector<int> imageLabels;              ///< Union of the cell labels, sorted.
};

/// The classes whose green patterns the generator draws (all but 11 Mitotic spindle).
const std::vector<int>& synthClasses();

/// Draws one image. Pure function of (size, seed, bit16); thread-safe. size >= 32.
SynthImage synthesizeImage(int size, std::uint64_t seed, bool bit16);

/// Options of `cellcam synth`.
struct SynthOptions {
  std::filesystem::path out;  ///< Dataset folder to create.
  int trainImages = 64;
  int testImages = 16;
  int size = 512;  ///< Image side in pixels.
  std::uint64_t seed = 0;
  bool bit16 = false;      ///< 16-bit PNG channels instead of 8-bit.
  bool overwrite = false;  ///< Allow writing into a folder that already holds a dataset.
  int threads = 0;         ///< Worker threads; 0 = hardware concurrency.
};

struct SynthSummary {
  int trainImages = 0;
  int testImages = 0;
  long long cells = 0;
  double seconds = 0.0;
};

/// Writes a dataset in the Kaggle layout to options.out: train/ and test/ with
/// {ID}_{red,green,blue,yellow}.png, train.csv, sample_submission.csv, test_masks/{ID}.png
/// (16-bit label images), test_gt.csv (submission format: every cell with each of its true
/// labels, confidence 1, Open Images mask) and synth.json (the options). Deterministic for a
/// seed regardless of the thread count. Every file is written atomically. Throws Error for an
/// unusable folder or bad options, Cancelled when `cancel` fires.
SynthSummary writeSynthDataset(const SynthOptions& options, Progress& progress,
                               const CancelToken& cancel);

}  // namespace cellcam
