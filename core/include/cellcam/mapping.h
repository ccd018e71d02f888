#pragma once
/// @file
/// From raw cell scores to probabilities (the method's step 5), two ways, blended:
/// (a) per image, robust standardisation of all its cell x class scores, then a sigmoid;
/// (b) per model, a gradient-boosted regressor (XGBoost) from the standardised score to the
///     probability, fit on cells of single-label training images and on annotated cells.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cellcam/cell_scores.h"
#include "cellcam/progress.h"

namespace cellcam {

// ---- Settings ------------------------------------------------------------------------------

/// The gradient-boosted regressor's settings (XGBoost, objective reg:squarederror: the seed
/// used sklearn's GradientBoostingRegressor, i.e. squared error on 0/1 targets).
struct GbrConfig {
  int rounds = 100;           ///< Boosting rounds (trees); sklearn's n_estimators.
  int maxDepth = 3;           ///< Depth of each tree.
  double eta = 0.1;           ///< Learning rate (shrinkage).
  double subsample = 1.0;     ///< Fraction of rows sampled per tree, (0, 1].
  double lambda = 1.0;        ///< L2 penalty on leaf values (XGBoost's reg_lambda).
  double minChildWeight = 1;  ///< Minimum hessian (= rows for squared error) per leaf.
  /// Forces the curve to be non-decreasing in z (XGBoost monotone_constraints "(1)"). A higher
  /// standardised CAM score must never mean a lower probability: without the constraint, the
  /// sparse tails (few cells at extreme z) and label noise produce bumps that reorder cells
  /// within a class, and the metric (average precision per class) is a ranking metric.
  bool monotone = true;
  std::string treeMethod = "hist";  ///< "hist", "exact" or "approx".
  int maxBin = 256;                 ///< Histogram bins of the feature (hist only).
  /// XGBoost threads for fitting and prediction. 1 (the default) makes every run bit-for-bit
  /// reproducible; 0 = all cores.
  int threads = 1;
  int seed = 0;  ///< Seed of row subsampling.
};

/// All mapping settings, with the seed's values as defaults. JSON keys are the member names;
/// "gbr" is a nested object with GbrConfig's member names.
struct MappingConfig {
  /// The per-image standardisation of the raw scores into z (the sigmoid's and the GBR's
  /// input): "standard" (sklearn's StandardScaler: mean and standard deviation, as the seed's
  /// write-up says) or "robust" (sklearn's RobustScaler: median and inter-quartile range). With
  /// most classes absent from an image, the inter-quartile range of its cell x class scores is
  /// tiny, z runs into the hundreds and the sigmoid saturates at 1 for every cell of a present
  /// class; the standard scaler keeps z of order 1 (measured in the issue notes).
  std::string scaler = "standard";
  double sigmoidFactor = 2.0;  ///< p = sigmoid(factor * (z - shift)).
  double sigmoidShift = 0.2;
  double sigmoidWeight = 0.5;  ///< Blend: weight * sigmoid + (1 - weight) * GBR.
  GbrConfig gbr;

  /// Throws Error naming the setting and its allowed range when a value is out of range.
  void validate() const;
  /// JSON object text.
  std::string toJson() const;
  /// Parses JSON text; missing keys keep the defaults. Throws Error naming `source` (a file
  /// name or description) and the key for unknown keys, wrong types or out-of-range values.
  static MappingConfig fromJson(const std::string& text, const std::string& source);
};

// ---- (a) Per-image standardisation and the sigmoid -------------------------------------------

/// A fitted standardisation of one feature: z = (x - center) / scale.
struct ScoreScale {
  double center = 0.0;
  double scale = 1.0;
};

/// Percentile q in [0, 100] of `values` with numpy's default (linear) interpolation. Throws
/// Error for an empty input or q out of range. Thread-safe.
double percentile(std::vector<double> values, double q);

/// sklearn RobustScaler's fit on `values` (all finite): center = median, scale = 75th - 25th
/// percentile (linear interpolation between order statistics, numpy's default); a scale below
/// 10 x machine epsilon is set to 1, as sklearn does. An empty input gives {0, 1}. Throws Error
/// for a non-finite value. Thread-safe.
ScoreScale fitRobustScale(const std::vector<double>& values);

/// sklearn StandardScaler's fit on `values` (all finite): center = mean, scale = standard
/// deviation (ddof 0); a scale below 10 x machine epsilon is set to 1. An empty input gives
/// {0, 1}. Throws Error for a non-finite value. Thread-safe.
ScoreScale fitStandardScale(const std::vector<double>& values);

/// Fits the scaler named by MappingConfig::scaler ("robust" or "standard"); Error otherwise.
ScoreScale fitScoreScale(const std::vector<double>& values, const std::string& scaler);

/// z = (x - center) / scale for every value. Thread-safe.
std::vector<float> standardise(const std::vector<double>& values, const ScoreScale& scale);

/// p = 1 / (1 + exp(-factor * (z - shift))) for every value. Thread-safe.
std::vector<float> sigmoidProbabilities(const std::vector<float>& z, double factor = 2.0,
                                        double shift = 0.2);

/// One image's standardised scores and sigmoid probabilities, row-major cells x classes like
/// CellScores::scores.
struct SigmoidMapping {
  ScoreScale scale;                  ///< Fit on the image's scores.
  std::vector<float> z;              ///< Standardised scores (the GBR's input).
  std::vector<float> probabilities;  ///< sigmoid(factor * (z - shift)).
};

/// The seed's per-image mapping: fits config.scaler on all cell x class raw scores of the image,
/// standardises them, then applies the sigmoid with config.sigmoidFactor and config.sigmoidShift. Cells that
/// vanished at CAM size (pixels = 0: their zeros are not measurements) are left out of the fit
/// unless every cell vanished, but still get z and p. Thread-safe.
SigmoidMapping mapBySigmoid(const CellScores& scores, const MappingConfig& config = {});

// ---- (b) The gradient-boosted regressor ------------------------------------------------------

/// A (z, target) pair, e.g. a training point kept for plotting.
struct MappingPoint {
  float z = 0;
  float target = 0;
};

/// A sampled mapping curve, for plots.
struct MappingCurve {
  std::vector<float> z;
  std::vector<float> probabilities;
};

/// One model's learnt mapping from the standardised score z to a probability: z is scaled by a
/// StandardScaler fit on the training values (sklearn semantics: mean, standard deviation with
/// ddof 0, a deviation below 10 x machine epsilon set to 1), then an XGBoost regressor with one
/// feature predicts, and the output is clipped to [0, 1]. (Trees are invariant to the scaling;
/// it is kept so the stored model matches the seed's pipeline.)
///
/// Owns its XGBoost booster. Movable, not copyable (a moved-from mapping may only be destroyed
/// or assigned to). Const methods may be called from several threads at once (they are
/// serialised internally); fit() and assignment need exclusive use. Do not keep one in a static
/// or global object: XGBoost 1.7 destroys its own thread-local state before static destructors
/// run, and freeing a booster after that corrupts the heap at exit.
class GbrMapping {
 public:
  /// An unfitted mapping with these settings (validated when fitting).
  explicit GbrMapping(const GbrConfig& config = {});
  ~GbrMapping();
  GbrMapping(GbrMapping&&) noexcept;
  GbrMapping& operator=(GbrMapping&&) noexcept;
  GbrMapping(const GbrMapping&) = delete;
  GbrMapping& operator=(const GbrMapping&) = delete;

  /// Fits the scaler and config().rounds trees on the pairs (z[i], targets[i]); replaces any
  /// earlier fit only on success. XGBoost starts from the mean target (sklearn's init). Reports
  /// progress after every round and checks `cancel` between rounds (throws Cancelled). The
  /// result depends only on the data and the config (with threads = 1, bit for bit). Keeps up
  /// to 2000 evenly strided training pairs for plotting. Throws Error for empty or
  /// different-length inputs, a non-finite value, a config out of range, or an XGBoost failure
  /// (with XGBoost's message).
  void fit(const std::vector<float>& z, const std::vector<float>& targets,
           Progress* progress = nullptr, const CancelToken* cancel = nullptr);

  /// True after a successful fit() or load().
  bool fitted() const;
  /// Probabilities in [0, 1], one per z. NaN inputs take XGBoost's missing-value branch.
  /// Throws Error when not fitted.
  std::vector<float> predict(const std::vector<float>& z) const;
  /// n evenly spaced z from zMin to zMax (n >= 1; n = 1 gives zMin) and their probabilities.
  /// Throws Error when not fitted or for bad arguments.
  MappingCurve sampleCurve(float zMin, float zMax, int n) const;

  /// Writes one JSON file atomically: {"format": "cellcam-gbr-mapping", "version": 1,
  /// "scaler": {"mean", "std"}, "config": GbrConfig, "trainingRows": count,
  /// "trainingPoints": [[z, target], ...], "xgboost": XGBoost's JSON model as an object}.
  /// Throws Error naming the file when not fitted or the write fails.
  void save(const std::filesystem::path& file) const;
  /// Reads a file written by save(). Throws Error naming the file when it is missing,
  /// unreadable, not such a file, of a newer version, or holds a model XGBoost rejects.
  static GbrMapping load(const std::filesystem::path& file);

  const GbrConfig& config() const;
  /// The per-image standardisation (MappingConfig::scaler) of the z this mapping was fit on;
  /// saved with it (MappingConfig's default for a new mapping; "robust" for files written
  /// before the key existed). Inference must feed it z of the same scaler.
  const std::string& scoreScaler() const;
  /// Sets scoreScaler() before fit() or save(); Error unless "robust" or "standard".
  void setScoreScaler(const std::string& scaler);
  double scalerMean() const;       ///< StandardScaler mean of the training z (0 when unfitted).
  double scalerStd() const;        ///< StandardScaler scale of the training z (1 when unfitted).
  long long trainingRows() const;  ///< Rows of the last fit (as saved).
  const std::vector<MappingPoint>& trainingPoints() const;  ///< Kept for plotting.

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- Training data for the regressor ---------------------------------------------------------

/// Rows (z, target) for GbrMapping::fit(), gathered over many training images.
struct MappingTrainingSet {
  std::vector<float> z;
  std::vector<float> targets;

  size_t size() const { return z.size(); }
  /// Appends another set's rows.
  void append(const MappingTrainingSet& other);
};

/// The training rows of one image. `scores` gives the cells (ids, pixels, numClasses) and `z`
/// their standardised scores (SigmoidMapping::z, row-major cells x classes).
/// - A cell annotated in `cellLabels` (cell id -> its labels) contributes numClasses rows:
///   z of (cell, c) with target 1 if c is among its labels, else 0.
/// - Every other cell contributes the same rows with the image's label as target when the
///   image has exactly one label (`imageLabels`), and nothing when it has several or none.
/// - Cells that vanished at CAM size (pixels = 0) contribute nothing; annotations of ids that
///   are not cells of `scores` are ignored.
/// Throws Error when z's size is not cells x classes or a label is out of range. Pure.
MappingTrainingSet mappingTrainingRows(const CellScores& scores, const std::vector<float>& z,
                                       const std::vector<int>& imageLabels,
                                       const std::map<int, std::vector<int>>& cellLabels = {});

// ---- Blend ---------------------------------------------------------------------------------

/// weightSigmoid * sigmoidP + (1 - weightSigmoid) * gbrP, element-wise. Throws Error for
/// different sizes or a weight outside [0, 1]. Thread-safe.
std::vector<float> blendProbabilities(const std::vector<float>& sigmoidP,
                                      const std::vector<float>& gbrP, double weightSigmoid = 0.5);

}  // namespace cellcam
