// Scoring a segmentation against true label images: one pass over the pixels collects the
// overlap of every (true cell, predicted cell) pair and the area of every cell; cells are then
// matched one-to-one by IoU.
#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "cellcam/error.h"
#include "cellcam/segmentation.h"

namespace cellcam {
namespace {

/// Label of pixel x in a row of a CV_8U, CV_16U or CV_32S label image.
inline std::int64_t labelAt(const uchar* row, int depth, int x) {
  switch (depth) {
    case CV_8U:
      return row[x];
    case CV_16U:
      return reinterpret_cast<const std::uint16_t*>(row)[x];
    default:
      return reinterpret_cast<const std::int32_t*>(row)[x];
  }
}

void checkLabelImage(const cv::Mat& labels, const char* what) {
  if (labels.channels() != 1 ||
      (labels.depth() != CV_8U && labels.depth() != CV_16U && labels.depth() != CV_32S))
    throw Error(std::string("scoreSegmentation: the ") + what +
                " label image must have one channel of 8, 16 or 32 bits.");
}

}  // namespace

SegmentationScore& SegmentationScore::operator+=(const SegmentationScore& other) {
  trueCells += other.trueCells;
  predictedCells += other.predictedCells;
  matched += other.matched;
  sumMatchedIoU += other.sumMatchedIoU;
  return *this;
}

SegmentationScore scoreSegmentation(const cv::Mat& truth, const cv::Mat& predicted,
                                    double iouThreshold) {
  checkLabelImage(truth, "true");
  checkLabelImage(predicted, "predicted");
  if (truth.size() != predicted.size())
    throw Error("scoreSegmentation: the true label image is " + std::to_string(truth.cols) + "x" +
                std::to_string(truth.rows) + " px but the predicted one is " +
                std::to_string(predicted.cols) + "x" + std::to_string(predicted.rows) +
                " px; they must have the same size.");

  // Values <= 0 are background. One pass: runs of equal (true, predicted) pairs along a row are
  // counted first and added to the hash maps once per run, so the maps see a few operations per
  // cell and row.
  std::unordered_map<std::int64_t, long long> trueArea, predArea;
  std::unordered_map<std::uint64_t, long long> overlap;  // key: true << 32 | predicted
  const int tDepth = truth.depth(), pDepth = predicted.depth();
  auto flush = [&](std::int64_t t, std::int64_t p, long long n) {
    if (n == 0) return;
    if (t > 0) trueArea[t] += n;
    if (p > 0) predArea[p] += n;
    if (t > 0 && p > 0)
      overlap[(static_cast<std::uint64_t>(static_cast<std::uint32_t>(t)) << 32) |
              static_cast<std::uint32_t>(p)] += n;
  };
  for (int y = 0; y < truth.rows; ++y) {
    const uchar* tRow = truth.ptr(y);
    const uchar* pRow = predicted.ptr(y);
    std::int64_t runT = -1, runP = -1;
    long long run = 0;
    for (int x = 0; x < truth.cols; ++x) {
      const std::int64_t t = labelAt(tRow, tDepth, x), p = labelAt(pRow, pDepth, x);
      if (t == runT && p == runP) {
        ++run;
        continue;
      }
      flush(runT, runP, run);
      runT = t;
      runP = p;
      run = 1;
    }
    flush(runT, runP, run);
  }

  SegmentationScore score;
  score.trueCells = static_cast<long long>(trueArea.size());
  score.predictedCells = static_cast<long long>(predArea.size());

  struct Candidate {
    double iou;
    std::int64_t t, p;
  };
  std::vector<Candidate> candidates;
  for (const auto& [key, inter] : overlap) {
    const std::int64_t t = static_cast<std::int64_t>(key >> 32);
    const std::int64_t p = static_cast<std::int64_t>(key & 0xffffffffu);
    const long long uni = trueArea[t] + predArea[p] - inter;
    const double iou = static_cast<double>(inter) / static_cast<double>(uni);
    // A small tolerance so that an IoU exactly at the threshold (e.g. 3/5 at 0.6) counts.
    if (iou >= iouThreshold - 1e-12) candidates.push_back({iou, t, p});
  }
  // Greedy one-to-one matching by decreasing IoU (ties broken by ids for determinism). With
  // thresholds above 0.5 every candidate is already unique.
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.iou != b.iou) return a.iou > b.iou;
    if (a.t != b.t) return a.t < b.t;
    return a.p < b.p;
  });
  std::unordered_map<std::int64_t, bool> usedTrue, usedPred;
  for (const Candidate& c : candidates) {
    if (usedTrue.count(c.t) || usedPred.count(c.p)) continue;
    usedTrue[c.t] = true;
    usedPred[c.p] = true;
    score.matched++;
    score.sumMatchedIoU += c.iou;
  }
  return score;
}

}  // namespace cellcam
