// The built-in classical cell segmenter: nuclei from the blue channel (Otsu threshold, hole
// filling, distance-transform seeds, watershed), cell bodies from red/yellow/blue (Otsu
// threshold, watershed seeded by the nuclei), all at a reduced working resolution.
#include "cellcam/segmentation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "cellcam/error.h"

namespace cellcam {
namespace {

/// A channel as CV_32F in 0..1 (8- or 16-bit input).
cv::Mat toUnitFloat(const cv::Mat& plane, const char* name) {
  if (plane.channels() != 1)
    throw Error(std::string("segmentCells: the ") + name + " channel must be a grey image.");
  cv::Mat out;
  switch (plane.depth()) {
    case CV_8U:
      plane.convertTo(out, CV_32F, 1.0 / 255.0);
      break;
    case CV_16U:
      plane.convertTo(out, CV_32F, 1.0 / 65535.0);
      break;
    case CV_32F:
      out = plane;
      break;
    default:
      throw Error(std::string("segmentCells: the ") + name +
                  " channel must have 8 or 16 bits per pixel.");
  }
  return out;
}

/// The channel at the working size (area averaging when shrinking).
cv::Mat toWork(const cv::Mat& plane, const char* name, cv::Size work) {
  if (plane.size() == work) return toUnitFloat(plane, name).clone();
  cv::Mat unit = toUnitFloat(plane, name), out;
  const bool shrink = work.width <= plane.cols && work.height <= plane.rows;
  cv::resize(unit, out, work, 0, 0, shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
  return out;
}

/// Histogram of a CV_32F image in `bins` bins over [lo, hi] (pixels where mask != 0).
std::vector<double> histogram(const cv::Mat& image, float lo, float hi, int bins) {
  std::vector<double> hist(static_cast<std::size_t>(bins), 0.0);
  const float scale = hi > lo ? static_cast<float>(bins) / (hi - lo) : 0.0f;
  for (int y = 0; y < image.rows; ++y) {
    const float* row = image.ptr<float>(y);
    for (int x = 0; x < image.cols; ++x) {
      const int b = std::clamp(static_cast<int>((row[x] - lo) * scale), 0, bins - 1);
      hist[static_cast<std::size_t>(b)] += 1.0;
    }
  }
  return hist;
}

/// Otsu's threshold of a CV_32F image (256 bins between its minimum and maximum).
double otsuThreshold(const cv::Mat& image) {
  double lo = 0, hi = 0;
  cv::minMaxLoc(image, &lo, &hi);
  if (hi <= lo) return hi;
  constexpr int kBins = 256;
  const std::vector<double> hist =
      histogram(image, static_cast<float>(lo), static_cast<float>(hi), kBins);
  double total = 0, sumAll = 0;
  for (int i = 0; i < kBins; ++i) {
    total += hist[static_cast<std::size_t>(i)];
    sumAll += i * hist[static_cast<std::size_t>(i)];
  }
  double w0 = 0, sum0 = 0, best = -1;
  int bestBin = 0;
  for (int i = 0; i < kBins - 1; ++i) {
    w0 += hist[static_cast<std::size_t>(i)];
    sum0 += i * hist[static_cast<std::size_t>(i)];
    const double w1 = total - w0;
    if (w0 <= 0 || w1 <= 0) continue;
    const double m0 = sum0 / w0, m1 = (sumAll - sum0) / w1;
    const double between = w0 * w1 * (m0 - m1) * (m0 - m1);
    if (between > best) {
      best = between;
      bestBin = i;
    }
  }
  // The threshold is the upper edge of the last background bin.
  return lo + (hi - lo) * (bestBin + 1) / kBins;
}

/// Value below which `fraction` of the pixels lie (1024-bin histogram over 0..max).
double percentile(const cv::Mat& image, double fraction) {
  double lo = 0, hi = 0;
  cv::minMaxLoc(image, &lo, &hi);
  if (hi <= 0) return 0;
  constexpr int kBins = 1024;
  const std::vector<double> hist = histogram(image, 0.0f, static_cast<float>(hi), kBins);
  const double target = fraction * static_cast<double>(image.total());
  double seen = 0;
  for (int i = 0; i < kBins; ++i) {
    seen += hist[static_cast<std::size_t>(i)];
    if (seen >= target) return hi * (i + 1) / kBins;
  }
  return hi;
}

/// Fills the holes of a binary mask (background regions not connected to the border) whose
/// area is at most maxHoleArea (all holes when maxHoleArea < 0).
void fillHoles(cv::Mat& mask, double maxHoleArea = -1) {
  cv::Mat background;
  cv::bitwise_not(mask, background);
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(background, labels, stats, centroids, 4, CV_32S);
  std::vector<std::uint8_t> fill(static_cast<std::size_t>(n), 0);
  for (int i = 1; i < n; ++i) {
    const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
    const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
    const bool border = x == 0 || y == 0 || x + w == mask.cols || y + h == mask.rows;
    const bool small = maxHoleArea < 0 || stats.at<int>(i, cv::CC_STAT_AREA) <= maxHoleArea;
    fill[static_cast<std::size_t>(i)] = !border && small;
  }
  for (int y = 0; y < mask.rows; ++y) {
    const int* l = labels.ptr<int>(y);
    std::uint8_t* m = mask.ptr<std::uint8_t>(y);
    for (int x = 0; x < mask.cols; ++x)
      if (fill[static_cast<std::size_t>(l[x])]) m[x] = 255;
  }
}

/// Marker-controlled watershed by flooding (Meyer): pixels of `labels` > 0 are the markers;
/// every other pixel with mask != 0 that is connected to a marker through the mask receives the
/// label of the basin that floods it first, in order of increasing elevation (quantised to
/// 1024 levels; first come, first served within a level). No watershed lines.
void floodWatershed(const cv::Mat& elevation, const cv::Mat& mask, cv::Mat& labels) {
  CV_Assert(elevation.type() == CV_32F && mask.type() == CV_8U && labels.type() == CV_32S);
  const int rows = labels.rows, cols = labels.cols;
  constexpr int kLevels = 1024;
  double lo = 0, hi = 0;
  cv::minMaxLoc(elevation, &lo, &hi, nullptr, nullptr, mask);
  const double scale = hi > lo ? (kLevels - 1) / (hi - lo) : 0.0;
  cv::Mat level(labels.size(), CV_16U);
  for (int y = 0; y < rows; ++y) {
    const float* e = elevation.ptr<float>(y);
    std::uint16_t* q = level.ptr<std::uint16_t>(y);
    for (int x = 0; x < cols; ++x)
      q[x] = static_cast<std::uint16_t>(
          std::clamp(static_cast<int>((e[x] - lo) * scale + 0.5), 0, kLevels - 1));
  }
  // 1 = queued or labelled; pixels outside the mask count as done.
  cv::Mat done(labels.size(), CV_8U);
  for (int y = 0; y < rows; ++y) {
    const std::uint8_t* m = mask.ptr<std::uint8_t>(y);
    const int* l = labels.ptr<int>(y);
    std::uint8_t* d = done.ptr<std::uint8_t>(y);
    for (int x = 0; x < cols; ++x) d[x] = (l[x] > 0 || !m[x]) ? 1 : 0;
  }
  std::vector<std::vector<int>> buckets(kLevels);
  int* lab = labels.ptr<int>();
  std::uint8_t* dn = done.ptr<std::uint8_t>();
  const std::uint16_t* lev = level.ptr<std::uint16_t>();
  CV_Assert(labels.isContinuous() && done.isContinuous() && level.isContinuous());
  int current = 0;
  auto visit = [&](int from, int x, int y) {
    const int q = y * cols + x;
    if (dn[q]) return;
    dn[q] = 1;
    lab[q] = lab[from];
    buckets[static_cast<std::size_t>(std::max<int>(lev[q], current))].push_back(q);
  };
  auto spread = [&](int p) {
    const int x = p % cols, y = p / cols;
    if (x > 0) visit(p, x - 1, y);
    if (x + 1 < cols) visit(p, x + 1, y);
    if (y > 0) visit(p, x, y - 1);
    if (y + 1 < rows) visit(p, x, y + 1);
    if (x > 0 && y > 0) visit(p, x - 1, y - 1);
    if (x + 1 < cols && y > 0) visit(p, x + 1, y - 1);
    if (x > 0 && y + 1 < rows) visit(p, x - 1, y + 1);
    if (x + 1 < cols && y + 1 < rows) visit(p, x + 1, y + 1);
  };
  // Markers first, lowest first, so that basins grow from their bottom.
  std::vector<std::vector<int>> seeds(kLevels);
  for (int p = 0; p < rows * cols; ++p)
    if (lab[p] > 0) seeds[lev[p]].push_back(p);
  for (current = 0; current < kLevels; ++current) {
    for (int p : seeds[static_cast<std::size_t>(current)]) spread(p);
    auto& bucket = buckets[static_cast<std::size_t>(current)];
    for (std::size_t i = 0; i < bucket.size(); ++i) spread(bucket[i]);
    bucket.clear();
    bucket.shrink_to_fit();
  }
}

/// Areas of labels 0..count-1.
std::vector<int> labelAreas(const cv::Mat& labels, int count) {
  std::vector<int> area(static_cast<std::size_t>(count), 0);
  for (int y = 0; y < labels.rows; ++y) {
    const int* l = labels.ptr<int>(y);
    for (int x = 0; x < labels.cols; ++x) area[static_cast<std::size_t>(l[x])]++;
  }
  return area;
}

/// Applies a lookup table to a label image in place.
void relabel(cv::Mat& labels, const std::vector<int>& lut) {
  for (int y = 0; y < labels.rows; ++y) {
    int* l = labels.ptr<int>(y);
    for (int x = 0; x < labels.cols; ++x) l[x] = lut[static_cast<std::size_t>(l[x])];
  }
}

/// Pixels above factor x Otsu's threshold of the image blurred by sigma (0 = no blur).
cv::Mat otsuMask(const cv::Mat& image, double sigma, double factor) {
  cv::Mat smooth;  // never a header of `image`: the blur would write into the caller's data
  if (sigma > 0)
    cv::GaussianBlur(image, smooth, cv::Size(), sigma);
  else
    smooth = image;
  cv::Mat mask;
  cv::compare(smooth, otsuThreshold(smooth) * factor, mask, cv::CMP_GT);
  return mask;
}

/// Nuclei at the working resolution: CV_32S labels 1..count.
cv::Mat segmentNuclei(const cv::Mat& blue, const SegmentationConfig& c, int& count) {
  cv::Mat mask = otsuMask(blue, c.denoiseSigma, c.nucleusThreshold);
  fillHoles(mask);

  cv::Mat dist;
  cv::distanceTransform(mask, dist, cv::DIST_L2, cv::DIST_MASK_5);
  // Seeds: per connected blob, the parts whose distance exceeds nucleusSplit x the blob's
  // maximum distance. Touching nuclei meet at a neck whose distance is low, so they split.
  cv::Mat blobs;
  const int nBlobs = cv::connectedComponents(mask, blobs, 8, CV_32S);
  std::vector<float> maxDist(static_cast<std::size_t>(nBlobs), 0.0f);
  for (int y = 0; y < mask.rows; ++y) {
    const int* b = blobs.ptr<int>(y);
    const float* d = dist.ptr<float>(y);
    for (int x = 0; x < mask.cols; ++x)
      maxDist[static_cast<std::size_t>(b[x])] =
          std::max(maxDist[static_cast<std::size_t>(b[x])], d[x]);
  }
  cv::Mat seedMask(mask.size(), CV_8U);
  for (int y = 0; y < mask.rows; ++y) {
    const int* b = blobs.ptr<int>(y);
    const float* d = dist.ptr<float>(y);
    std::uint8_t* s = seedMask.ptr<std::uint8_t>(y);
    for (int x = 0; x < mask.cols; ++x)
      s[x] = b[x] && d[x] > c.nucleusSplit * maxDist[static_cast<std::size_t>(b[x])] ? 255 : 0;
  }
  cv::Mat nuclei;
  const int nSeeds = cv::connectedComponents(seedMask, nuclei, 8, CV_32S);
  cv::Mat elevation = -dist;
  floodWatershed(elevation, mask, nuclei);

  // Drop small nuclei and renumber.
  const std::vector<int> area = labelAreas(nuclei, nSeeds);
  std::vector<int> lut(static_cast<std::size_t>(nSeeds), 0);
  count = 0;
  for (int i = 1; i < nSeeds; ++i)
    if (area[static_cast<std::size_t>(i)] >= c.nucleusMinArea)
      lut[static_cast<std::size_t>(i)] = ++count;
  relabel(nuclei, lut);
  return nuclei;
}

/// Normalises a channel by a high percentile so that channels of different brightness weigh
/// alike.
cv::Mat normalised(const cv::Mat& channel) {
  const double p = percentile(channel, 0.99);
  return p > 0 ? cv::Mat(channel * (1.0 / p)) : channel;
}

}  // namespace

cv::Mat segmentCells(const ChannelImage& image, const SegmentationConfig& config) {
  config.validate();
  if (image.red.empty() || image.blue.empty())
    throw Error("segmentCells: the image needs at least the red and blue channels.");
  const cv::Size full = image.red.size();
  for (const cv::Mat* plane : {&image.blue, &image.yellow})
    if (!plane->empty() && plane->size() != full)
      throw Error("segmentCells: the channels of the image differ in size.");

  cv::Size work = full;
  if (config.workSize > 0) {
    const double s = static_cast<double>(config.workSize) / std::max(full.width, full.height);
    work = cv::Size(std::max(1, static_cast<int>(std::lround(full.width * s))),
                    std::max(1, static_cast<int>(std::lround(full.height * s))));
  }
  const cv::Mat blue = toWork(image.blue, "blue", work);
  const cv::Mat red = toWork(image.red, "red", work);
  const cv::Mat yellow = image.hasYellow() ? toWork(image.yellow, "yellow", work) : cv::Mat();

  int nucleusCount = 0;
  cv::Mat labels = segmentNuclei(blue, config, nucleusCount);
  cv::Mat nucleusMask = labels > 0;

  // Cell foreground: mean of the normalised red, yellow and blue channels.
  cv::Mat fg = normalised(red) + normalised(blue);
  int n = 2;
  if (!yellow.empty()) {
    fg += normalised(yellow);
    ++n;
  }
  fg *= 1.0 / n;
  cv::Mat mask = otsuMask(fg, config.cellSigma, config.cellThreshold);
  mask |= nucleusMask;
  // Holes smaller than half a cell are dim cytoplasm, larger ones background between cells.
  fillHoles(mask, 0.5 * config.cellMinArea);

  // Elevation: the inverted, smoothed foreground intensity. Cells are brightest near their
  // nucleus and dim towards their edges, so basins grown from the nuclei meet in the valleys
  // between touching cells.
  cv::Mat elevation;
  if (config.boundarySigma > 0)
    cv::GaussianBlur(fg, elevation, cv::Size(), config.boundarySigma);
  else
    elevation = fg.clone();
  elevation *= -1.0;
  floodWatershed(elevation, mask, labels);

  // Drop small cells (those without a nucleus were never labelled).
  const std::vector<int> area = labelAreas(labels, nucleusCount + 1);
  std::vector<int> lut(static_cast<std::size_t>(nucleusCount + 1), 0);
  for (int i = 1; i <= nucleusCount; ++i)
    if (area[static_cast<std::size_t>(i)] >= config.cellMinArea)
      lut[static_cast<std::size_t>(i)] = i;
  relabel(labels, lut);

  // Back to the original size; drop border cells there and renumber 1..N.
  cv::Mat out;
  if (work != full)
    cv::resize(labels, out, full, 0, 0, cv::INTER_NEAREST);
  else
    out = labels;
  std::vector<int> keep(static_cast<std::size_t>(nucleusCount + 1), 0);
  for (int y = 0; y < out.rows; ++y) {
    const int* l = out.ptr<int>(y);
    for (int x = 0; x < out.cols; ++x) keep[static_cast<std::size_t>(l[x])] = 1;
  }
  if (config.removeBorderCells) {
    auto drop = [&](int v) { keep[static_cast<std::size_t>(v)] = 0; };
    for (int x = 0; x < out.cols; ++x) {
      drop(out.at<int>(0, x));
      drop(out.at<int>(out.rows - 1, x));
    }
    for (int y = 0; y < out.rows; ++y) {
      drop(out.at<int>(y, 0));
      drop(out.at<int>(y, out.cols - 1));
    }
  }
  std::vector<int> renumber(keep.size(), 0);
  int next = 0;
  for (std::size_t i = 1; i < keep.size(); ++i)
    if (keep[i]) renumber[i] = ++next;
  relabel(out, renumber);
  return out;
}

}  // namespace cellcam
