#pragma once
/// @file
/// Batch prediction of a Kaggle submission (`cellcam predict`): every image of
/// sample_submission.csv through an ensemble, every cell with a confidence for every class.
/// Torch-free.

#include <filesystem>
#include <string>
#include <vector>

#include "cellcam/progress.h"
#include "cellcam/submission.h"

namespace cellcam {

/// Options of predictSubmission().
struct PredictOptions {
  std::filesystem::path dataDir;       ///< Kaggle layout with sample_submission.csv and test/.
  std::filesystem::path ensembleFile;  ///< Ensemble JSON (see ensemble.h); or modelFile.
  std::filesystem::path modelFile;     ///< A single model (used when ensembleFile is empty).
  std::filesystem::path out;           ///< Submission CSV to write (atomically).
  int shardIndex = 0;  ///< This process handles images shardIndex, shardIndex + shardCount, ...
  int shardCount = 1;  ///< (in sample_submission order); 1 = all images.
  int threads = 0;     ///< Worker threads for reading/segmenting/scoring; 0 = cores - 1 (>= 1).
  /// Folder of label images {ID}.png (16-bit, 0 = background) to use instead of segmenting.
  std::filesystem::path labelsDir;
  std::string precision;  ///< Overrides the ensemble's tta.precision when not empty.
  int aheadImages = 2;    ///< Images decoded and segmented ahead of the model (>= 1).
  /// When not empty, also writes every intermediate number to this CSV (atomically): one row
  /// per image, cell, CAM model and class with the columns
  /// ID,CellID,Pixels,Model,Class,ImageProbability,Raw,Z,Sigmoid,GBR,ModelProbability,Final
  /// (Model is the 0-based CAM model index; GBR is empty for a model without a GBR mapping;
  /// Final is the submitted confidence). For inspecting and re-fitting mappings.
  std::filesystem::path scoresOut;
};

/// What predictSubmission() did.
struct PredictSummary {
  int images = 0;  ///< Images predicted (this shard).
  long long cells = 0;
  long long instances = 0;      ///< cells x classes.
  long long vanishedCells = 0;  ///< Cells too small to have a pixel at CAM size.
  double seconds = 0;           ///< Wall time of the whole job.
  double secondsPerImage = 0;   ///< seconds / images.
  double modelSeconds = 0;      ///< Time in the models (calling thread).
  long long peakRssKb = 0;      ///< Peak resident memory of the process (VmHWM), KiB; 0 if unknown.
  std::vector<std::string> warnings;  ///< From loading the ensemble.
};

/// Predicts a submission for the test images of options.dataDir and writes options.out.
///
/// Pipeline (only a few images in memory at once): worker threads read, decode and segment
/// (or import the label image of) up to options.aheadImages images ahead of the model; the
/// calling thread runs the ensemble's models (Ensemble::computeCams); worker threads then
/// score the cells, map and blend the probabilities and encode every cell's mask at the
/// original size (encodeLabelImage). Rows come out in sample_submission order with 19
/// `label confidence mask` triples per cell (an image without cells gets an empty string).
///
/// Reports progress (fraction of this shard's images, ETA in the message; metrics images/s)
/// from the calling thread; checks `cancel` between images (throws Cancelled, writes nothing).
/// Rows are written in order as soon as they are ready to a temporary file next to
/// options.out (memory stays bounded by the images in flight, however many there are); at the
/// end it is validated with validateSubmission() (against sample_submission.csv for a full
/// run; masks and sizes only for a shard) and renamed to options.out. The output folders are
/// checked for writability before any work. Throws Error for a dataset without
/// sample_submission.csv, an image whose size differs from the CSV's, a missing or bad model,
/// mapping or label file (naming it), or a submission that fails validation.
PredictSummary predictSubmission(const PredictOptions& options, Progress& progress,
                                 const CancelToken& cancel);

/// Merges the submissions of shards 0..n-1 into one, in the order of `sampleSubmission`.
/// Throws Error naming the file for an image that appears in two shards, and naming
/// sampleSubmission for an image of it that no shard predicted.
Submission mergeShardSubmissions(const std::vector<std::filesystem::path>& shards,
                                 const std::filesystem::path& sampleSubmission);

/// Peak resident set size of this process (VmHWM in /proc/self/status), KiB; 0 when unknown.
long long peakRssKb();

}  // namespace cellcam
