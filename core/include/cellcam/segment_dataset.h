#pragma once
/// @file
/// Segmenting every image of a dataset's split into label images (`cellcam segment`, the
/// studio's Segment Dataset dialog), optionally scored against the true label images in
/// test_masks/. Torch-free.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cellcam/progress.h"
#include "cellcam/segmentation.h"

namespace cellcam {

/// Options of segmentDataset().
struct SegmentDatasetOptions {
  /// Dataset folder (Kaggle layout or a folder of channels; Dataset::open()).
  std::filesystem::path data;
  /// Images to segment: "test", "train" or "all".
  std::string split = "test";
  /// Folder for the label images {ID}.png; empty = DATA/segmentation. Created when missing.
  std::filesystem::path out;
  /// Settings of the built-in segmenter, and the working size and minimum areas of the models.
  SegmentationConfig config;
  /// A segmentation settings file (JSON, SegmentationConfig::load()); when set it replaces
  /// `config` (it is read after the option checks, so its errors come in the CLI's order).
  std::filesystem::path configFile;
  /// TorchScript nuclei and cell models (TorchSegmenter): both or neither (= built-in).
  std::filesystem::path nucleiModel;
  std::filesystem::path cellModel;
  /// Worker threads; 0 = all cores for the built-in segmenter, 1 with models (LibTorch uses
  /// every core for each image).
  int threads = 0;
  /// Score every segmented test image against test_masks/{ID}.png (matching at IoU >= 0.6).
  bool eval = false;
};

/// What happened to one image.
struct SegmentedImage {
  std::string id;                          ///< The image's ID (the label file is {ID}.png).
  int cells = 0;                           ///< Cells found (the largest label).
  std::optional<SegmentationScore> score;  ///< Against test_masks/ (eval, test images only).
};

/// What segmentDataset() did.
struct SegmentDatasetSummary {
  int images = 0;                       ///< Images segmented (= results.size()).
  long long cells = 0;                  ///< Cells found in all of them.
  double seconds = 0;                   ///< Wall time of the segmentation (without the checks).
  std::filesystem::path out;            ///< The folder the label images went to.
  std::string split;                    ///< The split segmented ("test", "train", "all").
  bool models = false;                  ///< True with TorchScript models, false = built-in.
  std::vector<SegmentedImage> results;  ///< Per image, in the dataset's order.
  /// With eval: the scores of the evaluated images added up (SegmentationScore::operator+=).
  std::optional<SegmentationScore> score;
  int evaluatedImages = 0;  ///< Images with a score.
};

/// Segments the images of options.split in options.data and writes one 16-bit label image
/// per image to options.out (default DATA/segmentation) as {ID}.png (writeLabelImage(),
/// atomically; 0 = background, cells 1..N). Uses the built-in segmentCells() or, with both
/// model files, a TorchSegmenter per worker thread. With options.eval every test image's
/// labels are scored against test_masks/{ID}.png (scoreSegmentation() at IoU >= 0.6).
///
/// Checks first, in this order, and throws Error (one sentence; the option names are the
/// CLI's) for: only one of the two model files; eval with split "train"; a split that is not
/// test, train or all; a bad settings file (naming it); a dataset that cannot be opened
/// (Dataset::open()); no images in the split; eval without the test_masks folder; an output
/// path that is not a folder, cannot be created or is not writable (ensureWritableDir()).
/// Nothing is written before these checks pass, and nothing at all when `cancel` was already
/// triggered (throws Cancelled). Then the images are segmented on options.threads workers
/// (parallelFor(): "image k of n" progress from the calling thread about every 100 ms, and a
/// final report); `cancel` is checked between images (throws Cancelled; label images written
/// so far stay). A bad model or image file or a failed write throws Error naming the file.
SegmentDatasetSummary segmentDataset(const SegmentDatasetOptions& options, Progress& progress,
                                     const CancelToken& cancel);

}  // namespace cellcam
