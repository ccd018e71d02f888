// Raw per-cell scores: one pass over the CAM-size pixels accumulates, for each cell id, a row of
// per-class CAM sums; the image probabilities multiply the sums at the end.
#include "cellcam/cell_scores.h"

#include <algorithm>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "cellcam/error.h"

namespace cellcam {
namespace {

/// Ids up to this use a direct lookup table (4 MiB of ints at most).
constexpr int kMaxTableId = 1 << 20;

std::string sizeText(const cv::Size& s) {
  return std::to_string(s.width) + "x" + std::to_string(s.height);
}

/// Appends the positive ids present in `labels` to `ids`, ascending and unique.
template <typename T>
void collectIds(const cv::Mat& labels, std::vector<int>& ids, int maxId) {
  if (maxId < kMaxTableId) {
    std::vector<unsigned char> present(static_cast<size_t>(maxId) + 1, 0);
    for (int y = 0; y < labels.rows; ++y) {
      const T* row = labels.ptr<T>(y);
      for (int x = 0; x < labels.cols; ++x) present[static_cast<size_t>(row[x])] = 1;
    }
    for (int id = 1; id <= maxId; ++id)
      if (present[static_cast<size_t>(id)]) ids.push_back(id);
    return;
  }
  int last = 0;
  for (int y = 0; y < labels.rows; ++y) {
    const T* row = labels.ptr<T>(y);
    for (int x = 0; x < labels.cols; ++x) {
      const int v = static_cast<int>(row[x]);
      if (v != 0 && v != last) ids.push_back(v);
      last = v;
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

/// Adds every labelled pixel's CAM values to its cell's row of `sums`.
template <typename T>
void accumulate(const cv::Mat& labels, const std::vector<cv::Mat>& cams,
                const std::vector<int>& ids, int maxId, std::vector<double>& sums,
                std::vector<long long>& pixels) {
  const int numClasses = static_cast<int>(cams.size());
  std::vector<int> table;
  if (maxId < kMaxTableId) {
    table.assign(static_cast<size_t>(maxId) + 1, -1);
    for (size_t i = 0; i < ids.size(); ++i)
      table[static_cast<size_t>(ids[i])] = static_cast<int>(i);
  }
  auto rowOf = [&](int id) -> int {
    if (!table.empty()) return table[static_cast<size_t>(id)];
    return static_cast<int>(std::lower_bound(ids.begin(), ids.end(), id) - ids.begin());
  };
  std::vector<const float*> camRows(cams.size());
  for (int y = 0; y < labels.rows; ++y) {
    const T* row = labels.ptr<T>(y);
    for (int c = 0; c < numClasses; ++c) camRows[static_cast<size_t>(c)] = cams[c].ptr<float>(y);
    int lastId = 0, lastRow = -1;
    for (int x = 0; x < labels.cols; ++x) {
      const int id = static_cast<int>(row[x]);
      if (id == 0) continue;
      if (id != lastId) {
        lastId = id;
        lastRow = rowOf(id);
      }
      double* acc = sums.data() + static_cast<size_t>(lastRow) * static_cast<size_t>(numClasses);
      for (int c = 0; c < numClasses; ++c) acc[c] += camRows[static_cast<size_t>(c)][x];
      ++pixels[static_cast<size_t>(lastRow)];
    }
  }
}

}  // namespace

int CellScores::vanishedCells() const {
  return static_cast<int>(std::count(pixels.begin(), pixels.end(), 0LL));
}

CellScores computeCellScores(const std::vector<cv::Mat>& cams,
                             const std::vector<float>& imageProbabilities, const cv::Mat& labels) {
  if (cams.empty()) throw Error("cell scores need at least one class activation map.");
  if (imageProbabilities.size() != cams.size())
    throw Error("cell scores need one image probability per class activation map (got " +
                std::to_string(imageProbabilities.size()) + " probabilities for " +
                std::to_string(cams.size()) + " maps).");
  const cv::Size camSize = cams[0].size();
  for (size_t c = 0; c < cams.size(); ++c) {
    if (cams[c].type() != CV_32FC1)
      throw Error("class activation map " + std::to_string(c) +
                  " is not a single-channel float (CV_32FC1) image.");
    if (cams[c].size() != camSize)
      throw Error("class activation map " + std::to_string(c) + " is " + sizeText(cams[c].size()) +
                  " but map 0 is " + sizeText(camSize) +
                  "; all maps of an image must have the same size.");
  }

  CellScores result;
  result.numClasses = static_cast<int>(cams.size());
  if (labels.empty()) return result;
  if (labels.type() != CV_32SC1 && labels.type() != CV_16UC1)
    throw Error("a cell label image must be single-channel 32-bit signed or 16-bit unsigned.");

  double minValue = 0, maxValue = 0;
  cv::minMaxLoc(labels, &minValue, &maxValue);
  if (minValue < 0)
    throw Error(
        "the cell label image has negative ids; use 0 for background and positive ids "
        "for cells.");
  const int maxId = static_cast<int>(maxValue);
  if (maxId == 0) return result;

  if (labels.type() == CV_32SC1)
    collectIds<int>(labels, result.cellIds, maxId);
  else
    collectIds<unsigned short>(labels, result.cellIds, maxId);

  const size_t cells = result.cellIds.size();
  std::vector<double> sums(cells * cams.size(), 0.0);
  result.pixels.assign(cells, 0);

  cv::Mat camLabels = labels;
  if (camLabels.size() != camSize) cv::resize(labels, camLabels, camSize, 0, 0, cv::INTER_NEAREST);
  if (camLabels.type() == CV_32SC1)
    accumulate<int>(camLabels, cams, result.cellIds, maxId, sums, result.pixels);
  else
    accumulate<unsigned short>(camLabels, cams, result.cellIds, maxId, sums, result.pixels);

  result.scores.resize(sums.size());
  for (size_t i = 0; i < cells; ++i)
    for (size_t c = 0; c < cams.size(); ++c)
      result.scores[i * cams.size() + c] =
          sums[i * cams.size() + c] * static_cast<double>(imageProbabilities[c]);
  return result;
}

}  // namespace cellcam
