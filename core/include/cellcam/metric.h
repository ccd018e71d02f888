#pragma once
/// @file
/// The challenge metric: mean over classes of instance-segmentation average precision at
/// IoU >= 0.6, Open Images style.

#include <vector>

#include "cellcam/submission.h"

namespace cellcam {

struct ClassAP {
  int label = 0;
  long long groundTruth = 0;   ///< True instances of the class.
  long long predictions = 0;   ///< Predicted instances of the class.
  long long truePositives = 0;
  double ap = 0.0;             ///< Undefined (and skipped) when groundTruth == 0.
};

struct MetricResult {
  std::vector<ClassAP> perClass;  ///< All 19 classes, in order.
  double mAP = 0.0;               ///< Mean AP over classes with ground truth.
  int classesScored = 0;
};

/// Average precision of one class from its predictions' confidences and hit flags (true
/// positive or not) and the number of true instances: predictions ranked by descending
/// confidence (ties keep the given order), precision made non-increasing from the right,
/// AP = sum over recall steps of (recall step) x precision. Open Images' compute_average_precision.
double averagePrecision(const std::vector<double>& confidences, const std::vector<bool>& hits,
                        long long groundTruth);

/// Scores `predicted` against `truth` (both in submission format; ground truth confidences
/// are ignored). Per class, predictions are ranked by descending confidence over all images;
/// a prediction is a true positive when the true instance of its class with which it has the
/// highest IoU has IoU >= `iouThreshold` and was not matched before (Open Images' rule; since
/// cells do not overlap and the threshold exceeds 0.5, that is the one unmatched instance it
/// overlaps that much). Images are matched by ID; a predicted image not in the truth, or a
/// size mismatch, throws Error. Masks are compared run-length encoded, never as pixels.
MetricResult evaluateSubmission(const Submission& truth, const Submission& predicted,
                                double iouThreshold = 0.6);

}  // namespace cellcam
