#include "cellcam/metric.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "cellcam/classes.h"
#include "cellcam/error.h"
#include "cellcam/oid_mask.h"

namespace cellcam {
namespace {

/// A mask as its foreground intervals [begin, end) in column-major pixel order.
struct Intervals {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> fg;
  std::uint64_t area = 0;
};

Intervals toIntervals(const std::vector<std::uint32_t>& runs) {
  Intervals out;
  std::uint64_t position = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (i % 2 == 1 && runs[i] > 0) {
      out.fg.emplace_back(position, position + runs[i]);
      out.area += runs[i];
    }
    position += runs[i];
  }
  return out;
}

double iou(const Intervals& a, const Intervals& b) {
  std::uint64_t inter = 0;
  std::size_t i = 0, j = 0;
  while (i < a.fg.size() && j < b.fg.size()) {
    const auto lo = std::max(a.fg[i].first, b.fg[j].first);
    const auto hi = std::min(a.fg[i].second, b.fg[j].second);
    if (hi > lo) inter += hi - lo;
    if (a.fg[i].second < b.fg[j].second)
      ++i;
    else
      ++j;
  }
  const std::uint64_t uni = a.area + b.area - inter;
  return uni ? static_cast<double>(inter) / static_cast<double>(uni) : 0.0;
}

/// Decodes each distinct mask text of one image once.
class MaskCache {
 public:
  MaskCache(const std::string& id, int width, int height, const char* what)
      : id_(id), width_(width), height_(height), what_(what) {}
  const Intervals& get(const std::string& text) {
    auto it = cache_.find(text);
    if (it != cache_.end()) return it->second;
    try {
      return cache_.emplace(text, toIntervals(decodeOidRuns(text, height_, width_))).first->second;
    } catch (const Error& e) {
      std::string reason = e.what();
      while (!reason.empty() && (reason.back() == '.' || reason.back() == ' ')) reason.pop_back();
      throw Error(std::string(what_) + " image " + id_ + ": a mask does not decode to " +
                  std::to_string(width_) + "x" + std::to_string(height_) + " (" + reason +
                  "); run cellcam validate on it.");
    }
  }

 private:
  std::string id_;
  int width_, height_;
  const char* what_;
  std::unordered_map<std::string, Intervals> cache_;
};

struct Scored {
  double confidence;
  bool hit;
};

}  // namespace

double averagePrecision(const std::vector<double>& confidences, const std::vector<bool>& hits,
                        long long groundTruth) {
  if (groundTruth <= 0) return std::nan("");
  std::vector<std::size_t> order(confidences.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return confidences[a] > confidences[b]; });
  // precision/recall after each prediction, framed by recall 0 and 1 with precision 0.
  std::vector<double> precision{0.0}, recall{0.0};
  long long tp = 0, fp = 0;
  for (std::size_t k : order) {
    (hits[k] ? tp : fp)++;
    precision.push_back(static_cast<double>(tp) / static_cast<double>(tp + fp));
    recall.push_back(static_cast<double>(tp) / static_cast<double>(groundTruth));
  }
  precision.push_back(0.0);
  recall.push_back(1.0);
  for (std::size_t i = precision.size() - 1; i-- > 0;)
    precision[i] = std::max(precision[i], precision[i + 1]);
  double ap = 0.0;
  for (std::size_t i = 1; i < recall.size(); ++i)
    if (recall[i] != recall[i - 1]) ap += (recall[i] - recall[i - 1]) * precision[i];
  return ap;
}

MetricResult evaluateSubmission(const Submission& truth, const Submission& predicted,
                                double iouThreshold) {
  std::unordered_map<std::string, std::size_t> truthRow;
  for (std::size_t r = 0; r < truth.rows.size(); ++r) truthRow.emplace(truth.rows[r].id, r);

  MetricResult result;
  result.perClass.resize(kNumClasses);
  for (int c = 0; c < kNumClasses; ++c) result.perClass[static_cast<std::size_t>(c)].label = c;
  for (const SubmissionRow& row : truth.rows)
    for (const Instance& instance : row.instances)
      result.perClass[static_cast<std::size_t>(instance.label)].groundTruth++;

  std::vector<std::vector<Scored>> scored(kNumClasses);
  for (const SubmissionRow& row : predicted.rows) {
    auto found = truthRow.find(row.id);
    if (found == truthRow.end())
      throw Error("the predictions hold image " + row.id +
                  ", which the ground truth does not; compare files of the same test set.");
    const SubmissionRow& gt = truth.rows[found->second];
    if (gt.width != row.width || gt.height != row.height)
      throw Error("image " + row.id + " is " + std::to_string(row.width) + "x" +
                  std::to_string(row.height) + " in the predictions but " +
                  std::to_string(gt.width) + "x" + std::to_string(gt.height) +
                  " in the ground truth.");
    MaskCache gtMasks(gt.id, gt.width, gt.height, "ground-truth");
    MaskCache predMasks(row.id, row.width, row.height, "predicted");

    for (int c = 0; c < kNumClasses; ++c) {
      std::vector<const Intervals*> truths;
      for (const Instance& instance : gt.instances)
        if (instance.label == c) truths.push_back(&gtMasks.get(instance.mask));
      std::vector<const Instance*> predictions;
      for (const Instance& instance : row.instances)
        if (instance.label == c) predictions.push_back(&instance);
      if (predictions.empty()) continue;
      std::stable_sort(
          predictions.begin(), predictions.end(),
          [](const Instance* a, const Instance* b) { return a->confidence > b->confidence; });
      std::vector<bool> matched(truths.size(), false);
      auto& classScores = scored[static_cast<std::size_t>(c)];
      for (const Instance* p : predictions) {
        bool hit = false;
        if (!truths.empty()) {
          const Intervals& mask = predMasks.get(p->mask);
          std::size_t best = 0;
          double bestIoU = -1.0;
          for (std::size_t t = 0; t < truths.size(); ++t) {
            const double v = iou(mask, *truths[t]);
            if (v > bestIoU) {
              bestIoU = v;
              best = t;
            }
          }
          if (bestIoU >= iouThreshold && !matched[best]) {
            matched[best] = true;
            hit = true;
          }
        }
        classScores.push_back({p->confidence, hit});
      }
    }
  }

  double sum = 0.0;
  for (int c = 0; c < kNumClasses; ++c) {
    ClassAP& ap = result.perClass[static_cast<std::size_t>(c)];
    const auto& s = scored[static_cast<std::size_t>(c)];
    std::vector<double> confidences;
    std::vector<bool> hits;
    for (const Scored& x : s) {
      confidences.push_back(x.confidence);
      hits.push_back(x.hit);
      ap.truePositives += x.hit;
    }
    ap.predictions = static_cast<long long>(s.size());
    if (ap.groundTruth == 0) continue;
    ap.ap = averagePrecision(confidences, hits, ap.groundTruth);
    sum += ap.ap;
    ++result.classesScored;
  }
  result.mAP = result.classesScored ? sum / result.classesScored : 0.0;
  return result;
}

}  // namespace cellcam
