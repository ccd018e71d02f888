#pragma once
// Image-level classification metrics for validation: per-class ROC AUC (ties by average
// ranks, as sklearn's roc_auc_score) and average precision (as sklearn's
// average_precision_score). Torch-free.

#include <cstddef>
#include <vector>

namespace cellcam::train {

/// ROC AUC of `scores` against binary `labels` (non-zero = positive): the Mann-Whitney
/// statistic with average ranks for tied scores, which equals the trapezoidal area under the
/// ROC curve. NaN when there are no positives or no negatives.
double rocAuc(const std::vector<double>& scores, const std::vector<int>& labels);

/// Average precision: sum over distinct score thresholds (descending, tied scores form one
/// threshold) of (R_n - R_{n-1}) * P_n, as sklearn's average_precision_score. NaN when there
/// are no positives.
double averagePrecision(const std::vector<double>& scores, const std::vector<int>& labels);

/// Metrics over a validation set of N images and C classes.
struct ClassificationMetrics {
  std::vector<double> auc;  ///< Per class; NaN where undefined (class all positive or absent).
  std::vector<double> ap;   ///< Per class; NaN where the class has no positive image.
  double macroAuc = 0;      ///< Mean of the defined AUCs; NaN when none is defined.
  double meanAp = 0;        ///< Mean of the defined APs (image-level mAP); NaN when none.
};

/// scores and labels are row-major [N, C].
ClassificationMetrics classificationMetrics(const std::vector<double>& scores,
                                            const std::vector<int>& labels, std::size_t classes);

}  // namespace cellcam::train
