#pragma once
/// @file
/// Raw per-cell class scores from an image's class activation maps (the method's step 4): for
/// cell i and class c, raw_ic = sum over the cell's pixels of CAM_c * p_c, p_c the image-level
/// probability of class c.

#include <vector>

#include <opencv2/core/mat.hpp>

namespace cellcam {

/// Raw scores of every cell of one image. A plain value type; copies own their data.
struct CellScores {
  std::vector<int> cellIds;       ///< Cell ids of the label image, ascending (0 is never a cell).
  int numClasses = 0;             ///< Columns of `scores` (the number of CAMs).
  std::vector<double> scores;     ///< Row-major cells x classes: raw_ic = sum CAM_c * p_c.
  std::vector<long long> pixels;  ///< Pixels of each cell at CAM size; 0 = vanished (see below).

  int numCells() const { return static_cast<int>(cellIds.size()); }
  /// raw score of the cell at row `cell` (an index into cellIds, not an id) and class `c`.
  double score(int cell, int c) const {
    return scores[static_cast<size_t>(cell) * static_cast<size_t>(numClasses) +
                  static_cast<size_t>(c)];
  }
  /// Cells that have no pixel at CAM size (tiny cells lost by the nearest-neighbour resize).
  int vanishedCells() const;
};

/// Computes the raw scores of all cells in one pass over the pixels at CAM size.
///
/// - `cams`: one CV_32FC1 map per class, all of the same size h x w (already Swish-activated,
///   summed over test-time augmentation and upsampled by the caller). Not modified.
/// - `imageProbabilities`: p_c, one per CAM, usually sigmoid(mean logits) in 0..1.
/// - `labels`: the cell label image, CV_32SC1 or CV_16UC1, any size (usually the original
///   image size), 0 = background, cells = any positive ids (gaps allowed). An empty Mat or an
///   all-zero image gives no cells. It is resized to h x w with cv::resize(INTER_NEAREST) when
///   its size differs.
///
/// Every id present in `labels` (at its own size) gets a row, so the result has a row for each
/// cell a submission must answer for. A cell that vanishes at CAM size (none of its pixels is
/// picked by the nearest-neighbour resize) gets pixels = 0 and scores 0 for all classes; count
/// them with vanishedCells(). Sums are accumulated in double as sum(CAM_c) * p_c.
///
/// Cost: one pass over `labels` (to list the ids) and one over the h x w pixels touching each
/// CAM once; memory O(cells x classes), plus a lookup table of max id + 1 ints when the largest
/// id is below 2^20 (a sorted id list and binary search otherwise).
///
/// Throws Error when `cams` is empty, the CAMs differ in size or are not CV_32FC1, the number of
/// probabilities differs from the number of CAMs, or `labels` has another type or a negative
/// id. Thread-safe (no shared state).
CellScores computeCellScores(const std::vector<cv::Mat>& cams,
                             const std::vector<float>& imageProbabilities, const cv::Mat& labels);

}  // namespace cellcam
