/*
 * TorchSegmenter: cell segmentation by two TorchScript models, in the manner of the HPA cell
 * segmentator (a nuclei U-Net and a cell U-Net, post-processed by a seeded watershed).
 *
 * Model contract (both models)
 * ----------------------------
 * - A TorchScript archive (torch.jit.script or torch.jit.trace, saved with torch.jit.save)
 *   whose `forward(x)` takes one tensor and returns one tensor. It is loaded on the CPU, put in
 *   eval mode and run under torch::NoGradGuard in float32.
 * - Input x: float32 [N,3,H,W] (CellCAM passes N = 1). Each stain is scaled to 0..1 (8-bit / 255,
 *   16-bit / 65535), then normalised per channel with the ImageNet statistics
 *   (v - mean[c]) / std[c], mean = (0.485, 0.456, 0.406), std = (0.229, 0.224, 0.225).
 *     nuclei model: the blue stain in all three channels;
 *     cell model:   (red, yellow, blue); yellow is all zeros (before normalisation) when the
 *                   image has no yellow channel.
 * - Input size: the image is resized so that its longest side is config.workSize (INTER_AREA
 *   when shrinking, INTER_LINEAR when enlarging; workSize = 0 keeps the full size), then padded
 *   at the right and bottom by reflection (BORDER_REFLECT_101) so that H and W are multiples of
 *   32. The padding is cropped off the outputs.
 * - Output: float32 (or any floating type) [N,3,h,w] logits: channel 0 background, 1 boundary
 *   (nucleus boundary / cell boundary), 2 interior (nucleus interior / cell interior). CellCAM
 *   ALWAYS applies a softmax over the channel dimension (a model that already outputs
 *   probabilities should return their logarithm). When (h,w) differs from the padded input
 *   size (H,W), the probabilities are resized bilinearly (half-pixel centres, as
 *   align_corners=False) to (H,W) before cropping.
 * - The contract is checked at load time with a probe input of [1,3,64,64]; a missing file, a
 *   file that is not TorchScript, a forward that throws, or an output that is not one
 *   [1,3,h,w] tensor is a cellcam::Error naming the file.
 *
 * Post-processing (OpenCV, at the working size; probabilities P_nuc, P_cell per channel)
 * ---------------------------------------------------------------------------------------
 * 1. Nuclei: 8-connected components of P_nuc[interior] > 0.5 (as the three probabilities sum
 *    to one, boundary and background are then < 0.5); components smaller than
 *    config.nucleusMinArea pixels are dropped.
 * 2. Foreground: P_cell[interior] + P_cell[boundary] > 0.5 (= P_cell[background] < 0.5), plus
 *    the nucleus pixels.
 * 3. Cells: marker-based watershed (priority flood, 4-connected, elevation 1 - P_cell[interior]
 *    quantised to 256 levels, FIFO within a level) from the nuclei, restricted to the
 *    foreground. Every cell therefore owns exactly one nucleus; foreground no nucleus reaches
 *    stays background (cells without a nucleus are dropped).
 * 4. Cells smaller than config.cellMinArea pixels are dropped; with config.removeBorderCells,
 *    cells touching the image border are dropped.
 * 5. The labels are resized to the original size with INTER_NEAREST and renumbered 1..N (in
 *    the raster order of their nuclei), CV_32S, 0 = background.
 * The other members of SegmentationConfig (thresholds of the classical segmenter) are unused.
 */
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

#include <opencv2/imgproc.hpp>
#include <torch/script.h>

#include "cellcam/error.h"
#include "cellcam/segmentation.h"
#include "nn/model_io.h"

namespace fs = std::filesystem;

namespace cellcam {
namespace {

constexpr int kPadMultiple = 32;
constexpr int kProbeSize = 64;
constexpr std::array<float, 3> kMean{0.485f, 0.456f, 0.406f};
constexpr std::array<float, 3> kStd{0.229f, 0.224f, 0.225f};
enum ScoreChannel { kBackground = 0, kBoundary = 1, kInterior = 2 };

const char* const kContractFix =
    "it must take a normalised float32 [N,3,H,W] tensor and return [N,3,H,W] scores "
    "(background, boundary, interior), see the TorchSegmenter contract in the CellCAM docs";

std::string shapeString(const at::Tensor& t) {
  std::string s = "[";
  for (int64_t d = 0; d < t.dim(); ++d) s += (d ? "," : "") + std::to_string(t.size(d));
  return s + "]";
}

/// One loaded model and what names it in messages.
struct Model {
  fs::path file;
  std::string role;  // "nuclei" or "cell"
  torch::jit::script::Module module;

  Model(fs::path path, std::string what) : file(std::move(path)), role(std::move(what)) {
    std::error_code ec;
    if (!fs::exists(file, ec))
      throwFileError(file, "the " + role + " segmentation model does not exist",
                     "check the path, or export the model with torch.jit.save");
    if (!fs::is_regular_file(file, ec))
      throwFileError(file, "the " + role + " segmentation model is not a regular file",
                     "give the path of a TorchScript .pt file");
    try {
      module = torch::jit::load(file.string(), c10::Device(c10::kCPU));
    } catch (const std::exception& e) {
      throwFileError(file,
                     "the " + role + " segmentation model is not a TorchScript archive (" +
                         nn::torchErrorReason(e) + ")",
                     "export it with torch.jit.script or torch.jit.trace and save it with "
                     "torch.jit.save (a state_dict saved with torch.save is not enough)");
    }
    if (!module.find_method("forward"))
      throwFileError(file, "the " + role + " segmentation model has no forward method",
                     kContractFix);
    module.eval();
    // Probe the contract once so that a wrong model fails when it is loaded, not mid-batch.
    torch::NoGradGuard noGrad;
    run(torch::zeros({1, 3, kProbeSize, kProbeSize}, torch::kFloat));
  }

  /// Runs the model on a normalised [1,3,H,W] input; returns softmax probabilities [3,h,w],
  /// float32, contiguous. Throws Error naming the file for a failure or a wrong output.
  at::Tensor run(const at::Tensor& input) {
    const std::string size =
        "1x3x" + std::to_string(input.size(2)) + "x" + std::to_string(input.size(3));
    torch::jit::IValue output;
    try {
      output = module.forward({input});
    } catch (const std::exception& e) {
      throwFileError(file,
                     "the " + role + " segmentation model failed on a float32 " + size +
                         " input (" + nn::torchErrorReason(e) + ")",
                     kContractFix);
    }
    if (!output.isTensor())
      throwFileError(file,
                     "the " + role + " segmentation model returned a " + output.tagKind() +
                         " instead of one tensor",
                     kContractFix);
    at::Tensor scores = output.toTensor();
    if (scores.dim() != 4 || scores.size(0) != 1 || scores.size(1) != 3 || scores.size(2) < 1 ||
        scores.size(3) < 1 || !at::isFloatingType(scores.scalar_type()))
      throwFileError(file,
                     "the " + role + " segmentation model returned a " +
                         std::string(c10::toString(scores.scalar_type())) + " tensor of shape " +
                         shapeString(scores) + " for a " + size + " input instead of [1,3,h,w]",
                     kContractFix);
    return at::softmax(scores.to(at::kCPU, at::kFloat), 1).squeeze(0).contiguous();
  }
};

/// A plane scaled to 0..1 (CV_32F) and resized to the working size.
cv::Mat workPlane(const cv::Mat& plane, cv::Size work) {
  cv::Mat unit;
  plane.convertTo(unit, CV_32F, plane.depth() == CV_16U ? 1.0 / 65535.0 : 1.0 / 255.0);
  if (unit.size() == work) return unit;
  cv::Mat resized;
  const bool shrink = work.width < unit.cols || work.height < unit.rows;
  cv::resize(unit, resized, work, 0, 0, shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
  return resized;
}

/// Builds the normalised [1,3,H,W] input from three padded 0..1 planes.
at::Tensor makeInput(const std::array<const cv::Mat*, 3>& planes) {
  const int rows = planes[0]->rows, cols = planes[0]->cols;
  at::Tensor input = torch::empty({1, 3, rows, cols}, torch::kFloat);
  float* data = input.data_ptr<float>();
  for (int c = 0; c < 3; ++c) {
    cv::Mat out(rows, cols, CV_32F, data + static_cast<std::size_t>(c) * rows * cols);
    planes[c]->convertTo(out, CV_32F, 1.0 / kStd[c], -kMean[c] / kStd[c]);
  }
  return input;
}

/// Probabilities [3,h,w] -> three CV_32F planes at the padded size, cropped to `work`.
std::array<cv::Mat, 3> toPlanes(const at::Tensor& probs, cv::Size padded, cv::Size work) {
  const int rows = static_cast<int>(probs.size(1)), cols = static_cast<int>(probs.size(2));
  const float* data = probs.data_ptr<float>();
  std::array<cv::Mat, 3> planes;
  for (int c = 0; c < 3; ++c) {
    cv::Mat view(rows, cols, CV_32F,
                 const_cast<float*>(data) + static_cast<std::size_t>(c) * rows * cols);
    cv::Mat full;
    if (view.size() == padded)
      full = view;
    else
      cv::resize(view, full, padded, 0, 0, cv::INTER_LINEAR);
    planes[c] = full(cv::Rect(cv::Point(0, 0), work)).clone();
  }
  return planes;
}

/// Nuclei: 8-connected components of interior > 0.5 with at least minArea pixels, labelled
/// 1..n in raster order (CV_32S).
cv::Mat labelNuclei(const cv::Mat& interior, double minArea, int& count) {
  const cv::Mat mask = interior > 0.5;
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
  std::vector<int> renumber(static_cast<std::size_t>(n), 0);
  count = 0;
  for (int i = 1; i < n; ++i)
    if (stats.at<int>(i, cv::CC_STAT_AREA) >= minArea) renumber[i] = ++count;
  labels.forEach<int>([&](int& v, const int*) { v = renumber[static_cast<std::size_t>(v)]; });
  return labels;
}

/// Marker-based watershed by priority flood: pixels of `labels` > 0 are the seeds; unlabelled
/// pixels where `mask` is set get the label of the neighbour (4-connected) that reaches them
/// first, in order of elevation (CV_8U; FIFO within a level, levels below the current one are
/// taken at the current level).
void floodFromSeeds(const cv::Mat& elevation, const cv::Mat& mask, cv::Mat& labels) {
  const int rows = labels.rows, cols = labels.cols;
  std::array<std::vector<int>, 256> buckets;
  std::array<std::size_t, 256> next{};
  for (int y = 0; y < rows; ++y) {
    const int* row = labels.ptr<int>(y);
    const std::uint8_t* level = elevation.ptr<std::uint8_t>(y);
    for (int x = 0; x < cols; ++x)
      if (row[x] > 0) buckets[level[x]].push_back(y * cols + x);
  }
  int* lab = labels.ptr<int>(0);
  const std::uint8_t* elev = elevation.ptr<std::uint8_t>(0);
  const std::uint8_t* in = mask.ptr<std::uint8_t>(0);
  for (int current = 0; current < 256; ++current) {
    auto& bucket = buckets[current];
    while (next[current] < bucket.size()) {
      const int p = bucket[next[current]++];
      const int y = p / cols, x = p - y * cols;
      const int neighbours[4] = {x > 0 ? p - 1 : -1, x + 1 < cols ? p + 1 : -1,
                                 y > 0 ? p - cols : -1, y + 1 < rows ? p + cols : -1};
      for (int q : neighbours) {
        if (q < 0 || lab[q] != 0 || !in[q]) continue;
        lab[q] = lab[p];
        buckets[std::max<int>(current, elev[q])].push_back(q);
      }
    }
    bucket.clear();
    bucket.shrink_to_fit();
  }
}

}  // namespace

struct TorchSegmenter::Impl {
  Model nuclei;
  Model cells;
  SegmentationConfig config;

  Impl(const fs::path& nucleiFile, const fs::path& cellFile, const SegmentationConfig& c)
      : nuclei(nucleiFile, "nuclei"), cells(cellFile, "cell"), config(c) {}
};

TorchSegmenter::TorchSegmenter(const fs::path& nucleiModel, const fs::path& cellModel,
                               const SegmentationConfig& config) {
  if (config.workSize < 0)
    throw Error("the segmentation working size must be 0 (full size) or positive (got " +
                std::to_string(config.workSize) + "); fix workSize in the configuration.");
  impl_ = std::make_unique<Impl>(nucleiModel, cellModel, config);
}

TorchSegmenter::~TorchSegmenter() = default;
TorchSegmenter::TorchSegmenter(TorchSegmenter&&) noexcept = default;
TorchSegmenter& TorchSegmenter::operator=(TorchSegmenter&&) noexcept = default;

cv::Mat TorchSegmenter::segment(const ChannelImage& image) {
  if (!impl_) throw Error("this TorchSegmenter was moved from; create a new one.");
  const SegmentationConfig& config = impl_->config;
  const cv::Mat& red = image.red;
  const cv::Mat& blue = image.blue;
  if (red.empty() || blue.empty())
    throw Error("the image to segment has no red or no blue channel; both are needed.");
  const auto badPlane = [&](const cv::Mat& m) {
    return m.size() != red.size() || m.channels() != 1 ||
           (m.depth() != CV_8U && m.depth() != CV_16U) || m.depth() != red.depth();
  };
  if (badPlane(red) || badPlane(blue) || (image.hasYellow() && badPlane(image.yellow)))
    throw Error(
        "the channels of the image to segment must be single-channel 8- or 16-bit "
        "planes of one size and depth.");

  // Working size, padded size.
  const cv::Size original = red.size();
  cv::Size work = original;
  const int longest = std::max(original.width, original.height);
  if (config.workSize > 0 && config.workSize != longest) {
    const double scale = static_cast<double>(config.workSize) / longest;
    work = cv::Size(std::max(1, cvRound(original.width * scale)),
                    std::max(1, cvRound(original.height * scale)));
  }
  const auto roundUp = [](int v) { return (v + kPadMultiple - 1) / kPadMultiple * kPadMultiple; };
  const cv::Size padded(roundUp(work.width), roundUp(work.height));
  const auto pad = [&](const cv::Mat& m) {
    cv::Mat out;
    cv::copyMakeBorder(m, out, 0, padded.height - work.height, 0, padded.width - work.width,
                       cv::BORDER_REFLECT_101);
    return out;
  };
  const cv::Mat r = pad(workPlane(red, work));
  const cv::Mat b = pad(workPlane(blue, work));
  const cv::Mat y =
      image.hasYellow() ? pad(workPlane(image.yellow, work)) : cv::Mat::zeros(padded, CV_32F);

  std::array<cv::Mat, 3> nuc, cell;
  {
    torch::NoGradGuard noGrad;
    nuc = toPlanes(impl_->nuclei.run(makeInput({&b, &b, &b})), padded, work);
    cell = toPlanes(impl_->cells.run(makeInput({&r, &y, &b})), padded, work);
  }

  // Nuclei are the seeds of the cells.
  int nucleusCount = 0;
  cv::Mat labels = labelNuclei(nuc[kInterior], config.nucleusMinArea, nucleusCount);
  if (nucleusCount == 0) return cv::Mat::zeros(original, CV_32S);
  cv::Mat foreground = (cell[kInterior] + cell[kBoundary]) > 0.5;
  foreground.setTo(255, labels > 0);
  cv::Mat elevation;
  cv::Mat(1.0 - cell[kInterior]).convertTo(elevation, CV_8U, 255.0);
  floodFromSeeds(elevation, foreground, labels);

  // Drop small cells and, if asked, cells touching the border.
  std::vector<long long> area(static_cast<std::size_t>(nucleusCount) + 1, 0);
  std::vector<bool> keep(area.size(), true);
  for (int row = 0; row < labels.rows; ++row) {
    const int* l = labels.ptr<int>(row);
    for (int x = 0; x < labels.cols; ++x) ++area[static_cast<std::size_t>(l[x])];
  }
  for (std::size_t i = 1; i < area.size(); ++i)
    keep[i] = static_cast<double>(area[i]) >= config.cellMinArea;
  if (config.removeBorderCells) {
    const int last = labels.rows - 1, lastCol = labels.cols - 1;
    for (int x = 0; x < labels.cols; ++x) {
      keep[static_cast<std::size_t>(labels.at<int>(0, x))] = false;
      keep[static_cast<std::size_t>(labels.at<int>(last, x))] = false;
    }
    for (int row = 0; row < labels.rows; ++row) {
      keep[static_cast<std::size_t>(labels.at<int>(row, 0))] = false;
      keep[static_cast<std::size_t>(labels.at<int>(row, lastCol))] = false;
    }
  }

  // Back to the original size, then renumber 1..N without gaps (a tiny cell may vanish when
  // shrinking the labels).
  cv::Mat result;
  if (labels.size() == original)
    result = labels;
  else
    cv::resize(labels, result, original, 0, 0, cv::INTER_NEAREST);
  std::vector<char> present(area.size(), 0);
  for (int row = 0; row < result.rows; ++row) {
    const int* l = result.ptr<int>(row);
    for (int x = 0; x < result.cols; ++x) present[static_cast<std::size_t>(l[x])] = 1;
  }
  std::vector<int> renumber(area.size(), 0);
  int n = 0;
  for (std::size_t i = 1; i < area.size(); ++i)
    if (keep[i] && present[i]) renumber[i] = ++n;
  result.forEach<int>([&](int& v, const int*) { v = renumber[static_cast<std::size_t>(v)]; });
  return result;
}

}  // namespace cellcam
