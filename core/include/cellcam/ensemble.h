#pragma once
/// @file
/// Ensembles of CAM models (the method's step 6): families of models (folds of one
/// architecture) averaged, families weighted, and an optional image-level classifier blended
/// in, as described by an ensemble JSON file. Torch-free.
///
/// Ensemble file (paths relative to the file's folder):
/// @code
/// {"families": [{"name": "resnest", "weight": 0.5, "models": ["fold0/model.pt",
/// "fold1/model.pt"]},
///               {"name": "effnet", "weight": 0.5, "models": ["b4/model.pt"]}],
///  "imageClassifier": {"models": ["cls/model.pt"], "weight": 0.4},   (optional)
///  "tta": {TtaConfig keys}, "mapping": {MappingConfig keys},           (optional)
///  "segmentation": {SegmentationConfig keys} or "seg.json"}            (optional)
/// @endcode
///
/// Per image and model: CAMs (computeCams) -> raw cell scores (computeCellScores) -> the
/// sigmoid mapping (mapBySigmoid; with the scaler the model's GBR mapping was fit with, when it
/// differs from mapping.scaler, and a warning) and, when the model has a fitted GBR mapping next to
/// it (mappingFileFor()), the GBR's probabilities, blended with mapping.sigmoidWeight (sigmoid only
/// when there is no mapping file; load() then records a warning). Models of a family are
/// averaged; families are combined as sum(w_f * p_f) / sum(w_f). With an image classifier,
/// p = (1 - weight) * p_cells + weight * p_image[c], p_image the mean of the classifier models'
/// image probabilities (sigmoid of the mean logits over the TTA views).

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "cellcam/image_io.h"
#include "cellcam/inference.h"
#include "cellcam/mapping.h"
#include "cellcam/segmentation.h"

namespace cellcam {

/// Models of one architecture (e.g. the folds of a cross-validation), averaged with equal
/// weights.
struct EnsembleFamily {
  std::string name;
  double weight = 1.0;  ///< >= 0; families' weights need not sum to 1 (they are normalised).
  std::vector<std::filesystem::path> models;  ///< Absolute (or relative to the working folder).
};

/// Image-level classifiers (CamModels whose logits alone are used), blended per cell.
struct ImageClassifierSpec {
  std::vector<std::filesystem::path> models;  ///< Empty = no image classifier.
  double weight = 0.4;                        ///< Image share of the blend, in [0, 1].
};

/// What an ensemble is made of; the parsed form of an ensemble file.
struct EnsembleSpec {
  std::vector<EnsembleFamily> families;
  ImageClassifierSpec imageClassifier;
  TtaConfig tta;
  MappingConfig mapping;
  SegmentationConfig segmentation;

  /// Reads an ensemble file; model paths become relative to its folder. Throws Error naming
  /// the file and the key for unreadable JSON, unknown keys, wrong types, no families, a family
  /// without models or a negative weight (model files are not opened here).
  static EnsembleSpec load(const std::filesystem::path& file);
  /// Parses ensemble JSON text; relative model paths are resolved against `baseDir`; `source`
  /// names the text in messages.
  static EnsembleSpec fromJson(const std::string& text, const std::filesystem::path& baseDir,
                               const std::string& source);
  /// A one-model ensemble with default settings (`cellcam predict --model`).
  static EnsembleSpec singleModel(const std::filesystem::path& model);

  /// The ensemble as JSON text in the ensemble file format, with every key fromJson() reads
  /// (families, imageClassifier, and tta, mapping, segmentation as objects), so that
  /// fromJson(toJson(dir), dir, ...) gives back this spec. A model path is made absolute
  /// (against the working folder) and lexically normalised; it is written relative to
  /// `baseDir` when it lies below it (lexically; symbolic links are not followed) and absolute
  /// otherwise. An empty `baseDir` writes every path absolute. Pure; does not validate; throws
  /// Error only for a name or path that is not valid UTF-8.
  std::string toJson(const std::filesystem::path& baseDir) const;
  /// Writes toJson(file's folder) to `file`, atomically (a crash leaves the old file), so that
  /// load(file) gives back this spec. The text is first checked as load() reads it: Error
  /// naming the file (and nothing written) for a spec that load() would refuse (no families,
  /// a family without models, a negative weight, weights summing to 0, settings out of range),
  /// and when the folder is missing or not writable or the disk is full. Model files are not
  /// opened.
  void save(const std::filesystem::path& file) const;
};

/// The GBR mapping file of a model: the model path with its extension replaced by
/// ".mapping.json" (fold0/model.pt -> fold0/model.mapping.json).
std::filesystem::path mappingFileFor(const std::filesystem::path& model);

/// The model-side output of an ensemble for one image (see Ensemble::computeCams()).
struct EnsembleCams {
  std::vector<CamResult> models;  ///< One per CAM model, families in order, models in order.
  std::vector<float> imageProbabilities;  ///< Image classifier's mean (empty without one).
};

/// Final probabilities of every cell of one image.
struct CellProbabilities {
  std::vector<int> cellIds;  ///< Ascending, as CellScores::cellIds.
  int numClasses = 0;
  std::vector<float> probabilities;  ///< Row-major cells x classes, in [0, 1].
  int vanishedCells = 0;             ///< Cells with no pixel at CAM size (see CellScores).
};

/// One CAM model's intermediate values for one image (Ensemble::combine()'s `details`), for
/// inspection: every number between the CAMs and the model's blended probabilities.
struct ModelCellDetails {
  CellScores scores;                      ///< Raw scores (cells x classes) and cell pixels.
  std::vector<float> imageProbabilities;  ///< The model's p_c (sigmoid of mean TTA logits).
  std::vector<float> z;                   ///< Robust-standardised scores (cells x classes).
  std::vector<float> sigmoid;             ///< Sigmoid mapping (cells x classes).
  std::vector<float> gbr;                 ///< GBR mapping; empty when the model has none.
  std::vector<float> blended;             ///< The model's probabilities (sigmoid/GBR blend).
};

/// A loaded ensemble: its CAM models, their GBR mappings and the image classifiers. Move-only.
///
/// Thread-safety: computeCams() and combine() may be called from several threads at once
/// (models serialise their forward calls; mappings serialise prediction); the usual pattern
/// is computeCams() on one thread and combine() on workers.
class Ensemble {
 public:
  /// Loads every model and mapping file. Throws Error naming the file when one is missing or
  /// bad, or when the models disagree on the number of classes.
  static Ensemble load(const EnsembleSpec& spec);
  ~Ensemble();
  Ensemble(Ensemble&&) noexcept;
  Ensemble& operator=(Ensemble&&) noexcept;

  const EnsembleSpec& spec() const;
  /// Notes for the user (e.g. a model without a GBR mapping: sigmoid mapping only).
  const std::vector<std::string>& warnings() const;
  int camModelCount() const;
  int numClasses() const;

  /// Runs every CAM model (computeCams with spec().tta) and every image classifier on one
  /// image. The expensive step; Error when a model cannot process the image.
  EnsembleCams computeCams(const ChannelImage& image) const;

  /// Cell probabilities from the models' CAMs and a label image (any size, CV_32S or CV_16U,
  /// 0 = background). When `details` is given it receives, per CAM model in order, the raw
  /// scores, standardised scores, both mappings and the model's blended probabilities
  /// (row-major cells x classes) before averaging.
  CellProbabilities combine(const EnsembleCams& cams, const cv::Mat& labels,
                            std::vector<ModelCellDetails>* details = nullptr) const;

 private:
  struct Impl;
  explicit Ensemble(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cellcam
