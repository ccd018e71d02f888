#include "train/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "cellcam/error.h"

namespace cellcam::train {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void checkSizes(const std::vector<double>& scores, const std::vector<int>& labels) {
  if (scores.size() != labels.size())
    throw Error("metrics: scores and labels have different lengths.");
}

/// Indices sorted by descending score (stable, so results do not depend on the sort).
std::vector<std::size_t> descendingOrder(const std::vector<double>& scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  return order;
}

double meanOfDefined(const std::vector<double>& values) {
  double sum = 0;
  int count = 0;
  for (double v : values)
    if (!std::isnan(v)) {
      sum += v;
      ++count;
    }
  return count > 0 ? sum / count : kNaN;
}

}  // namespace

double rocAuc(const std::vector<double>& scores, const std::vector<int>& labels) {
  checkSizes(scores, labels);
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  // Sum of the positives' ranks (1-based), tied scores sharing their average rank.
  double positiveRankSum = 0;
  double positives = 0;
  std::size_t i = 0;
  while (i < order.size()) {
    std::size_t j = i;
    double groupPositives = 0;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) {
      if (labels[order[j]] != 0) groupPositives += 1;
      ++j;
    }
    const double averageRank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    positiveRankSum += groupPositives * averageRank;
    positives += groupPositives;
    i = j;
  }
  const double negatives = static_cast<double>(scores.size()) - positives;
  if (positives == 0 || negatives == 0) return kNaN;
  return (positiveRankSum - positives * (positives + 1) / 2.0) / (positives * negatives);
}

double averagePrecision(const std::vector<double>& scores, const std::vector<int>& labels) {
  checkSizes(scores, labels);
  const double positives = static_cast<double>(
      std::count_if(labels.begin(), labels.end(), [](int l) { return l != 0; }));
  if (positives == 0) return kNaN;
  const std::vector<std::size_t> order = descendingOrder(scores);
  double tp = 0, fp = 0, previousRecall = 0, ap = 0;
  std::size_t i = 0;
  while (i < order.size()) {
    std::size_t j = i;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) {
      (labels[order[j]] != 0 ? tp : fp) += 1;
      ++j;
    }
    const double recall = tp / positives;
    ap += (recall - previousRecall) * (tp / (tp + fp));
    previousRecall = recall;
    i = j;
  }
  return ap;
}

ClassificationMetrics classificationMetrics(const std::vector<double>& scores,
                                            const std::vector<int>& labels, std::size_t classes) {
  checkSizes(scores, labels);
  if (classes == 0 || scores.size() % classes != 0)
    throw Error("metrics: the score table is not N x classes.");
  const std::size_t n = scores.size() / classes;
  ClassificationMetrics m;
  m.auc.assign(classes, kNaN);
  m.ap.assign(classes, kNaN);
  std::vector<double> s(n);
  std::vector<int> l(n);
  for (std::size_t c = 0; c < classes; ++c) {
    for (std::size_t i = 0; i < n; ++i) {
      s[i] = scores[i * classes + c];
      l[i] = labels[i * classes + c];
    }
    m.auc[c] = rocAuc(s, l);
    m.ap[c] = averagePrecision(s, l);
  }
  m.macroAuc = meanOfDefined(m.auc);
  m.meanAp = meanOfDefined(m.ap);
  return m;
}

}  // namespace cellcam::train
